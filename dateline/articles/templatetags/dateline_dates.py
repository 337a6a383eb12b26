"""Dates as the reference page writes them: "March 7th, 2019 at 06:37 am".

Written out by hand rather than with django.utils.dateformat, which parses its format
string on every call: an article page shows a date per comment, and dateformat took about
a fifth of the time a comment took to render. tests/test_dates.py checks the output.
"""

from django import template
from django.utils.dates import MONTHS
from django.utils.timezone import localtime

register = template.Library()


def ordinal(day):
    """1st, 2nd, 3rd, 4th... 11th, 12th, 13th... 21st (dateformat's "jS")."""
    if day in (11, 12, 13):
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


@register.filter
def long_date(value):
    """March 7th, 2019"""
    if not value:
        return ""
    value = localtime(value)
    return f"{MONTHS[value.month]} {ordinal(value.day)}, {value.year}"


@register.filter
def long_datetime(value):
    """March 7th, 2019 at 06:37 am (Django's own "a" would say "a.m.")."""
    if not value:
        return ""
    value = localtime(value)
    hour = value.hour % 12 or 12
    meridiem = "am" if value.hour < 12 else "pm"
    return (
        f"{MONTHS[value.month]} {ordinal(value.day)}, {value.year} at "
        f"{hour:02d}:{value.minute:02d} {meridiem}"
    )


@register.filter
def iso_datetime(value):
    """The `datetime` attribute of a <time>: what Django's `date:'c'` gives, faster."""
    if not value:
        return ""
    return localtime(value).isoformat()
