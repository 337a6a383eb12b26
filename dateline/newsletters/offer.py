"""What the sign-up box at the foot of article and topic pages offers, from the cache: no
query on a page view (the article page's first view after a change stays within its
budget). Dropped whenever a newsletter changes (`newsletters_changed`)."""

import contextlib
import logging

from django.core.cache import cache
from django.db.models.signals import post_delete

from dateline import changes
from dateline.newsletters.forms import fill_token
from dateline.newsletters.models import Newsletter

logger = logging.getLogger(__name__)

OFFER_CACHE_KEY = "newsletters:offer:v1"


def offered():
    """(pk, name) of every newsletter offered on the sign-up form."""
    try:
        entries = cache.get(OFFER_CACHE_KEY)
    except Exception:
        logger.warning("Cache unavailable: reading the newsletters from the database")
        entries = None
    if entries is None:
        entries = list(Newsletter.objects.filter(is_active=True).values_list("pk", "name"))
        with contextlib.suppress(Exception):  # a cache outage was logged above
            cache.set(OFFER_CACHE_KEY, entries, timeout=None)
    return entries


def newsletters_changed(sender, instance, **kwargs):
    """post_save and post_delete of a Newsletter: article and topic pages offer the
    newsletters in their sign-up box."""
    with contextlib.suppress(Exception):
        cache.delete(OFFER_CACHE_KEY)
    changes.announce(changes.SITE)


def issue_changed(sender, instance, **kwargs):
    """post_save and post_delete of an Issue: a sent issue is in its newsletter's archive
    (the page cache keeps those pages, tagged with the newsletter)."""
    if instance.status == instance.Status.SENT or kwargs.get("signal") is post_delete:
        changes.announce(changes.newsletter(instance.newsletter_id))


def signup_box():
    """The box's context, or None while no newsletter is offered. It posts to the
    newsletters page, whose SignUpForm checks it."""
    newsletters = offered()
    if not newsletters:
        return None
    return {"newsletters": newsletters, "token": fill_token()}
