"""A reader signs up, confirms from the e-mail, changes their mind and leaves."""

from django.test import override_settings

from dateline.newsletters import services, tokens
from dateline.newsletters.forms import fill_token
from dateline.newsletters.models import Subscriber, Subscription
from dateline.newsletters.tests.base import NewsletterTestCase, link_in

Status = Subscription.Status


class SubscribingTestCase(NewsletterTestCase):
    def sign_up(self, email="robin@example.org", *newsletters, **extra):
        chosen = newsletters or (self.daily,)
        data = {"email": email, "newsletters": [n.pk for n in chosen], "token": fill_token()}
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post("/newsletters/", {**data, **extra})

    def confirm_from_the_mail(self, email="robin@example.org"):
        link = link_in(self.mailbox.to(email)[-1], "confirm").removeprefix(
            "https://news.example.org"
        )
        self.assertContains(self.client.get(link), "Yes, confirm")
        return self.client.post(link)

    def test_the_page_lists_the_newsletters_with_a_form(self):
        r = self.client.get("/newsletters/")
        self.assertContains(r, "The Daily Briefing")
        self.assertContains(r, "The day&#x27;s top stories, every morning.")
        self.assertContains(r, 'name="email"')

    def test_signing_up_sends_only_a_confirmation(self):
        r = self.sign_up()
        self.assertContains(r, "Check your inbox")
        [message] = self.mailbox.to("robin@example.org")
        self.assertIn("Confirm your subscription", message["Subject"])
        subscription = Subscription.objects.get(subscriber__email="robin@example.org")
        self.assertEqual(subscription.status, Status.PENDING)

    def test_confirming_starts_the_subscription(self):
        self.sign_up()
        self.assertContains(self.confirm_from_the_mail(), "You're subscribed")
        subscription = Subscription.objects.get(subscriber__email="robin@example.org")
        self.assertEqual(subscription.status, Status.ACTIVE)

    def test_opening_the_link_alone_confirms_nothing(self):
        # Mail scanners open every link in a message.
        self.sign_up()
        link = link_in(self.mailbox.messages[-1], "confirm")
        self.client.get(link.removeprefix("https://news.example.org"))
        self.assertIsNone(Subscriber.objects.get().confirmed_at)

    def test_the_answer_is_the_same_for_an_address_already_subscribed(self):
        self.sign_up()
        self.confirm_from_the_mail()
        first = self.sign_up(email="other@example.org").content
        again = self.sign_up().content
        self.assertEqual(
            again.replace(b"robin@example.org", b"X"), first.replace(b"other@example.org", b"X")
        )
        self.assertEqual(len(self.mailbox.to("robin@example.org")), 1)  # no second mail

    def test_a_wrong_address_is_shown_again_with_what_to_fix(self):
        r = self.sign_up(email="robin at example")
        self.assertContains(r, "Please enter a whole email address", status_code=400)
        self.assertContains(r, 'value="robin at example"', status_code=400)
        self.assertEqual(self.mailbox.messages, [])

    def test_a_tick_that_is_no_newsletter_is_shown_again_with_what_to_fix(self):
        # A number past 64 bits overflowed SQLite's integer: a server error until test_fuzz
        # found it.
        for value in (str(10**30), str(-(2**63) - 1), "x", "²"):
            with self.subTest(value=value):
                r = self.sign_up(newsletters=[value])

                self.assertContains(r, "Select a valid choice.", status_code=400)
                self.assertContains(r, 'value="robin@example.org"', status_code=400)
        subscriber = Subscriber.objects.create(email="robin@example.org")
        url = f"/newsletters/manage/{tokens.make(tokens.MANAGE, subscriber)}/"
        r = self.client.post(url, {"newsletters": [str(10**30)]})
        self.assertContains(r, "Your newsletters")
        self.assertFalse(subscriber.subscriptions.exists())
        self.assertEqual(self.mailbox.messages, [])

    def test_a_filled_honeypot_sends_nothing_and_says_the_same(self):
        r = self.sign_up(phone="+1 555 0100")
        self.assertContains(r, "Check your inbox")
        self.assertEqual(self.mailbox.messages, [])

    @override_settings(NEWSLETTERS_SIGNUP_SECONDS=60)
    def test_one_address_cannot_be_flooded_with_confirmations(self):
        for _ in range(3):
            self.assertContains(self.sign_up(), "Check your inbox")
        self.assertEqual(len(self.mailbox.to("robin@example.org")), 1)

    def test_an_expired_or_tampered_link_explains_and_offers_a_new_one(self):
        self.sign_up()
        link = link_in(self.mailbox.messages[-1], "confirm").removeprefix(
            "https://news.example.org"
        )
        with override_settings(NEWSLETTERS_CONFIRM_DAYS=0):
            r = self.client.post(link)
        self.assertContains(r, "This link does not work", status_code=400)
        self.assertContains(r, 'name="email"', status_code=400)
        r = self.client.post(link[:-3] + "xx/")
        self.assertContains(r, "This link does not work", status_code=400)
        self.assertIsNone(Subscriber.objects.get().confirmed_at)

    def test_the_manage_page_changes_choices_and_leaves_everything(self):
        self.sign_up("robin@example.org", self.daily, self.alerts)
        self.confirm_from_the_mail()
        subscriber = Subscriber.objects.get()
        url = f"/newsletters/manage/{tokens.make(tokens.MANAGE, subscriber)}/"
        self.client.post(url, {"newsletters": [self.alerts.pk]})
        statuses = dict(subscriber.subscriptions.values_list("newsletter__slug", "status"))
        self.assertEqual(statuses, {"daily": Status.UNSUBSCRIBED, "alerts": Status.ACTIVE})
        self.client.post(url, {"leave": "1"})
        self.assertFalse(subscriber.subscriptions.filter(status=Status.ACTIVE).exists())

    def test_a_returning_reader_subscribes_again(self):
        self.sign_up()
        self.confirm_from_the_mail()
        subscriber = Subscriber.objects.get()
        services.unsubscribe(subscriber, self.daily)
        self.sign_up()
        self.assertTrue(subscriber.subscriptions.filter(status=Status.ACTIVE).exists())
