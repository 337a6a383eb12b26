import time
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.articles.services import unpublish_article
from dateline.frontpage.services import arrange_front_page
from dateline.frontpage.tests.base import FrontPageTestCase, zones


class RulesTestCase(FrontPageTestCase):
    def test_without_an_arrangement_every_zone_fills_by_rule(self):
        self.stories(9, prefix="World")
        self.stories(3, prefix="Climate", topic=self.climate, hours_from=20)

        page = zones(self.client.get("/"))

        self.assertEqual(page["Lead"], ["World 1"])
        self.assertEqual(page["Top stories"], [f"World {n}" for n in range(2, 8)])
        self.assertEqual(page["World"], ["World 8", "World 9"])
        self.assertEqual(page["Climate"], ["Climate 1", "Climate 2", "Climate 3"])

    def test_a_story_in_two_main_topics_appears_once(self):
        self.stories(7)  # the lead and the Top stories
        self.story("Glacier treaty", 30, topics=[self.climate])

        page = zones(self.client.get("/"))

        self.assertEqual(page["World"], ["Glacier treaty"])
        self.assertNotIn("Climate", page)  # an empty block is left out

    def test_the_newest_story_leads_even_if_it_also_belongs_to_a_topic_block(self):
        self.stories(3, prefix="World", hours_from=5)
        self.story("Ice shelf breaks", 1, topic=self.climate)

        page = zones(self.client.get("/"))

        self.assertEqual(page["Lead"], ["Ice shelf breaks"])
        self.assertNotIn("Climate", page)


class ArrangementTestCase(FrontPageTestCase):
    def test_editors_choose_the_lead_and_the_order_of_the_top_stories(self):
        story = self.stories(9)
        self.change(arrange_front_page, lead=story[8], top=[story[5], None, story[3]])

        page = zones(self.client.get("/"))

        self.assertEqual(page["Lead"], ["Story 9"])
        # Slot 2 was left empty: the rule fills it, and the slots after slot 3, with the
        # newest stories not already on the page.
        self.assertEqual(
            page["Top stories"], ["Story 6", "Story 1", "Story 4", "Story 2", "Story 3", "Story 5"]
        )
        self.assertEqual(page["World"], ["Story 7", "Story 8"])

    def test_a_story_placed_in_a_topic_block_stays_there_though_it_is_the_newest(self):
        self.stories(8)
        ice = self.story("Ice shelf breaks", 0.5, topic=self.climate)
        self.change(arrange_front_page, topics={self.climate: [None, ice]})

        page = zones(self.client.get("/"))

        self.assertEqual(page["Lead"], ["Story 1"])
        self.assertEqual(page["Climate"], ["Ice shelf breaks"])
        shown = [headline for zone in page.values() for headline in zone]
        self.assertEqual(shown.count("Ice shelf breaks"), 1)

    def test_a_placed_story_not_yet_live_leaves_its_slot_to_the_rule(self):
        self.stories(2)
        embargoed = self.story("Embargoed budget", -2)  # goes live in two hours
        self.change(arrange_front_page, lead=embargoed)

        page = zones(self.client.get("/"))

        self.assertEqual(page["Lead"], ["Story 1"])
        self.assertNotIn("Embargoed budget", str(page))

    def test_a_draft_cannot_be_placed(self):
        draft = self.make_article("Half-written", status=Article.Status.DRAFT)
        with self.assertRaisesMessage(ValidationError, "only a published or scheduled story"):
            arrange_front_page(lead=draft)


@override_settings(PAGE_CACHE_SECONDS=600)
class ArrangementOnCachedPagesTestCase(FrontPageTestCase):
    def test_unpublishing_a_placed_story_takes_it_off_the_cached_home_page_at_once(self):
        story = self.stories(3)
        climate = self.story("Ice shelf breaks", 1.5, topic=self.climate)
        self.change(arrange_front_page, lead=story[2], topics={self.climate: [climate]})
        self.home()
        self.assertEqual(self.home()["X-Cache"], "HIT")

        self.change(unpublish_article, story[2])
        self.change(unpublish_article, climate)

        r = self.home()
        self.assertEqual(r["X-Cache"], "MISS")
        self.assertEqual(zones(r)["Lead"], ["Story 1"])
        self.assertNotContains(r, "Story 3")
        self.assertNotContains(r, "Ice shelf breaks")

    def test_a_scheduled_lead_takes_over_at_its_time_without_anyone_refreshing_the_page(self):
        story = self.stories(3)
        self.change(arrange_front_page, lead=story[2])
        starts = now() + timedelta(seconds=2)
        self.change(arrange_front_page, lead=story[1], starts_at=starts, note="At two")

        self.assertEqual(zones(self.home())["Lead"], ["Story 3"])
        self.assertEqual(self.home()["X-Cache"], "HIT")
        self.assertLessEqual(cache.get("pagecache:page:/")["expires"], starts.timestamp())

        time.sleep(max(0, (starts - now()).total_seconds()) + 0.05)  # nothing else happens
        r = self.home()
        self.assertEqual(r["X-Cache"], "MISS")
        self.assertEqual(zones(r)["Lead"], ["Story 2"])

    def test_a_scheduled_arrangement_caps_the_cached_home_page_not_the_article_pages(self):
        story = self.stories(2)
        starts = now() + timedelta(seconds=90)
        self.change(arrange_front_page, lead=story[1], starts_at=starts)

        self.home()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.get(story[0].get_absolute_url())

        self.assertLessEqual(cache.get("pagecache:page:/")["expires"], starts.timestamp())
        article_entry = cache.get(f"pagecache:page:{story[0].get_absolute_url()}")
        self.assertGreater(article_entry["expires"], starts.timestamp() + 60)


class QueryCountTestCase(FrontPageTestCase):
    def test_the_home_page_costs_the_same_queries_however_many_zones_and_slots(self):
        self.story("Only story", 1)
        self.client.get("/")  # the navigation and the banner are read once, then cached
        with CaptureQueriesContext(connection) as queries:
            self.client.get("/")
        few = len(queries)  # now: the log it reads keeps only the latest 9,000 queries

        regions = [self.make_topic(f"Region {n}", on_home_page=True, position=n + 2)
                   for n in range(5)]  # fmt: skip
        writers = [self.make_author("Writer one"), self.make_author("Writer two")]
        story = self.stories(12, authors=writers)
        placed = {
            region: self.stories(4, prefix=f"Region {n}", topic=region, hours_from=30)
            for n, region in enumerate(regions)
        }
        for region in regions:  # and some by rule
            self.story(f"More from {region}", 50, topic=region, topics=[self.climate])
        self.change(arrange_front_page, lead=story[11], top=story[5:11], topics=placed)
        self.client.get("/")  # the navigation changed
        with self.assertNumQueries(few):
            r = self.client.get("/")

        page = zones(r)
        self.assertEqual(page["Lead"], ["Story 12"])
        self.assertEqual(page["Region 4"], [f"Region 4 {n}" for n in range(1, 5)])
        self.assertEqual(len(page["Climate"]), 4)
