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
from datetime import datetime, timedelta
from functools import cache

import css_inline
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection, send_mail
from django.db import connections, router, transaction
from django.db.models import F, Q
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
    if issue.status in (Issue.Status.DRAFT, Issue.Status.SCHEDULED, Issue.Status.FAILED):
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
            html = render_to_string(
                "newsletters/email/issue.html",
                {
                    "issue": issue,
                    "unsubscribe_url": self.unsubscribe_url,
                    "manage_url": self.manage_url,
                    "home_url": absolute("/"),
                    "SITE_NAME": settings.SITE_NAME,
                },
            )
            # Many mail clients drop <style>: every rule goes onto its elements, once per
            # issue. The layout is fluid (at most 600 px wide), so a phone needs no rule of
            # its own.
            self.html = css_inline.inline(html, load_remote_stylesheets=False)

    def to(self, subscriber, delivery=None):
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
        if delivery is not None:
            # django-anymail hands this to the provider, whose bounce and complaint
            # webhooks bring it back (`record_tracking_event`); SMTP ignores it.
            message.metadata = {"delivery": str(delivery.pk)}
        return message


def message_for(issue, subscriber):
    return Letter(issue).to(subscriber)


def test_message(issue, email):
    """The issue as `email` would get it; its links are those of the subscriber with that
    address, if there is one (else they lead to a page that explains)."""
    subscriber = Subscriber.objects.filter(email=email.lower()).first()
    message = Letter(issue).to(subscriber or Subscriber(pk=0, email=email))
    message.to = [email]
    message.subject = f"[Test] {issue.subject}"
    return message


def send_test(issue, email):
    """A test to an editor: nothing is recorded, no subscriber counts it."""
    test_message(issue, email).send()


def html_of(message):
    for content, mimetype in message.alternatives:
        if mimetype == "text/html":
            return content
    return None


def send_pending(issue, *, batch_size=200):
    """Send the issue to every address it has not gone to yet, in batches, at most
    NEWSLETTERS_SEND_RATE messages a second; each delivery is marked sent as soon as the
    server accepted its message. What a refusal means is `judge`'s: an address deferred
    waits for its next attempt (`backoff`), a server or provider that is down or asks us
    to slow down pauses the whole send, an account-level refusal stops it. Returns how
    many were sent."""
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
        connection = get_connection()
        try:
            connection.open()
        except Exception as error:
            pause(issue, batch[0], judge(error))
            return sent
        try:
            for delivery in batch:
                pace.wait()
                if not try_to_send(delivery, letter, connection):
                    return sent
                sent += delivery.status == Delivery.Status.SENT
        finally:
            close_quietly(connection)
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


def close_quietly(connection):
    try:
        connection.close()
    except Exception:  # the server went away: nothing is lost, the outcomes are recorded
        logger.info("Could not close the mail connection", exc_info=True)


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
    attempts = max(attempts, 1)
    return timedelta(seconds=min(settings.NEWSLETTERS_RETRY_SECONDS * 2 ** (attempts - 1), 21600))


class Verdict:
    """What a refused message means, and for whom."""

    ACCOUNT = "account"  # our account or sender: stop the send, say why
    PAUSE = "pause"  # the server or provider is down or asks us to slow down: wait, resume
    DEFER = "defer"  # this address, for now: try it again later
    BOUNCE = "bounce"  # this address does not exist: suppress it
    FAIL = "fail"  # this message was refused: record why, go on

    def __init__(self, kind, detail, wait=None):
        self.kind, self.detail, self.wait = kind, str(detail)[:300], wait


def smtp_reply(error):
    message = error.smtp_error
    if isinstance(message, bytes):
        message = message.decode(errors="replace")
    return f"{error.smtp_code} {message}"


