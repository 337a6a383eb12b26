"""The newsletters' part of the privacy tools: what is kept about a subscriber, erasing it,
and replacing old sign-ups' IP addresses with a keyed hash.

`dateline/privacy/` brings these together with the comments' part (comments/services.py);
this module knows nothing of comments. An address is matched case-insensitively, although
sign-up stores it lower-cased, so that an address typed in the admin in any case is found.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.timezone import now

from dateline.newsletters.models import Delivery, Subscriber


def isoformat(moment):
    return moment.isoformat() if moment else None


def find_subscriber(email):
    """The subscriber with this address, or None."""
    return Subscriber.objects.filter(email__iexact=email.strip()).order_by("pk").first()


def export_personal_data(email):
    """Everything kept about the subscriber with this address, as plain data (None when the
    address is not subscribed)."""
    subscriber = find_subscriber(email)
    if subscriber is None:
        return None
    subscriptions = subscriber.subscriptions.select_related("newsletter").order_by(
        "created_at", "pk"
    )
    deliveries = (
        Delivery.objects.filter(subscriber=subscriber)
        .select_related("issue__newsletter")
        .order_by("sent_at", "pk")
    )
    return {
        "email": subscriber.email,
        # The consent record: when, where and from which address they signed up, when they
        # confirmed, and what they chose. After NEWSLETTERS_IP_RETENTION_DAYS the address
        # has given way to a keyed hash (not exported: it is of no use without our key).
        "consent": {
            "signed_up_at": isoformat(subscriber.created_at),
            "confirmed_at": isoformat(subscriber.confirmed_at),
            "page": subscriber.signup_page,
            "ip_address": subscriber.signup_ip,
            "ip_address_replaced_by_a_hash_at": isoformat(subscriber.anonymized_at),
            "newsletters": [
                {
                    "newsletter": subscription.newsletter.name,
                    "status": subscription.status,
                    "subscribed_at": isoformat(subscription.created_at),
                    "changed_at": isoformat(subscription.changed_at),
                }
                for subscription in subscriptions
            ],
        },
        "suppressed_at": isoformat(subscriber.suppressed_at),
        "suppressed_reason": subscriber.suppressed_reason,
        "soft_bounces": subscriber.soft_bounces,
        "issues_sent": [
            {
                "subject": delivery.issue.subject,
                "newsletter": delivery.issue.newsletter.name,
                "sent_at": isoformat(delivery.sent_at),
                "status": delivery.status,
            }
            for delivery in deliveries
        ],
    }


@transaction.atomic
def erase_personal_data(email):
    """Delete the subscriber with this address; their subscriptions and the record of the
    issues sent to them go with it. Returns how many subscribers were erased (0 or 1).

    The address may sign up again later: that is a new subscriber, asked to confirm anew.
    """
    _, deleted = Subscriber.objects.filter(email__iexact=email.strip()).delete()
    return deleted.get(Subscriber._meta.label, 0)


def signup_ip_hash(ip):
    # Its own key salt: the same address hashes differently here and in comments, so the
    # two records can't be joined on it.
    return salted_hmac("dateline.newsletters.signup_ip", ip, algorithm="sha256").hexdigest()


def anonymize_old_signups(*, days=None):
    """Replace the IP address of sign-ups older than `days` (NEWSLETTERS_IP_RETENTION_DAYS)
    with a keyed hash. The rest of the consent record (when, which page, which newsletters)
    stays as long as the subscriber does."""
    days = settings.NEWSLETTERS_IP_RETENTION_DAYS if days is None else days
    cutoff = now() - timedelta(days=days)
    old = Subscriber.objects.filter(created_at__lt=cutoff, anonymized_at__isnull=True)
    done = 0
    while batch := list(old.only("pk", "signup_ip")[:1000]):
        stamp = now()
        for subscriber in batch:
            ip = subscriber.signup_ip
            subscriber.signup_ip_hash = signup_ip_hash(ip) if ip else ""
            subscriber.signup_ip = None
            subscriber.anonymized_at = stamp
        Subscriber.objects.bulk_update(batch, ["signup_ip_hash", "signup_ip", "anonymized_at"])
        done += len(batch)
    return done
