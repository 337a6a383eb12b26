"""Export: everything kept about one reader, as JSON, from the command line."""

import json
from io import StringIO

from django.core.management import call_command

from dateline.newsletters import services as newsletter_services
from dateline.newsletters.models import Subscription
from dateline.privacy.services import export_personal_data
from dateline.privacy.tests.base import PAT, SIGNUP_PAGE, PrivacyTestCase


class ExportTestCase(PrivacyTestCase):
    def export(self, email=PAT):
        out = StringIO()
        call_command("export_personal_data", email, stdout=out)
        return json.loads(out.getvalue())

    def test_it_lists_every_comment_and_field_kept(self):
        self.make_pats_comment()
        self.make_comment("Their words.", author_email="other@example.org")

        data = self.export()

        self.assertEqual(data["email"], PAT)
        [comment] = data["comments"]
        self.assertEqual(comment["comment"], "My words.")
        self.assertEqual(comment["website"], "https://pat.example/")
        self.assertEqual(comment["ip_address"], "192.0.2.5")

    def test_it_includes_the_subscription_with_its_consent_record(self):
        pat = self.sign_up(newsletters=[self.daily, self.alerts])
        newsletter_services.unsubscribe(pat, self.alerts)

        newsletters = self.export()["newsletters"]

        self.assertEqual(newsletters["email"], PAT)
        consent = newsletters["consent"]
        self.assertEqual(consent["signed_up_at"], pat.created_at.isoformat())
        self.assertEqual(consent["confirmed_at"], pat.confirmed_at.isoformat())
        self.assertEqual(consent["page"], SIGNUP_PAGE)
        self.assertEqual(consent["ip_address"], "198.51.100.7")
        self.assertIsNone(consent["ip_address_replaced_by_a_hash_at"])
        chosen = {n["newsletter"]: n["status"] for n in consent["newsletters"]}
        self.assertEqual(
            chosen,
            {
                "The Daily Briefing": Subscription.Status.ACTIVE,
                "Breaking news": Subscription.Status.UNSUBSCRIBED,
            },
        )
        for subscription in consent["newsletters"]:
            self.assertTrue(subscription["subscribed_at"])
            self.assertTrue(subscription["changed_at"])
        self.assertIsNone(newsletters["suppressed_at"])

    def test_it_includes_the_issues_sent(self):
        pat = self.sign_up(newsletters=[self.daily, self.alerts])
        self.send("Grid pact signed", pat)
        self.send("Breaking: ceasefire", pat, self.alerts)
        self.send("Someone else's issue", self.sign_up("robin@example.org"))

        sent = self.export()["newsletters"]["issues_sent"]

        self.assertEqual(
            [(i["subject"], i["newsletter"], i["status"]) for i in sent],
            [
                ("Grid pact signed", "The Daily Briefing", "sent"),
                ("Breaking: ceasefire", "Breaking news", "sent"),
            ],
        )
        self.assertTrue(all(i["sent_at"] for i in sent))

    def test_it_finds_the_address_in_any_case(self):
        self.make_pats_comment()
        self.sign_up()

        data = self.export("PAT@example.ORG")

        self.assertEqual(len(data["comments"]), 1)
        self.assertEqual(data["newsletters"]["email"], PAT)

    def test_newsletters_is_null_for_an_address_that_never_subscribed(self):
        self.make_pats_comment()
        self.assertIsNone(self.export()["newsletters"])

    def test_it_exports_an_empty_record_for_an_unknown_address(self):
        self.assertEqual(
            export_personal_data("nobody@example.org"),
            {"email": "nobody@example.org", "comments": [], "newsletters": None},
        )
