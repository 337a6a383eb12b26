"""Dates as the reference page writes them: "March 7th, 2019 at 06:37 am"."""

from django import template
from django.utils import dateformat
from django.utils.timezone import localtime

register = template.Library()


@register.filter
def long_date(value):
    """March 7th, 2019"""
    if not value:
        return ""
    return dateformat.format(localtime(value), "F jS, Y")


@register.filter
def long_datetime(value):
    """March 7th, 2019 at 06:37 am (Django's own "a" would say "a.m.")."""
    if not value:
        return ""
    value = localtime(value)
    meridiem = "am" if value.hour < 12 else "pm"
    return dateformat.format(value, r"F jS, Y \a\t h:i") + " " + meridiem
