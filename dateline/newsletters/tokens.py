"""Signed links: no account and no password, the link in the e-mail is the key.

A confirmation link expires after NEWSLETTERS_CONFIRM_DAYS (7); the links to manage one's
subscriptions and to unsubscribe do not, so an old issue's link still works."""

from django.conf import settings
from django.core import signing

CONFIRM, MANAGE, UNSUBSCRIBE = "confirm", "manage", "unsubscribe"


def make(action, subscriber, newsletter=None):
    value = {"s": subscriber.pk}
    if newsletter is not None:
        value["n"] = newsletter.pk
    return signing.dumps(value, salt=f"dateline.newsletters.{action}")


def read(action, token):
    """The signed value, or None for a tampered or (for a confirmation) expired token."""
    max_age = settings.NEWSLETTERS_CONFIRM_DAYS * 86400 if action == CONFIRM else None
    try:
        return signing.loads(token, salt=f"dateline.newsletters.{action}", max_age=max_age)
    except signing.BadSignature:
        return None