def judge(error):
    """Sort an e-mail back-end's exception into a Verdict: SMTP's codes (4xx temporary,
    5xx permanent) and django-anymail's provider answers (401/403 the account, 429 and 5xx
    temporary, other 4xx this message)."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return Verdict(Verdict.ACCOUNT, f"The mail server refused our log-in: {smtp_reply(error)}")
    if isinstance(error, smtplib.SMTPSenderRefused):
        if 400 <= error.smtp_code < 500:
            return Verdict(Verdict.PAUSE, f"The mail server deferred us: {smtp_reply(error)}")
        return Verdict(
            Verdict.ACCOUNT, f"The mail server refused our sender address: {smtp_reply(error)}"
        )
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reason = next(iter(error.recipients.values()))
        detail = f"{code} {reason.decode(errors='replace')}"
        return Verdict(Verdict.DEFER if 400 <= code < 500 else Verdict.BOUNCE, detail)
    if isinstance(error, smtplib.SMTPResponseException):
        kind = Verdict.DEFER if 400 <= error.smtp_code < 500 else Verdict.FAIL
        return Verdict(kind, smtp_reply(error))
    if isinstance(error, AnymailRecipientsRefused):
        return Verdict(Verdict.BOUNCE, f"The provider refused the address: {first_line(error)}")
    if isinstance(error, AnymailAPIError):
        code = error.status_code
        said = f"{error.esp_name or 'The provider'} answered {code}: {first_line(error)}"
        if code in (401, 403):
            return Verdict(Verdict.ACCOUNT, said)
        if code is None or code == 429 or code >= 500:
            return Verdict(Verdict.PAUSE, said, retry_after(error))
        return Verdict(Verdict.FAIL, said)
    if isinstance(error, (smtplib.SMTPException, OSError)):
        return Verdict(Verdict.PAUSE, f"The mail server could not be reached: {error!r}")
    return Verdict(Verdict.FAIL, f"Could not send: {error!r}")


def first_line(error):
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def retry_after(error):
    """A provider's Retry-After (seconds), when it sent one."""
    response = getattr(error, "response", None)
    value = response.headers.get("Retry-After", "") if response is not None else ""
    return timedelta(seconds=min(int(value), 21600)) if value.isdigit() else None


def try_to_send(delivery, letter, connection):
    """Send one delivery and record its outcome. False when the send must stop here."""
    issue = letter.issue
    subscriber = delivery.subscriber
    if subscriber.suppressed_at:  # bounced or complained since the issue was queued
        delivery.status = Delivery.Status.SUPPRESSED
        delivery.detail = subscriber.suppressed_reason
        record(delivery)
        return True
    delivery.attempts += 1
    try:
        connection.send_messages([letter.to(subscriber, delivery)])
    except Exception as error:
        verdict = judge(error)
    else:
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = now()
        delivery.detail = ""
        record(delivery)
        return True
    if verdict.kind == Verdict.ACCOUNT:
        # The account, not the address: stop, and say so, rather than fail everyone.
        issue.status = Issue.Status.FAILED
        issue.status_detail = verdict.detail
        issue.save(update_fields=["status", "status_detail"])
        return False
    if verdict.kind == Verdict.PAUSE:
        pause(issue, delivery, verdict)
        return False
    delivery.detail = verdict.detail
    if verdict.kind == Verdict.DEFER and delivery.attempts < settings.NEWSLETTERS_MAX_ATTEMPTS:
        delivery.status = Delivery.Status.DEFERRED
        delivery.next_attempt_at = now() + backoff(delivery.attempts)
    elif verdict.kind == Verdict.BOUNCE:
        delivery.status = Delivery.Status.BOUNCED
        suppress(subscriber, f"Hard bounce: {verdict.detail}")
    else:
        delivery.status = Delivery.Status.FAILED
    record(delivery)
    return True


