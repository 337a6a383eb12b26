from django import template

from dateline.mostread import display

register = template.Library()


@register.simple_tag
def most_read_articles():
    """`{% most_read_articles as articles %}`: the day's most-read live stories."""
    return display.most_read_articles()
