"""Writes for newsletters: signing up, confirming, changing and leaving subscriptions, and
sending an issue exactly once to each address.

Sending: `queue_issue` records a Delivery for every confirmed, subscribed address first
(one row per (issue, address), a unique key), then `send_pending` hands the pending ones to
the e-mail back-end in batches and marks each sent as soon as the server accepted it. A
worker that dies and starts again finds the same rows: what was marked sent is not sent
again, what was not is. The one message in flight at the moment of the crash (accepted by
the server, not yet marked) is sent again: an address may rarely get an issue twice, never
miss one.
"""

import logging
import smtplib
import time
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection, send_mail
from django.db import connections, router, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.articles.sanitize import sanitize_html
from dateline.newsletters import tokens
from dateline.newsletters.models import Delivery, Issue, Subscriber, Subscription
from dateline.ratelimit import too_soon

logger = logging.getLogger(__name__)
Status = Subscription.Status


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def is_signing_up_too_often(ip, email):
    """At most one sign-up per NEWSLETTERS_SIGNUP_SECONDS per IP address and per email
    address: a form that mails whatever address it is given must not become a way to flood
    someone's inbox ("subscription bombing")."""
    keys = [f"newsletters:signup:email:{salted_hmac('signup', email.lower()).hexdigest()}"]
    if ip:
        keys.append(f"newsletters:signup:ip:{ip}")
    return too_soon(keys, settings.NEWSLETTERS_SIGNUP_SECONDS)


