from datetime import timedelta

from django.test import override_settings
from django.utils.timezone import localtime, now

from dateline.articles.models import Article
from dateline.frontpage.models import Arrangement
from dateline.frontpage.services import arrange_front_page
from dateline.frontpage.tests.base import FrontPageTestCase, zones
from dateline.newsroom import roles
from dateline.test import make_staff

ARRANGEMENTS = "/admin/frontpage/arrangement/"


def arrangement_form(*slots, starts_at=None, note=""):
    """The add form as an editor sends it: `slots` are (zone, topic, position, story)."""
    starts_at = localtime(starts_at or now())
    data = {
        "starts_at_0": f"{starts_at:%Y-%m-%d}", "starts_at_1": f"{starts_at:%H:%M:%S}",
        "note": note, "slots-TOTAL_FORMS": str(len(slots)), "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0", "slots-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for n, (zone, topic, position, story) in enumerate(slots):
        data |= {
            f"slots-{n}-zone": zone, f"slots-{n}-topic": topic.pk if topic else "",
            f"slots-{n}-position": str(position), f"slots-{n}-article": str(story.pk),
        }  # fmt: skip
    return data


@override_settings(PAGE_CACHE_SECONDS=600)
class ArrangementAdminTestCase(FrontPageTestCase):
    def setUp(self):
        super().setUp()
        self.story_ = self.stories(4)
        self.client.force_login(self.alice)  # an editor

    def post(self, data):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(f"{ARRANGEMENTS}add/", data)

    def test_a_new_arrangement_starts_as_a_copy_of_the_one_in_force(self):
        arrange_front_page(lead=self.story_[3])
        self.assertEqual(self.client.get(ARRANGEMENTS).status_code, 200)

        r = self.client.get(f"{ARRANGEMENTS}add/")

        self.assertEqual(r.status_code, 200)
        self.assertContains(r, f'<option value="{self.story_[3].pk}" selected>Story 4</option>')

    def test_saving_an_arrangement_refreshes_the_cached_home_page_at_once(self):
        self.assertEqual(zones(self.home())["Lead"], ["Story 1"])
        self.assertEqual(self.home()["X-Cache"], "HIT")

        r = self.post(
            arrangement_form(("lead", None, 1, self.story_[3]), ("top", None, 1, self.story_[2]))
        )

        self.assertRedirects(r, ARRANGEMENTS)
        page = zones(self.home())
        self.assertEqual(page["Lead"], ["Story 4"])
        self.assertEqual(page["Top stories"], ["Story 3", "Story 1", "Story 2"])
        self.assertEqual(Arrangement.objects.get().created_by, self.alice)

    def test_deleting_the_arrangement_in_force_brings_back_the_one_before(self):
        arrange_front_page(lead=self.story_[3], starts_at=now() - timedelta(hours=1))
        latest = arrange_front_page(lead=self.story_[2])
        self.home()

        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(f"{ARRANGEMENTS}{latest.pk}/delete/", {"post": "yes"})

        self.assertRedirects(r, ARRANGEMENTS)
        self.assertEqual(zones(self.home())["Lead"], ["Story 4"])

    def test_bad_input_comes_back_with_a_clear_message(self):
        draft = self.make_article("Half-written", status=Article.Status.DRAFT)
        one, two = self.story_[0], self.story_[1]
        cases = {
            "“Story 1” is placed twice: a story appears once on the page.": [
                ("lead", None, 1, one), ("top", None, 1, one)],
            "Top stories, slot 2, already has “Story 1”.": [
                ("top", None, 2, one), ("top", None, 2, two)],
            "Top stories has slots 1 to 6.": [("top", None, 7, one)],
            "Lead story has one slot: its position is 1.": [("lead", None, 2, one)],
            "Choose the main topic whose block this story goes in.": [("topic", None, 1, one)],
            "Only a topic block has a topic: leave it empty.": [("top", self.world, 1, one)],
            "“Half-written” is a draft: only a published or scheduled story can be placed.": [
                ("lead", None, 1, draft)],
        }  # fmt: skip
        for message, slots in cases.items():
            with self.subTest(message):
                r = self.post(arrangement_form(*slots))
                self.assertContains(r, message, html=False)
                self.assertContains(r, "Please correct the error")
        self.assertFalse(Arrangement.objects.exists())

    def test_only_roles_that_edit_the_site_may_arrange_it(self):
        moderator = make_staff("mo", roles.MODERATORS)
        self.client.force_login(moderator)
        self.assertEqual(self.client.get(ARRANGEMENTS).status_code, 403)
        self.assertEqual(self.post(arrangement_form()).status_code, 403)
