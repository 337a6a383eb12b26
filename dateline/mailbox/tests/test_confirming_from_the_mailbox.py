"""The demo's story: a newcomer signs up for a newsletter, opens the confirmation in the
mailbox, confirms, and reads the issue an editor sends, with no mail server anywhere."""

import re
from urllib.parse import urlsplit

from django.test import override_settings

from dateline.mailbox.tests.base import MailboxTestCase
from dateline.newsletters import services
from dateline.newsletters.forms import fill_token
from dateline.newsletters.models import Issue, Subscriber, Subscription
from dateline.newsletters.tests.base import make_newsletters


@override_settings(
    NEWSLETTERS_MIN_FILL_SECONDS=0,
    NEWSLETTERS_SIGNUP_SECONDS=0,
    SITE_URL="https://news.example.org",
)
class ConfirmingFromTheMailboxTestCase(MailboxTestCase):
    def setUp(self):
        super().setUp()
        self.daily, _ = make_newsletters()

    def open_in_the_mailbox(self, subject):
        listing = self.client.get("/mailbox/")
        self.assertContains(listing, subject)
        url = re.search(rf'href="(/mailbox/[^"]+/)">{subject}', listing.content.decode())[1]
        return self.client.get(url)

    def test_a_newcomer_confirms_from_the_mailbox_and_gets_the_issues(self):
        data = {"email": "robin@example.org", "newsletters": [self.daily.pk], "token": fill_token()}
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post("/newsletters/", data)
        self.assertContains(r, "Check your inbox")

        self.client.force_login(self.alice)
        confirmation = self.open_in_the_mailbox("Confirm your subscription to Dateline")
        self.assertContains(confirmation, "robin@example.org")
        link = re.search(
            r'<a href="(https://news\.example\.org/newsletters/confirm/[^"]+/)"',
            confirmation.content.decode(),
        )[1]
        path = urlsplit(link).path
        self.assertContains(self.client.get(path), "Yes, confirm")
        self.assertContains(self.client.post(path), "subscribed")
        subscriber = Subscriber.objects.get(email="robin@example.org")
        self.assertIsNotNone(subscriber.confirmed_at)
        self.assertEqual(subscriber.subscriptions.get().status, Subscription.Status.ACTIVE)

        issue = Issue.objects.create(
            newsletter=self.daily,
            subject="Your morning briefing",
            body_text="Talks resume in Strelna.",
            body_html="<p>Talks resume in <strong>Strelna</strong>.</p>",
        )
        services.queue_issue(issue)
        services.send_pending(issue)
        letter = self.open_in_the_mailbox("Your morning briefing")
        self.assertContains(letter, "Talks resume in Strelna.")
        self.assertContains(letter, "https://news.example.org/newsletters/unsubscribe/")
        self.assertContains(letter, "<iframe")
