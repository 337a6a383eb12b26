"""A real SMTP server for the newsletter tests: aiosmtpd on 127.0.0.1, started per test."""

import email
import re

from aiosmtpd.controller import Controller
from django.test import override_settings
from django.utils.timezone import now

from dateline.newsletters.models import Newsletter, Subscriber, Subscription
from dateline.test import BaseTestCase, CommittingTestCase, free_port


class Mailbox:
    """Keeps every message the server accepted; `refuse` maps an address to an SMTP reply
    given at RCPT TO (a "451 ..." defers it)."""

    def __init__(self):
        self.messages = []
        self.refuse = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]

    def recipients(self):
        return [m["To"] for m in self.messages]


def text_of(message):
    part = message.get_body(("plain",)) if hasattr(message, "get_body") else None
    for item in message.walk():
        if item.get_content_type() == "text/plain":
            part = item
            break
    return part.get_payload(decode=True).decode()


def link_in(message, name):
    return re.search(rf"https?://\S+/newsletters/{name}/[^/\s]+/", text_of(message)).group(0)


def make_newsletters():
    """The daily briefing and the breaking-news alerts, as the demo has them."""
    daily = Newsletter.objects.create(
        name="The Daily Briefing", slug="daily", kind=Newsletter.Kind.DAILY,
        description="The day's top stories, every morning.",
    )  # fmt: skip
    alerts = Newsletter.objects.create(
        name="Breaking news", slug="alerts", kind=Newsletter.Kind.ALERTS,
        description="When something big happens.",
    )  # fmt: skip
    return daily, alerts


class Newsletters:
    def setUp(self):
        super().setUp()
        self.mailbox = Mailbox()
        self.smtp = Controller(self.mailbox, hostname="127.0.0.1", port=free_port())
        self.smtp.start()
        self.addCleanup(self.smtp.stop)
        self.enterContext(
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=self.smtp.port,
                EMAIL_TIMEOUT=5,
                NEWSLETTERS_MIN_FILL_SECONDS=0,
                NEWSLETTERS_SIGNUP_SECONDS=0,
                SITE_URL="https://news.example.org",
            )
        )
        self.daily, self.alerts = make_newsletters()

    def subscribe(self, email, newsletter=None, *, confirmed=True):
        """A reader subscribed to `newsletter` (the daily briefing), confirmed or not."""
        found, _ = Subscriber.objects.get_or_create(
            email=email, defaults={"confirmed_at": now() if confirmed else None}
        )
        Subscription.objects.create(
            subscriber=found,
            newsletter=newsletter or self.daily,
            status=Subscription.Status.ACTIVE if confirmed else Subscription.Status.PENDING,
        )
        return found


class NewsletterTestCase(Newsletters, BaseTestCase):
    pass


class WorkerTestCase(Newsletters, CommittingTestCase):
    """Newsletters with the database queue, its tasks run by `db_worker` as in production."""

    def setUp(self):
        super().setUp()
        self.enterContext(
            override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
        )
