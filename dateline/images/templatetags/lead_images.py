from django import template

from dateline.images.models import lead_image_of

register = template.Library()


@register.filter
def lead_image(article):
    """`article|lead_image`: the article's LeadImage or None (see models.lead_image_of)."""
    return lead_image_of(article)
