"""Sending through a provider's API (django-anymail's Mailgun back-end against a stand-in
for Mailgun's API on 127.0.0.1), and the provider's bounce and complaint webhooks."""

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from django.test import override_settings
from django.urls import reverse
from django.utils.timezone import now

from dateline.newsletters import services
from dateline.newsletters.models import Delivery, Issue, Subscriber
from dateline.newsletters.tests.base import NewsletterTestCase
from dateline.test import free_port

SIGNING_KEY = "mailgun-signing-key-for-tests"
WEBHOOK_SECRET = "dateline:webhook-secret-for-tests"


class MailgunStandIn(BaseHTTPRequestHandler):
    """Answers POST /v3/<domain>/messages as Mailgun does, or with the next canned error
    (status, headers) from `server.answers`; records the recipient of each accepted one."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        recipient = parse_qs(body.decode())["to"][0]
        self.server.tried.append(recipient)
        status, headers = self.server.answers.pop(0) if self.server.answers else (200, {})
        reply = {"id": f"<{len(self.server.tried)}@news.example.org>", "message": "Queued."}
        if status != 200:
            reply = {"message": "Refused by the stand-in"}
        else:
            self.server.accepted.append(recipient)
        payload = json.dumps(reply).encode()
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


class ProviderTestCase(NewsletterTestCase):
    def setUp(self):
        super().setUp()
        self.api = ThreadingHTTPServer(("127.0.0.1", free_port()), MailgunStandIn)
        self.api.tried, self.api.accepted, self.api.answers = [], [], []
        threading.Thread(target=self.api.serve_forever, daemon=True).start()
        self.addCleanup(self.api.server_close)
        self.addCleanup(self.api.shutdown)
        self.enterContext(
            override_settings(
                EMAIL_BACKEND="anymail.backends.mailgun.EmailBackend",
                ANYMAIL={
                    "MAILGUN_API_KEY": "key-for-tests",
                    "MAILGUN_API_URL": f"http://127.0.0.1:{self.api.server_port}/v3",
                    "MAILGUN_SENDER_DOMAIN": "news.example.org",
                    "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY,
                    "WEBHOOK_SECRET": WEBHOOK_SECRET,
                },
                NEWSLETTERS_WEBHOOKS=["mailgun"],
            )
        )
        self.readers = [self.subscribe(f"reader{n}@example.org") for n in range(5)]
        self.issue = Issue.objects.create(
            newsletter=self.daily, subject="Your morning briefing", body_text="Talks resume."
        )

    def send(self):
        services.queue_issue(self.issue)
        services.send_pending(self.issue)
        self.issue.refresh_from_db()


class ProviderErrorsTestCase(ProviderTestCase):
    def test_a_provider_asking_to_slow_down_pauses_the_send_and_it_resumes(self):
        self.api.answers = [(200, {}), (200, {}), (429, {"Retry-After": "120"})]
        self.send()
        self.assertEqual(len(self.api.accepted), 2)
        self.assertEqual(self.issue.status, Issue.Status.SENDING)
        self.assertIn("Paused: Mailgun answered 429", self.issue.status_detail)
        waiting = self.issue.deliveries.get(status=Delivery.Status.DEFERRED)
        self.assertAlmostEqual(
            (waiting.next_attempt_at - now()).total_seconds(), 120, delta=10
        )  # its Retry-After, not our own back-off
        self.assertEqual(self.issue.deliveries.filter(status=Delivery.Status.PENDING).count(), 2)

        self.issue.deliveries.update(next_attempt_at=now())  # the wait is over
        services.send_pending(self.issue)
        self.assertEqual(sorted(self.api.accepted), sorted(r.email for r in self.readers))
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.status, Issue.Status.SENT)

    def test_a_provider_that_is_down_pauses_the_send(self):
        self.api.answers = [(503, {})]
        self.send()
        self.assertEqual(self.api.accepted, [])
        self.assertIn("Mailgun answered 503", self.issue.status_detail)
        self.assertEqual(self.issue.deliveries.filter(status=Delivery.Status.FAILED).count(), 0)

    def test_refused_credentials_stop_the_send_and_fail_no_one(self):
        self.api.answers = [(401, {})]
        self.send()
        self.assertEqual(len(self.api.tried), 1)  # it did not try everyone
        self.assertEqual(self.issue.status, Issue.Status.FAILED)
        self.assertIn("Mailgun answered 401", self.issue.status_detail)
        self.assertEqual(self.issue.deliveries.filter(status=Delivery.Status.PENDING).count(), 5)

        services.send_pending(self.issue)  # the key is fixed: the same send resumes
        self.assertEqual(len(self.api.accepted), 5)

    def test_a_message_refused_for_itself_is_recorded_and_the_send_goes_on(self):
        self.api.answers = [(400, {})]
        self.send()
        self.assertEqual(len(self.api.accepted), 4)
        failed = self.issue.deliveries.get(status=Delivery.Status.FAILED)
        self.assertIn("Mailgun answered 400", failed.detail)
        self.assertEqual(self.issue.status, Issue.Status.SENT)


def signed(event_data, *, key=SIGNING_KEY):
    timestamp, token = str(int(time.time())), "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0"
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256)
    return json.dumps(
        {
            "signature": {
                "timestamp": timestamp,
                "token": token,
                "signature": signature.hexdigest(),
            },
            "event-data": {"timestamp": time.time(), **event_data},
        }  # fmt: skip
    )


def failed(recipient, delivery, severity="permanent", code=550):
    return {
        "event": "failed",
        "severity": severity,
        "recipient": recipient,
        "delivery-status": {"code": code, "message": "5.1.1 No such user", "description": ""},
        "user-variables": {"delivery": str(delivery.pk)},
    }


class WebhookTestCase(ProviderTestCase):
    def setUp(self):
        super().setUp()
        self.send()
        self.reader = self.readers[0]
        self.delivery = self.issue.deliveries.get(subscriber=self.reader)

    def post(self, payload, *, secret=WEBHOOK_SECRET, esp="mailgun"):
        auth = "Basic " + base64.b64encode(secret.encode()).decode()
        return self.client.post(
            reverse("newsletters:webhook", args=[esp]),
            payload,
            content_type="application/json",
            HTTP_AUTHORIZATION=auth,
        )

    def test_a_hard_bounce_suppresses_the_address_and_says_why(self):
        response = self.post(signed(failed(self.reader.email, self.delivery)))
        self.assertEqual(response.status_code, 200)
        self.reader.refresh_from_db()
        self.assertIsNotNone(self.reader.suppressed_at)
        self.assertIn("Hard bounce", self.reader.suppressed_reason)
        self.assertIn("No such user", self.reader.suppressed_reason)
        self.delivery.refresh_from_db()
        self.assertEqual(self.delivery.status, Delivery.Status.BOUNCED)

        # The next issue does not go to it.
        nxt = Issue.objects.create(newsletter=self.daily, subject="Evening", body_text="More.")
        self.api.accepted.clear()
        services.queue_issue(nxt)
        services.send_pending(nxt)
        self.assertEqual(len(self.api.accepted), 4)
        self.assertNotIn(self.reader.email, self.api.accepted)

    def test_an_address_suppressed_during_a_send_is_skipped_and_marked(self):
        nxt = Issue.objects.create(newsletter=self.daily, subject="Evening", body_text="More.")
        services.queue_issue(nxt)  # before the bounce arrives
        self.post(signed(failed(self.reader.email, self.delivery)))
        self.api.accepted.clear()
        services.send_pending(nxt)
        self.assertNotIn(self.reader.email, self.api.accepted)
        skipped = nxt.deliveries.get(subscriber=self.reader)
        self.assertEqual(skipped.status, Delivery.Status.SUPPRESSED)
        self.assertIn("Hard bounce", skipped.detail)

    def test_a_complaint_suppresses_the_address(self):
        event = {"event": "complained", "recipient": self.reader.email,
                 "user-variables": {"delivery": str(self.delivery.pk)}}  # fmt: skip
        self.assertEqual(self.post(signed(event)).status_code, 200)
        self.reader.refresh_from_db()
        self.assertIn("Marked as spam", self.reader.suppressed_reason)
        self.delivery.refresh_from_db()
        self.assertEqual(self.delivery.status, Delivery.Status.COMPLAINED)

    @override_settings(NEWSLETTERS_SOFT_BOUNCES=3)
    def test_soft_bounces_are_the_providers_to_retry_until_too_many(self):
        soft = failed(self.reader.email, self.delivery, severity="temporary", code=452)
        self.post(signed(soft))
        self.reader.refresh_from_db()
        self.assertIsNone(self.reader.suppressed_at)  # retried, not given up
        self.delivery.refresh_from_db()
        self.assertEqual(self.delivery.status, Delivery.Status.SENT)
        self.assertIn("Soft bounce", self.delivery.detail)
        self.post(signed(soft))
        self.post(signed(soft))
        self.reader.refresh_from_db()
        self.assertIn("3 soft bounces in a row", self.reader.suppressed_reason)

    def test_a_forged_signature_is_refused_and_changes_nothing(self):
        response = self.post(signed(failed(self.reader.email, self.delivery), key="guessed"))
        self.assertEqual(response.status_code, 400)
        self.assertIsNone(Subscriber.objects.get(pk=self.reader.pk).suppressed_at)

    def test_a_post_without_the_webhook_secret_is_refused(self):
        response = self.post(signed(failed(self.reader.email, self.delivery)), secret="a:b")
        self.assertEqual(response.status_code, 400)
        self.assertIsNone(Subscriber.objects.get(pk=self.reader.pk).suppressed_at)

    def test_only_the_configured_providers_have_a_webhook(self):
        response = self.post(signed(failed(self.reader.email, self.delivery)), esp="postmark")
        self.assertEqual(response.status_code, 404)
        with override_settings(NEWSLETTERS_WEBHOOKS=[]):
            response = self.post(signed(failed(self.reader.email, self.delivery)))
        self.assertEqual(response.status_code, 404)
        self.assertIsNone(Subscriber.objects.get(pk=self.reader.pk).suppressed_at)