def pause(issue, delivery, verdict):
    """The server or provider is not taking mail now: this delivery waits (its Retry-After
    or back-off), the rest stay pending, and the issue says when it resumes."""
    wait = verdict.wait or backoff(delivery.attempts)
    delivery.status = Delivery.Status.DEFERRED
    delivery.next_attempt_at = now() + wait
    delivery.detail = verdict.detail
    record(delivery)
    resume = timezone.localtime(delivery.next_attempt_at)
    issue.status_detail = f"Paused: {verdict.detail}"[:250] + f". Resumes at {resume:%H:%M:%S}."
    issue.save(update_fields=["status_detail"])


def record_tracking_event(sender, event, esp_name, **kwargs):
    """What the provider's webhook says happened to a message (anymail's `tracking`
    signal): a hard bounce or a complaint suppresses the address; a soft bounce is the
    provider's to retry, and NEWSLETTERS_SOFT_BOUNCES of them in a row suppress it too;
    a delivery ends that run."""
    subscriber = Subscriber.objects.filter(email=(event.recipient or "").lower()).first()
    if subscriber is None:
        return
    said = (event.description or event.mta_response or event.reject_reason or "")[:200]
    delivery = delivery_of(event, subscriber)
    kind = event.event_type
    if kind in ("bounced", "rejected"):
        suppress(subscriber, f"Hard bounce ({esp_name}): {said}".strip(": "))
        outcome = Delivery.Status.BOUNCED
    elif kind == "complained":
        suppress(subscriber, f"Marked as spam by the reader ({esp_name})")
        outcome = Delivery.Status.COMPLAINED
    elif kind == "deferred":
        Subscriber.objects.filter(pk=subscriber.pk).update(soft_bounces=F("soft_bounces") + 1)
        subscriber.refresh_from_db(fields=["soft_bounces"])
        if subscriber.soft_bounces >= settings.NEWSLETTERS_SOFT_BOUNCES:
            suppress(subscriber, f"{subscriber.soft_bounces} soft bounces in a row: {said}")
        if delivery is not None:
            Delivery.objects.filter(pk=delivery.pk).update(
                detail=f"Soft bounce, the provider retries: {said}"[:300]
            )
        return
    elif kind == "delivered":
        Subscriber.objects.filter(pk=subscriber.pk).update(soft_bounces=0)
        return
    elif kind == "unsubscribed" and delivery is not None:
        unsubscribe(subscriber, delivery.issue.newsletter)
        return
    else:
        return
    if delivery is not None:
        Delivery.objects.filter(pk=delivery.pk).update(status=outcome, detail=said)


def delivery_of(event, subscriber):
    """The delivery an event is about: the one named in the message's metadata, else the
    address's latest."""
    deliveries = Delivery.objects.filter(subscriber=subscriber).select_related("issue__newsletter")
    named = str((event.metadata or {}).get("delivery", ""))
    if named.isdigit():
        found = deliveries.filter(pk=int(named)).first()
        if found is not None:
            return found
    return deliveries.exclude(sent_at=None).order_by("-sent_at").first()


def suppress(subscriber, reason):
    """Nothing more goes to this address (a hard bounce, a complaint); the admin says why."""
    Subscriber.objects.filter(pk=subscriber.pk, suppressed_at=None).update(
        suppressed_at=now(), suppressed_reason=reason[:200]
    )


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


def compose_issue(newsletter, *, at=None, **fields):
    """A draft issue of the stories published since the newsletter's last issue (at most a
    day back), by the newsletter's rule: its `order`, at most `max_stories`; every published
    story for the daily briefing, the topic's for a topic digest. None when there is
    nothing new. Editors may edit the draft before it goes."""
    at = at or now()
    last = newsletter.issues.exclude(status=Issue.Status.DRAFT).order_by("-created_at").first()
    since = max(at - timedelta(days=1), last.created_at) if last else at - timedelta(days=1)
    candidates = Article.objects.published(at=at).filter(published_at__gt=since)
    if newsletter.kind == newsletter.Kind.TOPIC and newsletter.topic_id:
        candidates = candidates.in_topic(newsletter.topic)
    stories = list(candidates.for_listing()[: newsletter.max_stories])
    if not stories:
        return None
    if newsletter.order == newsletter.Order.DISCUSSED:
        lead = candidates.for_listing().order_by("-comment_count", "-published_at").first()
        stories = [lead, *(story for story in stories if story.pk != lead.pk)]
        stories = stories[: newsletter.max_stories]
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
        **fields,
    )


