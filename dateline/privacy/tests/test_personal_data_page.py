"""The newsroom's page for a reader's request: export or erase everything kept about them
by email address. Moderators, editors and administrators may open it; authors may not."""

import json

from dateline.comments.models import Comment
from dateline.newsletters.models import Subscriber
from dateline.newsroom import roles
from dateline.privacy.tests.base import PAT, PrivacyTestCase
from dateline.test import make_staff

URL = "/admin/privacy/"


class PersonalDataPageTestCase(PrivacyTestCase):
    def setUp(self):
        super().setUp()
        self.mine = self.make_pats_comment()
        self.pat = self.sign_up(newsletters=[self.daily, self.alerts])
        self.send("Grid pact signed", self.pat)
        self.client.force_login(make_staff("mo", roles.MODERATORS))

    def test_export_downloads_everything_as_json(self):
        r = self.client.post(URL, {"email": PAT, "export": "1"})

        self.assertEqual(r["Content-Type"], "application/json; charset=utf-8")
        self.assertIn("attachment", r["Content-Disposition"])
        data = json.loads(r.content)
        self.assertEqual(data["comments"][0]["comment"], "My words.")
        self.assertEqual(data["newsletters"]["consent"]["ip_address"], "198.51.100.7")
        self.assertEqual(data["newsletters"]["issues_sent"][0]["subject"], "Grid pact signed")

    def test_erase_first_shows_what_will_be_erased(self):
        r = self.client.post(URL, {"email": PAT, "erase": "1"})

        self.assertContains(r, "Erase the personal data of pat@example.org?")
        self.assertContains(r, "The name, email, website, IP address and browser of 1 comment.")
        self.assertContains(
            r,
            "The newsletter subscriber pat@example.org, with the subscriptions to The Daily "
            "Briefing (subscribed), Breaking news (subscribed)",
        )
        self.assertContains(r, 'name="erase_confirmed"')
        self.assertEqual(Comment.objects.get(pk=self.mine.pk).author_name, "Pat")
        self.assertTrue(Subscriber.objects.filter(email=PAT).exists())

    def test_erase_confirmed_erases_and_says_so(self):
        r = self.client.post(URL, {"email": PAT, "erase_confirmed": "1"}, follow=True)

        self.assertRedirects(r, URL)
        self.assertContains(
            r,
            "Erased the personal data of pat@example.org: 1 comment(s) now credited to "
            "&quot;Anonymous&quot;, 1 newsletter subscriber(s) deleted.",
        )
        self.assertEqual(Comment.objects.get(pk=self.mine.pk).author_name, "Anonymous")
        self.assertFalse(Subscriber.objects.filter(email=PAT).exists())

    def test_erase_says_when_nothing_is_kept(self):
        r = self.client.post(URL, {"email": "nobody@example.org", "erase": "1"})

        self.assertContains(r, "Nothing is kept about nobody@example.org: nothing to erase.")
        self.assertNotContains(r, 'name="erase_confirmed"')

    def test_a_wrong_address_is_asked_for_again(self):
        r = self.client.post(URL, {"email": "pat at example", "export": "1"})
        self.assertContains(r, "Enter a valid email address.")


class WhoMayOpenThePageTestCase(PrivacyTestCase):
    def test_moderators_editors_and_administrators_may_open_it_from_the_admin_home(self):
        for user in (
            make_staff("mo", roles.MODERATORS),
            self.alice,  # an editor
            make_staff("ada", roles.ADMINISTRATORS),
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertContains(self.client.get("/admin/"), f'href="{URL}"')
                self.assertContains(self.client.get(URL), "Readers&#x27; personal data")

    def test_authors_may_not_and_are_not_offered_it(self):
        self.client.force_login(make_staff("dana", roles.AUTHORS))

        self.assertNotContains(self.client.get("/admin/"), f'href="{URL}"')
        r = self.client.post(URL, {"email": PAT, "export": "1"})
        self.assertContains(r, "Your role does not include this page.", status_code=403)

    def test_a_visitor_is_asked_to_log_in(self):
        r = self.client.get(URL)
        self.assertRedirects(r, f"/admin/login/?next={URL}")
