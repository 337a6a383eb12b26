"""Erase: a reader's comments keep their words without the person, and their newsletter
subscriber record goes, from the command line after a confirmation."""

from io import StringIO
from unittest import mock

from django.core import mail
from django.core.management import CommandError, call_command

from dateline.newsletters import tokens
from dateline.newsletters.forms import fill_token
from dateline.newsletters.models import Delivery, Subscriber, Subscription
from dateline.privacy.management.commands.erase_personal_data import Command as EraseCommand
from dateline.privacy.tests.base import PAT, PrivacyTestCase


class EraseTestCase(PrivacyTestCase):
    def setUp(self):
        super().setUp()
        self.mine = self.make_pats_comment()
        self.theirs = self.make_comment("Their words.", author_email="other@example.org")
        self.pat = self.sign_up(newsletters=[self.daily, self.alerts])
        self.send("Grid pact signed", self.pat)
        self.robin = self.sign_up("robin@example.org")

    def erase(self, *args):
        out = StringIO()
        call_command("erase_personal_data", *args, stdout=out)
        return out.getvalue()

    def test_it_needs_confirmation_and_says_what_it_would_erase(self):
        message = (
            "Kept about pat@example.org: the personal data in 1 comment(s) and the newsletter "
            "subscriber record (The Daily Briefing: subscribed; Breaking news: subscribed). "
            "Add --yes to erase it."
        )
        with self.assertRaisesMessage(CommandError, message):
            self.erase(PAT)

        self.mine.refresh_from_db()
        self.assertEqual(self.mine.author_name, "Pat")
        self.assertTrue(Subscriber.objects.filter(email=PAT).exists())

    def test_it_asks_at_a_terminal_and_erases_nothing_without_a_yes(self):
        with (
            mock.patch.object(EraseCommand, "stdin_is_interactive", return_value=True),
            mock.patch("builtins.input", return_value="n") as asked,
        ):
            out = self.erase(PAT)

        self.assertIn(
            "Erase the personal data in 1 comment(s) and the newsletter", asked.call_args[0][0]
        )
        self.assertIn("Nothing erased.", out)
        self.assertTrue(Subscriber.objects.filter(email=PAT).exists())

    def test_it_removes_the_comments_personal_data_and_keeps_the_words(self):
        out = self.erase(PAT, "--yes")

        self.mine.refresh_from_db()
        self.assertEqual(
            (self.mine.author_name, self.mine.author_email, self.mine.author_url),
            ("Anonymous", "", ""),
        )
        self.assertIsNone(self.mine.ip_address)
        self.assertEqual(self.mine.body, "My words.")
        self.assertIn("1 comment(s) and 1 newsletter subscriber record(s)", out)

    def test_it_deletes_the_subscriber_with_subscriptions_and_issues_sent(self):
        self.erase(PAT, "--yes")

        self.assertFalse(Subscriber.objects.filter(email=PAT).exists())
        self.assertFalse(Subscription.objects.filter(subscriber_id=self.pat.pk).exists())
        self.assertFalse(Delivery.objects.filter(subscriber_id=self.pat.pk).exists())

    def test_it_leaves_everyone_else_alone(self):
        self.erase(PAT, "--yes")

        self.theirs.refresh_from_db()
        self.assertEqual(self.theirs.author_email, "other@example.org")
        self.assertTrue(self.robin.subscriptions.active().exists())

    def test_it_erases_a_subscriber_who_never_commented(self):
        out = self.erase("robin@example.org", "--yes")

        self.assertIn("0 comment(s) and 1 newsletter subscriber record(s)", out)
        self.assertFalse(Subscriber.objects.filter(email="robin@example.org").exists())

    def test_it_says_when_there_is_nothing_to_erase(self):
        out = self.erase("nobody@example.org")
        self.assertIn("nobody@example.org: nothing to erase.", out)

    def test_an_erased_subscriber_can_sign_up_again_later(self):
        old_link = tokens.make(tokens.MANAGE, self.pat)
        self.erase(PAT, "--yes")
        mail.outbox.clear()

        data = {"email": PAT, "newsletters": [self.alerts.pk], "token": fill_token()}
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post("/newsletters/", data)

        self.assertContains(r, "Check your inbox")
        again = Subscriber.objects.get(email=PAT)
        self.assertNotEqual(again.pk, self.pat.pk)  # a new record, asked to confirm anew
        self.assertIsNone(again.confirmed_at)
        self.assertEqual(
            list(again.subscriptions.values_list("newsletter__name", "status")),
            [("Breaking news", Subscription.Status.PENDING)],
        )
        [confirmation] = mail.outbox
        self.assertEqual(confirmation.to, [PAT])
        # A link from a message sent before the erasure reaches nobody.
        self.assertEqual(self.client.get(f"/newsletters/manage/{old_link}/").status_code, 400)
