"""The daily job: IP addresses older than their retention period give way to a keyed hash,
commenters' and newsletter sign-ups' alike."""

import json
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import SimpleTestCase, override_settings
from django.utils.timezone import now

from dateline.privacy.tests.base import SIGNUP_PAGE, PrivacyTestCase
from dateline.tests.test_settings import start


@override_settings(COMMENTS_IP_RETENTION_DAYS=30, NEWSLETTERS_IP_RETENTION_DAYS=60)
class AnonymizeTestCase(PrivacyTestCase):
    def anonymize(self, *args):
        out = StringIO()
        call_command("anonymize_personal_data", *args, stdout=out)
        return out.getvalue()

    def test_it_replaces_old_comment_ip_addresses_with_a_keyed_hash(self):
        old = self.make_comment(
            "Old.", ip_address="198.51.100.7", user_agent="Firefox",
            created_at=now() - timedelta(days=31),
        )  # fmt: skip
        old_twin = self.make_comment(
            "Old twin.", ip_address="198.51.100.7", created_at=now() - timedelta(days=40)
        )
        recent = self.make_comment("Recent.", ip_address="198.51.100.8", user_agent="Safari")

        out = self.anonymize()

        old.refresh_from_db()
        old_twin.refresh_from_db()
        recent.refresh_from_db()
        self.assertIsNone(old.ip_address)
        self.assertEqual(old.user_agent, "")
        self.assertEqual(len(old.ip_hash), 64)
        self.assertNotIn("198.51.100.7", old.ip_hash)
        self.assertEqual(old.ip_hash, old_twin.ip_hash)  # still tells "same address"
        self.assertEqual(recent.ip_address, "198.51.100.8")
        self.assertIn("Anonymised 2 comment(s) older than 30 days.", out)

    def test_it_hashes_an_old_sign_ups_ip_address_and_leaves_a_recent_one(self):
        old = self.sign_up("old@example.org", ip="198.51.100.7", days_ago=61)
        recent = self.sign_up("recent@example.org", ip="198.51.100.8", days_ago=59)

        out = self.anonymize()

        old.refresh_from_db()
        recent.refresh_from_db()
        self.assertIsNone(old.signup_ip)
        self.assertEqual(len(old.signup_ip_hash), 64)
        self.assertIsNotNone(old.anonymized_at)
        self.assertEqual(recent.signup_ip, "198.51.100.8")
        self.assertEqual(recent.signup_ip_hash, "")
        self.assertIsNone(recent.anonymized_at)
        self.assertIn("Anonymised 1 newsletter sign-up(s) older than 60 days.", out)

    def test_it_keeps_the_rest_of_the_consent_record(self):
        old = self.sign_up(newsletters=[self.daily, self.alerts], days_ago=61)
        before = list(old.subscriptions.values_list("newsletter", "status", "created_at"))

        self.anonymize()

        old.refresh_from_db()
        self.assertEqual(old.signup_page, SIGNUP_PAGE)
        self.assertEqual(old.created_at.date(), (now() - timedelta(days=61)).date())
        self.assertIsNotNone(old.confirmed_at)
        after = list(old.subscriptions.values_list("newsletter", "status", "created_at"))
        self.assertEqual(after, before)

    def test_the_export_then_says_the_address_was_replaced_by_a_hash(self):
        self.sign_up(days_ago=61)
        self.anonymize()

        out = StringIO()
        call_command("export_personal_data", "pat@example.org", stdout=out)
        consent = json.loads(out.getvalue())["newsletters"]["consent"]

        self.assertIsNone(consent["ip_address"])
        self.assertTrue(consent["ip_address_replaced_by_a_hash_at"])
        self.assertNotIn("signup_ip_hash", out.getvalue())

    def test_the_same_address_hashes_differently_for_comments_and_sign_ups(self):
        comment = self.make_comment(
            ip_address="198.51.100.7", created_at=now() - timedelta(days=90)
        )
        subscriber = self.sign_up(ip="198.51.100.7", days_ago=90)

        self.anonymize()

        comment.refresh_from_db()
        subscriber.refresh_from_db()
        self.assertNotEqual(comment.ip_hash, subscriber.signup_ip_hash)

    def test_each_sign_up_is_anonymised_once(self):
        self.sign_up(days_ago=61)
        self.assertIn("Anonymised 1 newsletter sign-up(s)", self.anonymize())
        self.assertIn("Anonymised 0 newsletter sign-up(s)", self.anonymize())

    def test_days_overrides_both_retention_periods(self):
        comment = self.make_comment(ip_address="198.51.100.7", created_at=now() - timedelta(days=8))
        subscriber = self.sign_up(days_ago=8)

        out = self.anonymize("--days", "7")

        comment.refresh_from_db()
        subscriber.refresh_from_db()
        self.assertIsNone(comment.ip_address)
        self.assertIsNone(subscriber.signup_ip)
        self.assertIn("Anonymised 1 comment(s) older than 7 days.", out)
        self.assertIn("Anonymised 1 newsletter sign-up(s) older than 7 days.", out)


class RetentionSettingTestCase(SimpleTestCase):
    REPORT = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.COMMENTS_IP_RETENTION_DAYS, settings.NEWSLETTERS_IP_RETENTION_DAYS)"
    )

    def retention(self, **env):
        result = start({"DEBUG": "1", **env}, code=self.REPORT)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.split()

    def test_sign_ups_are_kept_as_long_as_comments_unless_told_otherwise(self):
        self.assertEqual(self.retention(), ["30", "30"])
        self.assertEqual(self.retention(COMMENTS_IP_RETENTION_DAYS="14"), ["14", "14"])
        self.assertEqual(
            self.retention(COMMENTS_IP_RETENTION_DAYS="14", NEWSLETTERS_IP_RETENTION_DAYS="90"),
            ["14", "90"],
        )
