"""One reader's personal data, found by email address wherever Dateline keeps it (their
comments and their newsletter subscription), exported or erased in one go; and the daily
job that replaces old IP addresses with a keyed hash.

Each app does its own part (comments/services.py, newsletters/privacy.py); this app sits a
layer above both and brings them together, so that neither needs to know the other.
"""

from dataclasses import dataclass

from django.db import transaction

from dateline.comments import services as comments
from dateline.comments.models import Comment
from dateline.newsletters import privacy as newsletters
from dateline.newsletters.models import Subscriber, Subscription


@dataclass(frozen=True)
class PersonalData:
    """What is kept about one address: comments that still carry it, and the newsletter
    subscriber (None if there is none) with their subscriptions."""

    comments: int
    subscriber: Subscriber | None
    subscriptions: list[Subscription]

    def __bool__(self):
        return bool(self.comments or self.subscriber)


@dataclass(frozen=True)
class Counts:
    comments: int
    subscribers: int


def find_personal_data(email):
    subscriber = newsletters.find_subscriber(email)
    subscriptions = (
        list(subscriber.subscriptions.select_related("newsletter").order_by("created_at", "pk"))
        if subscriber
        else []
    )
    return PersonalData(
        comments=Comment.objects.by_email(email).exclude(author_email="").count(),
        subscriber=subscriber,
        subscriptions=subscriptions,
    )


def export_personal_data(email):
    """Everything kept about the person behind `email`, as plain data for a JSON file."""
    return {
        "email": email.strip(),
        "comments": comments.export_personal_data(email)["comments"],
        "newsletters": newsletters.export_personal_data(email),
    }


@transaction.atomic
def erase_personal_data(email):
    """Take the person behind `email` out of their comments (the words stay, credited to
    "Anonymous") and delete their newsletter subscriber record."""
    return Counts(
        comments=comments.erase_personal_data(email),
        subscribers=newsletters.erase_personal_data(email),
    )


def anonymize_personal_data(*, days=None):
    """Replace IP addresses older than their retention period with a keyed hash: commenters'
    (COMMENTS_IP_RETENTION_DAYS) and newsletter sign-ups' (NEWSLETTERS_IP_RETENTION_DAYS),
    or both older than `days`."""
    return Counts(
        comments=comments.anonymize_old_comments(days=days),
        subscribers=newsletters.anonymize_old_signups(days=days),
    )
