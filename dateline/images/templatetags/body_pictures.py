from django import template

from dateline.images import body_pictures as pictures

register = template.Library()


@register.filter
def with_pictures(body):
    """`article.body|with_pictures`: the body with its library pictures in place, each a
    `<picture>` with its renditions (body_pictures.for_page). One query for them all."""
    return pictures.for_page(body)