@transaction.atomic
def sign_up(email, newsletters, *, page="", ip=None):
    """Record the wish and mail a confirmation link. Nothing else is ever sent to an address
    before it is confirmed. The caller answers the same whatever happened here."""
    email = email.strip().lower()
    subscriber, _ = Subscriber.objects.get_or_create(
        email=email, defaults={"signup_page": page[:200], "signup_ip": ip}
    )
    if subscriber.suppressed_at:
        return subscriber
    for newsletter in newsletters:
        subscription, created = Subscription.objects.get_or_create(
            subscriber=subscriber, newsletter=newsletter
        )
        if not created and subscription.status == Status.UNSUBSCRIBED:
            subscription.status = Status.PENDING if not subscriber.is_confirmed else Status.ACTIVE
            subscription.changed_at = now()
            subscription.save(update_fields=["status", "changed_at"])
    if subscriber.is_confirmed:
        return subscriber
    token = tokens.make(tokens.CONFIRM, subscriber)
    context = {
        "link": absolute(reverse("newsletters:confirm", args=[token])),
        "newsletters": newsletters,
        "days": settings.NEWSLETTERS_CONFIRM_DAYS,
        "SITE_NAME": settings.SITE_NAME,
    }
    transaction.on_commit(
        lambda: send_mail(
            f"Confirm your subscription to {settings.SITE_NAME}",
            render_to_string("newsletters/email/confirm.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
    )
    return subscriber


@transaction.atomic
def confirm(subscriber):
    if not subscriber.is_confirmed:
        subscriber.confirmed_at = now()
        subscriber.save(update_fields=["confirmed_at"])
    subscriber.subscriptions.filter(status=Status.PENDING).update(
        status=Status.ACTIVE, changed_at=now()
    )


@transaction.atomic
def set_subscriptions(subscriber, newsletters):
    """Subscribed to exactly `newsletters` from now on (an empty list leaves everything)."""
    wanted = {newsletter.pk for newsletter in newsletters}
    for newsletter in newsletters:
        Subscription.objects.get_or_create(subscriber=subscriber, newsletter=newsletter)
    subscriber.subscriptions.filter(newsletter__in=wanted).exclude(status=Status.ACTIVE).update(
        status=Status.ACTIVE if subscriber.is_confirmed else Status.PENDING, changed_at=now()
    )
    subscriber.subscriptions.exclude(newsletter__in=wanted).exclude(
        status=Status.UNSUBSCRIBED
    ).update(status=Status.UNSUBSCRIBED, changed_at=now())


def unsubscribe(subscriber, newsletter):
    subscriber.subscriptions.filter(newsletter=newsletter).update(
        status=Status.UNSUBSCRIBED, changed_at=now()
    )


@transaction.atomic
def queue_issue(issue):
    """Record a Delivery for every confirmed address subscribed to the issue's newsletter
    (again: a second call adds only those who were missing) and mark the issue queued."""
    recipients = Subscriber.objects.confirmed().filter(
        subscriptions__newsletter=issue.newsletter, subscriptions__status=Status.ACTIVE
    )
    Delivery.objects.bulk_create(
        [Delivery(issue=issue, subscriber_id=pk) for pk in recipients.values_list("pk", flat=True)],
        ignore_conflicts=True,
        batch_size=1000,
    )
    if issue.status in (Issue.Status.DRAFT, Issue.Status.FAILED):
        issue.status = Issue.Status.QUEUED
        issue.status_detail = ""
        issue.save(update_fields=["status", "status_detail"])


class Letter:
    """What every message of an issue shares, worked out once per send: the addresses'
    shape, the sender, the HTML. Per recipient only the signed links change (building
    each message from scratch cost twice what sending it does)."""

    TOKEN = "dateline-token"

    def __init__(self, issue):
        newsletter = issue.newsletter
        self.issue = issue
        self.unsubscribe_url = absolute(reverse("newsletters:unsubscribe", args=[self.TOKEN]))
        self.manage_url = absolute(reverse("newsletters:manage", args=[self.TOKEN]))
        self.sender = settings.DEFAULT_FROM_EMAIL
        if newsletter.sender_email:
            name = newsletter.sender_name or settings.SITE_NAME
            self.sender = f"{name} <{newsletter.sender_email}>"
        self.footer = (
            f"\n\n--\nYou get {newsletter.name} because you subscribed at {settings.SITE_URL}."
            f"\nUnsubscribe: {self.unsubscribe_url}\nManage your subscriptions: {self.manage_url}\n"
        )
        self.html = None
        if issue.body_html:
            self.html = render_to_string(
                "newsletters/email/issue.html",
                {
                    "issue": issue,
                    "unsubscribe_url": self.unsubscribe_url,
                    "manage_url": self.manage_url,
                    "SITE_URL": settings.SITE_URL,
                },
            )

    def to(self, subscriber):
        newsletter = self.issue.newsletter
        unsubscribe = tokens.make(tokens.UNSUBSCRIBE, subscriber, newsletter)
        manage = tokens.make(tokens.MANAGE, subscriber)

        def filled(text):
            return text.replace(
                self.unsubscribe_url, self.unsubscribe_url.replace(self.TOKEN, unsubscribe)
            ).replace(self.manage_url, self.manage_url.replace(self.TOKEN, manage))

        message = EmailMultiAlternatives(
            subject=self.issue.subject,
            body=self.issue.body_text + filled(self.footer),
            from_email=self.sender,
            to=[subscriber.email],
            headers={
                # RFC 2369 and RFC 8058: mail clients offer "Unsubscribe", one POST, no log-in.
                "List-Unsubscribe": f"<{filled(self.unsubscribe_url)}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        if self.html is not None:
            message.attach_alternative(filled(self.html), "text/html")
        return message


def message_for(issue, subscriber):
    return Letter(issue).to(subscriber)


def send_pending(issue, *, batch_size=200):
    """Send the issue to every address it has not gone to yet, in batches, at most
    NEWSLETTERS_SEND_RATE messages a second; each delivery is marked sent as soon as the
    server accepted its message. A delivery the server deferred (a 4xx answer) waits for
    its next attempt (`backoff`). Returns how many were sent."""
    issue.status = Issue.Status.SENDING
    issue.save(update_fields=["status"])
    sent = 0
    pace = Pace(settings.NEWSLETTERS_SEND_RATE)
    letter = Letter(issue)
    retry = set(
        issue.deliveries.filter(
            status=Delivery.Status.DEFERRED, next_attempt_at__lte=now()
        ).values_list("pk", flat=True)
    )
    while True:
        batch = list(
            Delivery.objects.filter(issue=issue)
            .filter(Q(status=Delivery.Status.PENDING) | Q(pk__in=retry))
            .select_related("subscriber")
            .order_by("pk")[:batch_size]
        )
        if not batch:
            break
        retry -= {delivery.pk for delivery in batch}
        with get_connection() as connection:
            for delivery in batch:
                pace.wait()
                if not try_to_send(delivery, letter, connection):
                    return sent
                sent += delivery.status == Delivery.Status.SENT
    deferred = issue.deliveries.filter(status=Delivery.Status.DEFERRED).count()
    if deferred:
        issue.status_detail = f"{deferred} address(es) deferred by the mail server: retried later"
        issue.save(update_fields=["status_detail"])
    else:
        issue.status = Issue.Status.SENT
        issue.sent_at = now()
        issue.status_detail = ""
        issue.save(update_fields=["status", "sent_at", "status_detail"])
    return sent


def next_retry(issue):
    """When the issue's first deferred delivery may be tried again, or None."""
    return (
        issue.deliveries.filter(status=Delivery.Status.DEFERRED)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )


class Pace:
    """At most `rate` messages a second (0: as fast as the server takes them): providers
    throttle, and a new account's limits are low."""

    def __init__(self, rate):
        self.interval = 1 / rate if rate > 0 else 0
        self.next_at = 0.0

    def wait(self):
        if not self.interval:
            return
        moment = time.monotonic()
        if moment < self.next_at:
            time.sleep(self.next_at - moment)
            moment = self.next_at
        self.next_at = moment + self.interval


def backoff(attempts):
    """How long a deferred delivery waits before its next try: NEWSLETTERS_RETRY_SECONDS,
    doubled after each try, at most six hours."""
    return timedelta(seconds=min(settings.NEWSLETTERS_RETRY_SECONDS * 2 ** (attempts - 1), 21600))


def try_to_send(delivery, letter, connection):
    issue = letter.issue
    delivery.attempts += 1
    try:
        connection.send_messages([letter.to(delivery.subscriber)])
    except smtplib.SMTPAuthenticationError as error:
        # The account, not the address: stop, and say so, rather than fail everyone.
        issue.status = Issue.Status.FAILED
        issue.status_detail = f"The mail server refused our log-in: {error.smtp_code}"
        issue.save(update_fields=["status", "status_detail"])
        return False
    except smtplib.SMTPRecipientsRefused as error:
        code, reason = next(iter(error.recipients.values()))
        delivery.detail = f"{code} {reason.decode(errors='replace')}"[:300]
        if 400 <= code < 500 and delivery.attempts < settings.NEWSLETTERS_MAX_ATTEMPTS:
            delivery.status = Delivery.Status.DEFERRED
            delivery.next_attempt_at = now() + backoff(delivery.attempts)
        else:
            delivery.status = Delivery.Status.FAILED
    else:
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = now()
        delivery.detail = ""
    record(delivery)
    return True


def record(delivery):
    """Write down a delivery's outcome at once (its own statement, committed before the
    next message goes out): one UPDATE through the documented cursor, prepared once,
    since the ORM's building it took as long as sending the message."""
    connection = connections[router.db_for_write(Delivery)]
    fields = [Delivery._meta.get_field(name) for name in RECORDED]
    with connection.cursor() as cursor:
        cursor.execute(
            record_sql(),
            [
                field.get_db_prep_save(getattr(delivery, field.attname), connection)
                for field in fields
            ]
            + [delivery.pk],
        )


RECORDED = ["status", "attempts", "detail", "sent_at", "next_attempt_at"]


@cache
def record_sql():
    columns = ", ".join(f'"{Delivery._meta.get_field(name).column}" = %s' for name in RECORDED)
    return f'UPDATE "{Delivery._meta.db_table}" SET {columns} WHERE "id" = %s'


def compose_issue(newsletter, *, at=None):
    """A draft issue of the stories published since the newsletter's last issue (at most a
    day back, NEWSLETTERS_ISSUE_STORIES of them, newest first): every published story for
    the daily briefing, the topic's for a topic digest. None when there is nothing new.
    Editors may edit the draft before they send it."""
    at = at or now()
    last = newsletter.issues.exclude(status=Issue.Status.DRAFT).order_by("-created_at").first()
    since = max(at - timedelta(days=1), last.created_at) if last else at - timedelta(days=1)
    stories = Article.objects.published(at=at).filter(published_at__gt=since)
    if newsletter.kind == newsletter.Kind.TOPIC and newsletter.topic_id:
        stories = stories.in_topic(newsletter.topic)
    stories = list(stories.for_listing()[: settings.NEWSLETTERS_ISSUE_STORIES])
    if not stories:
        return None
    day = date_format(timezone.localtime(at), "l, F jS, Y")
    context = {
        "newsletter": newsletter,
        "day": day,
        "stories": [(story, absolute(story.get_absolute_url())) for story in stories],
    }
    return Issue.objects.create(
        newsletter=newsletter,
        subject=f"{newsletter.name}: {stories[0].headline}"[:200],
        body_text=render_to_string("newsletters/email/stories.txt", context),
        body_html=sanitize_html(render_to_string("newsletters/email/stories.html", context)),
    )


def recipients_of(newsletter):
    """How many confirmed addresses an issue of `newsletter` would go to now."""
    return (
        Subscriber.objects.confirmed()
        .filter(subscriptions__newsletter=newsletter, subscriptions__status=Status.ACTIVE)
        .count()
    )


def compose_alert(newsletter, article, *, subject, paragraph):
    """A breaking-news alert: one paragraph and the link to the story."""
    url = absolute(article.get_absolute_url())
    context = {"paragraph": paragraph, "url": url, "article": article}
    return Issue.objects.create(
        newsletter=newsletter,
        subject=subject,
        body_text=f"{paragraph}\n\n{article.headline}: {url}\n",
        body_html=sanitize_html(render_to_string("newsletters/email/alert.html", context)),
    )
