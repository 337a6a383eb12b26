"""An issue goes to every confirmed subscriber exactly once, with the headers that let mail
clients unsubscribe in one click, and says honestly how far it got."""

import re
import smtplib
from unittest import mock

from django.core.mail.backends.smtp import EmailBackend
from django.test import override_settings
from django.utils.timezone import now

from dateline.newsletters import services
from dateline.newsletters.models import Delivery, Issue, Subscriber, Subscription
from dateline.newsletters.tests.base import NewsletterTestCase, link_in

Status = Subscription.Status


def unsubscribe_url(message):
    return re.search(r"<([^>]+)>", message["List-Unsubscribe"]).group(1)


class SendingTestCase(NewsletterTestCase):
    def setUp(self):
        super().setUp()
        self.readers = [self.subscriber(f"reader{n}@example.org") for n in range(5)]
        self.issue = Issue.objects.create(
            newsletter=self.daily,
            subject="Your morning briefing",
            body_text="Talks resume in Strelna.",
            body_html="<p>Talks resume in <strong>Strelna</strong>.</p>",
        )

    def subscriber(self, email, *, confirmed=True, status=Status.ACTIVE):
        found = Subscriber.objects.create(email=email, confirmed_at=now() if confirmed else None)
        Subscription.objects.create(subscriber=found, newsletter=self.daily, status=status)
        return found

    def send(self, **kwargs):
        services.queue_issue(self.issue)
        return services.send_pending(self.issue, **kwargs)

    def test_every_confirmed_subscriber_gets_it_once(self):
        self.subscriber("pending@example.org", confirmed=False, status=Status.PENDING)
        self.subscriber("gone@example.org", status=Status.UNSUBSCRIBED)
        self.assertEqual(self.send(), 5)
        self.assertEqual(sorted(self.mailbox.recipients()), sorted(r.email for r in self.readers))
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.status, Issue.Status.SENT)

    def test_each_message_carries_one_click_unsubscribe_and_a_text_part(self):
        self.send()
        message = self.mailbox.to("reader0@example.org")[0]
        self.assertEqual(message["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        url = unsubscribe_url(message)
        self.assertTrue(url.startswith("https://news.example.org/newsletters/unsubscribe/"))
        self.assertEqual(
            {part.get_content_type() for part in message.walk()},
            {"multipart/alternative", "text/plain", "text/html"},
        )
        self.assertIn("Manage your subscriptions: https://news.example.org/", str(message))

    def test_the_one_click_post_unsubscribes_without_a_cookie_or_token(self):
        self.send()
        url = unsubscribe_url(self.mailbox.to("reader0@example.org")[0])
        client = self.client_class(enforce_csrf_checks=True)
        r = client.post(
            url.removeprefix("https://news.example.org"),
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        self.assertContains(r, "You're unsubscribed from The Daily Briefing")
        subscription = self.readers[0].subscriptions.get()
        self.assertEqual(subscription.status, Status.UNSUBSCRIBED)
        self.assertTrue(link_in(self.mailbox.to("reader1@example.org")[0], "unsubscribe"))

    def test_a_send_that_died_resumes_with_only_those_not_yet_sent(self):
        real = EmailBackend.send_messages
        calls = {"n": 0}

        def dies_on_the_third(backend, messages):
            calls["n"] += 1
            if calls["n"] == 3:
                raise SystemExit("the worker was killed")
            return real(backend, messages)

        with (
            mock.patch.object(EmailBackend, "send_messages", dies_on_the_third),
            self.assertRaises(SystemExit),
        ):
            self.send(batch_size=2)
        self.assertEqual(len(self.mailbox.messages), 2)

        self.send(batch_size=2)  # the worker starts again

        recipients = self.mailbox.recipients()
        self.assertEqual(sorted(recipients), sorted(r.email for r in self.readers))
        self.assertEqual(len(recipients), len(set(recipients)))  # nobody twice

    def test_a_deferred_address_is_tried_again_by_the_next_run(self):
        self.mailbox.refuse["reader2@example.org"] = "451 4.7.1 Greylisted, try again later"
        self.send()
        delivery = self.issue.deliveries.get(subscriber=self.readers[2])
        self.assertEqual(delivery.status, Delivery.Status.DEFERRED)
        self.assertIn("451", delivery.detail)
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.status, Issue.Status.SENDING)
        self.assertIn("1 address(es) deferred", self.issue.status_detail)

        del self.mailbox.refuse["reader2@example.org"]
        services.send_pending(self.issue)  # too soon: it waits for its next attempt
        self.assertEqual(self.mailbox.to("reader2@example.org"), [])
        self.assertGreater(delivery.next_attempt_at, now())

        self.issue.deliveries.update(next_attempt_at=now())  # the wait is over
        services.send_pending(self.issue)
        self.assertEqual(len(self.mailbox.to("reader2@example.org")), 1)
        self.assertEqual(len(self.mailbox.messages), 5)
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.status, Issue.Status.SENT)

    @override_settings(NEWSLETTERS_MAX_ATTEMPTS=2)
    def test_an_address_deferred_again_and_again_is_given_up_with_the_reason(self):
        self.mailbox.refuse["reader2@example.org"] = "452 4.2.2 Mailbox full"
        self.send()
        self.issue.deliveries.update(next_attempt_at=now())
        services.send_pending(self.issue)
        delivery = self.issue.deliveries.get(subscriber=self.readers[2])
        self.assertEqual(delivery.status, Delivery.Status.FAILED)
        self.assertEqual(delivery.attempts, 2)
        self.assertIn("Mailbox full", delivery.detail)
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.status, Issue.Status.SENT)  # nothing left to try

    @override_settings(NEWSLETTERS_SEND_RATE=10)
    def test_sending_keeps_to_the_rate_the_provider_allows(self):
        with mock.patch("dateline.newsletters.services.time") as clock:
            clock.monotonic.return_value = 100.0  # no time passes between messages
            self.send()
        waits = [call.args[0] for call in clock.sleep.call_args_list]
        self.assertEqual(len(waits), 4)  # before each message after the first
        for wait in waits:
            self.assertAlmostEqual(wait, 0.1 * (waits.index(wait) + 1))

    def test_a_refused_log_in_stops_the_send_and_says_why(self):
        refused = smtplib.SMTPAuthenticationError(535, b"Authentication credentials invalid")
        with mock.patch.object(EmailBackend, "send_messages", side_effect=refused):
            self.send()
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.status, Issue.Status.FAILED)
        self.assertIn("refused our log-in", self.issue.status_detail)
        # Nobody is marked failed: they get it when the account works again.
        self.assertEqual(self.issue.deliveries.filter(status=Delivery.Status.PENDING).count(), 5)

    def test_the_sent_issue_is_in_the_archive(self):
        self.send()
        r = self.client.get(self.issue.get_absolute_url())
        self.assertContains(r, "Your morning briefing")
        draft = Issue.objects.create(newsletter=self.daily, subject="Not yet", body_text="x")
        self.assertEqual(self.client.get(draft.get_absolute_url()).status_code, 404)
