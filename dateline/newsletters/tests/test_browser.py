"""A reader signs up in a real browser, confirms from the mailbox and leaves with one click."""

from aiosmtpd.controller import Controller
from django.test import override_settings

from dateline.newsletters import services
from dateline.newsletters.models import Issue, Newsletter, Subscription
from dateline.newsletters.tests.base import Mailbox, link_in
from dateline.test import BrowserTestCase, free_port


class NewsletterInBrowserTestCase(BrowserTestCase):
    def setUp(self):
        self.mailbox = Mailbox()
        smtp = Controller(self.mailbox, hostname="127.0.0.1", port=free_port())
        smtp.start()
        self.addCleanup(smtp.stop)
        self.enterContext(
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=smtp.port,
                NEWSLETTERS_MIN_FILL_SECONDS=0,
                NEWSLETTERS_SIGNUP_SECONDS=0,
                SITE_URL=self.live_server_url,
            )
        )
        self.daily = Newsletter.objects.create(
            name="The Daily Briefing", slug="daily", kind=Newsletter.Kind.DAILY,
            description="The day's top stories.",
        )  # fmt: skip

    def test_sign_up_confirm_from_the_mailbox_and_leave(self):
        page = self.open_page()
        page.goto(self.live_server_url + "/newsletters/")
        page.get_by_label("The Daily Briefing").check()
        page.get_by_label("Your email address").fill("robin@example.org")
        page.get_by_role("button", name="Subscribe").click()
        page.get_by_text("Check your inbox").wait_for()

        page.goto(link_in(self.mailbox.to("robin@example.org")[0], "confirm"))
        page.get_by_role("button", name="Yes, confirm").click()
        page.get_by_text("You're subscribed").wait_for()
        subscription = Subscription.objects.get()
        self.assertEqual(subscription.status, Subscription.Status.ACTIVE)

        issue = Issue.objects.create(newsletter=self.daily, subject="Morning", body_text="News.")
        services.queue_issue(issue)
        services.send_pending(issue)
        page.goto(link_in(self.mailbox.to("robin@example.org")[-1], "unsubscribe"))
        page.get_by_role("button", name="Unsubscribe").click()
        page.get_by_text("You're unsubscribed from The Daily Briefing").wait_for()
        subscription.refresh_from_db()
        self.assertEqual(subscription.status, Subscription.Status.UNSUBSCRIBED)
        self.assertEqual(page.problems, [])
