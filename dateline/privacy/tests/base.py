"""The cast for the privacy tests: Pat comments and subscribes, Erin only comments."""

from datetime import timedelta

from django.test import override_settings
from django.utils.timezone import now

from dateline.comments.tests.base import CommentsTestCase
from dateline.newsletters import services as newsletter_services
from dateline.newsletters.models import Delivery, Issue, Subscriber
from dateline.newsletters.tests.base import make_newsletters

PAT = "pat@example.org"
SIGNUP_PAGE = "/news/world/grid-pact-signed/"


@override_settings(NEWSLETTERS_SIGNUP_SECONDS=0, NEWSLETTERS_MIN_FILL_SECONDS=0)
class PrivacyTestCase(CommentsTestCase):
    def setUp(self):
        super().setUp()
        self.daily, self.alerts = make_newsletters()

    def make_pats_comment(self, **fields):
        fields = {
            "author_name": "Pat", "author_email": "Pat@Example.org",
            "author_url": "https://pat.example/", "ip_address": "192.0.2.5", **fields,
        }  # fmt: skip
        return self.make_comment("My words.", **fields)

    def sign_up(self, email=PAT, newsletters=None, *, ip="198.51.100.7", days_ago=0):
        """Sign up (and confirm) as a reader does, `days_ago` days ago."""
        subscriber = newsletter_services.sign_up(
            email, newsletters or [self.daily], page=SIGNUP_PAGE, ip=ip
        )
        newsletter_services.confirm(subscriber)
        if days_ago:
            then = now() - timedelta(days=days_ago)
            Subscriber.objects.filter(pk=subscriber.pk).update(created_at=then)
            subscriber.subscriptions.update(created_at=then)
        subscriber.refresh_from_db()
        return subscriber

    def send(self, subject, subscriber, newsletter=None):
        """An issue sent to `subscriber` (the record sending leaves; sending has its tests)."""
        issue = Issue.objects.create(
            newsletter=newsletter or self.daily, subject=subject, body_text="Today.",
            status=Issue.Status.SENT, sent_at=now(),
        )  # fmt: skip
        Delivery.objects.create(
            issue=issue, subscriber=subscriber, status=Delivery.Status.SENT, sent_at=now()
        )
        return issue
