from datetime import timedelta

from django.test import override_settings
from django.utils.timezone import localtime, now

from dateline.articles.models import Article
from dateline.banners.models import Banner
from dateline.newsroom import roles
from dateline.test import BaseTestCase, make_staff

BANNERS = "/admin/banners/banner/"


def banner_form(text="Earthquake strikes off the coast", story=None, is_on=True, ends_at=None):
    data = {"text": text, "article": story.pk if story else ""}
    if is_on:
        data["is_on"] = "on"
    if ends_at is not None:
        ends_at = localtime(ends_at)
        data |= {"ends_at_0": f"{ends_at:%Y-%m-%d}", "ends_at_1": f"{ends_at:%H:%M:%S}"}
    return data


@override_settings(PAGE_CACHE_SECONDS=600)
class BannerAdminTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.story = self.make_article("Earthquake off the coast")
        self.client.force_login(self.alice)  # an editor

    def post(self, url, data):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, data)

    def reader_sees(self):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client_class().get("/")

    def test_an_editor_switches_a_banner_on_and_readers_see_it_at_once(self):
        self.reader_sees()
        self.assertEqual(self.reader_sees()["X-Cache"], "HIT")
        self.assertEqual(self.client.get(f"{BANNERS}add/").status_code, 200)

        r = self.post(f"{BANNERS}add/", banner_form(story=self.story))

        self.assertRedirects(r, BANNERS)
        self.assertContains(self.client.get(BANNERS), '<td class="field-state">Showing</td>')
        banner = Banner.objects.get()
        self.assertTrue(banner.is_on)
        self.assertEqual(banner.changed_by, self.alice)
        self.assertContains(self.reader_sees(), "Earthquake strikes off the coast")

    def test_the_switch_off_action_takes_it_off_the_pages(self):
        self.post(f"{BANNERS}add/", banner_form(story=self.story))
        self.assertContains(self.reader_sees(), "breaking-banner")
        banner = Banner.objects.get()

        r = self.post(BANNERS, {"action": "switch_off", "_selected_action": [banner.pk]})

        self.assertEqual(r.status_code, 302)
        self.assertNotContains(self.reader_sees(), "breaking-banner")

    def test_bad_input_comes_back_with_a_clear_message(self):
        draft = self.make_article("Half-written", status=Article.Status.DRAFT)
        cases = {
            "This field is required.": banner_form(text=""),
            "This time has passed: choose a later one, or leave it empty.": banner_form(
                ends_at=now() - timedelta(minutes=5)
            ),
            "“Half-written” is not live: link to a story readers can open now.": banner_form(
                story=draft
            ),
            "Ensure this value has at most 160 characters": banner_form(text="x" * 161),
        }
        for message, data in cases.items():
            with self.subTest(message):
                r = self.post(f"{BANNERS}add/", data)
                self.assertContains(r, message)
                self.assertContains(r, "Please correct the error")
        self.assertFalse(Banner.objects.exists())

    def test_only_roles_that_edit_the_site_may_switch_it_on(self):
        self.client.force_login(make_staff("mo", roles.MODERATORS))
        self.assertEqual(self.client.get(BANNERS).status_code, 403)
        self.assertEqual(self.post(f"{BANNERS}add/", banner_form()).status_code, 403)