# The schedule. A newsletter with a cadence composes each edition `compose_minutes` before
# its send time and sends it at the send time, with no one pressing a button: a chain of
# tasks on a queue that can run a task later (the database queue and `make worker`). Each
# edition's task claims the edition by moving `next_edition` on (compare and set), so a
# chain started twice (a restart, a schedule changed in the admin) composes it once.

# An edition whose send time passed longer ago than this (the worker was down) is skipped:
# yesterday's briefing at lunchtime helps no one.
LATE = timedelta(hours=1)


def publishes_on(newsletter, day):
    if newsletter.cadence == newsletter.Cadence.WEEKDAYS:
        return day.weekday() < 5
    return newsletter.cadence == newsletter.Cadence.DAILY


def edition_moments(newsletter, day):
    """When the edition of `day` fills itself, and when it goes out."""
    send = timezone.make_aware(datetime.combine(day, newsletter.send_time))
    return send - timedelta(minutes=newsletter.compose_minutes), send


def is_scheduled(newsletter):
    return newsletter.cadence != newsletter.Cadence.BY_HAND and newsletter.send_time is not None


def next_edition_after(newsletter, moment):
    """The first day on the newsletter's cadence whose send time is after `moment` and
    which has no issue yet."""
    day = timezone.localtime(moment).date() - timedelta(days=1)
    done = set(newsletter.issues.filter(edition__gte=day).values_list("edition", flat=True))
    for offset in range(9):
        candidate = day + timedelta(days=offset)
        if (
            publishes_on(newsletter, candidate)
            and candidate not in done
            and edition_moments(newsletter, candidate)[1] > moment
        ):
            return candidate
    return None


def plan_next_edition(newsletter):
    """Set the edition the schedule composes next (None when the newsletter goes by hand).
    Returns (day, when it fills itself)."""
    day = next_edition_after(newsletter, now()) if is_scheduled(newsletter) else None
    type(newsletter).objects.filter(pk=newsletter.pk).update(next_edition=day)
    newsletter.next_edition = day
    return (day, edition_moments(newsletter, day)[0]) if day else (None, None)


def compose_edition(newsletter, day):
    """The schedule's work for the edition of `day`: claim it, compose it as a scheduled
    issue, and say what comes next. Returns (issue or None, the next edition's day).
    Nothing is done (None, None) when another run already claimed the edition or the
    schedule changed since."""
    moment = now()
    following = next_edition_after(newsletter, max(moment, edition_moments(newsletter, day)[1]))
    claimed = (
        type(newsletter)
        .objects.filter(pk=newsletter.pk, next_edition=day)
        .update(next_edition=following)
    )
    if not claimed or not is_scheduled(newsletter):
        return None, None
    send_at = edition_moments(newsletter, day)[1]
    if moment > send_at + LATE:
        logger.warning("%s: the edition of %s was not composed in time; skipped", newsletter, day)
        return None, following
    issue = compose_issue(
        newsletter, at=moment, status=Issue.Status.SCHEDULED, send_at=send_at, edition=day
    )
    return issue, following


def claim_due_issue(issue):
    """Queue a scheduled issue whose send time has come, unless an editor sent it, held it
    or another run got there first. True when this caller is to send it."""
    claimed = Issue.objects.filter(
        pk=issue.pk, status=Issue.Status.SCHEDULED, send_at__lte=now()
    ).update(status=Issue.Status.QUEUED)
    if claimed:
        issue.refresh_from_db()
        queue_issue(issue)
    return bool(claimed)


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
