"""`{% asset 'dateline/site.css' %}`: `{% static %}` worked out once per process.

Every page links the stylesheet, and `{% static %}` looks the hashed name up in the
manifest and builds the address each time: a thirtieth of an article page joined from its
stored parts. The manifest only changes with `collectstatic`, which needs a restart anyway.
"""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.templatetags.static import static

register = template.Library()


@register.simple_tag
@lru_cache(maxsize=64)
def asset(path):
    return static(path)


def forget_addresses(setting, **kwargs):
    if setting in ("STATIC_URL", "STORAGES"):
        asset.cache_clear()


setting_changed.connect(forget_addresses)
