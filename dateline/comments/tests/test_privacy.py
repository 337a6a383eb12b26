import json
from datetime import timedelta
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils.timezone import now

from dateline.comments.models import Comment
from dateline.comments.tests.base import CommentsTestCase


class AnonymizeTestCase(CommentsTestCase):
    @override_settings(COMMENTS_IP_RETENTION_DAYS=30)
    def test_it_replaces_old_ip_addresses_with_a_keyed_hash(self):
        old = self.make_comment(
            "Old.", ip_address="198.51.100.7", user_agent="Firefox",
            created_at=now() - timedelta(days=31),
        )  # fmt: skip
        old_twin = self.make_comment(
            "Old twin.", ip_address="198.51.100.7", created_at=now() - timedelta(days=40)
        )
        recent = self.make_comment("Recent.", ip_address="198.51.100.8", user_agent="Safari")

        out = StringIO()
        call_command("anonymize_comments", stdout=out)

        old.refresh_from_db()
        old_twin.refresh_from_db()
        recent.refresh_from_db()
        self.assertIsNone(old.ip_address)
        self.assertEqual(old.user_agent, "")
        self.assertEqual(len(old.ip_hash), 64)
        self.assertNotIn("198.51.100.7", old.ip_hash)
        self.assertEqual(old.ip_hash, old_twin.ip_hash)  # still tells "same address"
        self.assertEqual(recent.ip_address, "198.51.100.8")
        self.assertIn("Anonymised 2 comment(s)", out.getvalue())


class PersonalDataTestCase(CommentsTestCase):
    def setUp(self):
        super().setUp()
        self.mine = self.make_comment(
            "My words.", author_name="Pat", author_email="Pat@Example.org",
            author_url="https://pat.example/", ip_address="192.0.2.5",
        )  # fmt: skip
        self.theirs = self.make_comment("Their words.", author_email="other@example.org")

    def test_export_lists_every_comment_and_field_kept(self):
        out = StringIO()
        call_command("export_personal_data", "pat@example.org", stdout=out)
        data = json.loads(out.getvalue())
        self.assertEqual(len(data["comments"]), 1)
        self.assertEqual(data["comments"][0]["comment"], "My words.")
        self.assertEqual(data["comments"][0]["ip_address"], "192.0.2.5")

    def test_erase_needs_confirmation(self):
        with self.assertRaisesMessage(CommandError, "add --yes"):
            call_command("erase_personal_data", "pat@example.org", stdout=StringIO())
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.author_name, "Pat")

    def test_erase_removes_personal_data_and_keeps_the_words(self):
        call_command("erase_personal_data", "pat@example.org", "--yes", stdout=StringIO())

        self.mine.refresh_from_db()
        self.assertEqual(
            (self.mine.author_name, self.mine.author_email, self.mine.author_url),
            ("Anonymous", "", ""),
        )
        self.assertIsNone(self.mine.ip_address)
        self.assertEqual(self.mine.body, "My words.")
        self.theirs.refresh_from_db()
        self.assertEqual(self.theirs.author_email, "other@example.org")

    def test_admin_privacy_tool_exports_and_erases_after_confirming(self):
        self.client.force_login(self.make_moderator(self.bob))
        url = "/admin/comments/comment/privacy/"

        export = self.client.post(url, {"email": "pat@example.org", "export": "1"})
        self.assertEqual(export["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(json.loads(export.content)["comments"][0]["comment"], "My words.")

        confirm = self.client.post(url, {"email": "pat@example.org", "erase": "1"})
        self.assertContains(confirm, "Erase the name, email, website, IP address and browser")
        self.assertEqual(Comment.objects.get(pk=self.mine.pk).author_name, "Pat")

        self.client.post(url, {"email": "pat@example.org", "erase_confirmed": "1"})
        self.assertEqual(Comment.objects.get(pk=self.mine.pk).author_name, "Anonymous")
