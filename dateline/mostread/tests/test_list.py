"""The list: the day's five most-read live stories, on the home page."""

from datetime import timedelta
from io import StringIO
from unittest.mock import patch

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.articles.services import after_change, unpublish_article
from dateline.mostread.display import most_read_articles
from dateline.mostread.models import HourlyViews
from dateline.mostread.services import refresh_most_read
from dateline.mostread.tests.base import MostReadTestCase


class MostReadListTestCase(MostReadTestCase):
    def make_read_articles(self, *views, first=1):
        """One article for each number of views: "Story 1" (or "Story <first>") first."""
        articles = []
        for n, count in enumerate(views, start=first):
            article = self.make_article(f"Story {n}")
            self.counted_before(article, count)
            articles.append(article)
        return articles

    def test_it_lists_the_days_five_most_read_stories_most_read_first(self):
        articles = self.make_read_articles(3, 9, 1, 7, 5, 4)
        self.counted_before(articles[2], 10, hours_ago=23)  # still today: 11 in all

        refresh_most_read()

        self.assertEqual(
            [a.headline for a in most_read_articles()],
            ["Story 3", "Story 2", "Story 4", "Story 5", "Story 6"],
        )

    def test_views_more_than_a_day_old_do_not_count(self):
        old, new = self.make_read_articles(1, 2)
        self.counted_before(old, 50, hours_ago=24)

        refresh_most_read()

        self.assertEqual(most_read_articles(), [new, old])

    def test_an_unpublished_or_scheduled_story_never_appears(self):
        pulled, kept = self.make_read_articles(9, 1)
        refresh_most_read()
        self.assertEqual(most_read_articles(), [pulled, kept])

        # Taken down behind the newsroom's back (no change announced): the list as
        # computed still names it, and it is left out all the same.
        Article.objects.filter(pk=pulled.pk).update(status=Article.Status.UNPUBLISHED)
        self.assertEqual(most_read_articles(), [kept])
        scheduled = self.make_article("Summit opens", published_at=now() + timedelta(hours=1))
        self.counted_before(scheduled, 99)
        refresh_most_read()

        self.assertEqual(most_read_articles(), [kept])
        self.assertNotContains(self.client.get("/"), "Summit opens")

    def test_a_listed_story_taken_down_makes_way_for_the_next_at_once(self):
        pulled, *others = self.make_read_articles(9, 8, 7, 6, 5, 4)
        refresh_most_read()
        self.assertNotIn(others[-1], most_read_articles())

        unpublish_article(pulled)

        self.assertEqual(most_read_articles(), others)
        self.assertContains(self.client.get("/"), "Story 6")

    def test_an_article_page_puts_the_list_in_without_a_query_of_its_own(self):
        self.make_read_articles(9, 8)
        refresh_most_read()
        reader_page = self.make_article("Ferry timetable changes").get_absolute_url()
        self.client.get(reader_page)  # stores the page's parts and renders the list once

        with CaptureQueriesContext(connection) as queries:
            page = self.client.get(reader_page)

        self.assertContains(page, "Story 1")
        self.assertContains(page, "Story 2")
        self.assertEqual(len(queries), 1, "the page's stored parts only")

    def test_a_new_headline_on_the_list_shows_on_article_pages_once_committed(self):
        listed, _ = self.make_read_articles(9, 8)
        refresh_most_read()
        reader_page = self.make_article("Ferry timetable changes").get_absolute_url()
        self.assertContains(self.client.get(reader_page), "Story 1")

        with self.captureOnCommitCallbacks(execute=True), transaction.atomic():
            listed.headline = "Harbour talks collapse"
            listed.save(update_fields=["headline"])
            after_change(listed)

        page = self.client.get(reader_page)
        self.assertContains(page, "Harbour talks collapse")
        self.assertNotContains(page, "Story 1")

    def test_the_home_page_shows_the_list(self):
        first, second = self.make_read_articles(1, 2)
        refresh_most_read()

        response = self.client.get("/")

        self.assertContains(response, '<h2 id="most-read-title" class="section-title">Most read')
        self.assertInHTML(
            f'<ol class="most-read-list">'
            f'<li><a href="{second.get_absolute_url()}">Story 2</a></li>'
            f'<li><a href="{first.get_absolute_url()}">Story 1</a></li>'
            f"</ol>",
            response.content.decode(),
        )

    def test_the_home_page_has_no_block_before_anything_is_read(self):
        self.make_article("Harbour talks resume")
        self.assertNotContains(self.client.get("/"), "Most read")

    def test_the_list_shows_while_the_cache_is_down(self):
        first, second = self.make_read_articles(1, 2)
        refresh_most_read()

        with patch.object(cache, "get", side_effect=ConnectionError("Redis is down")):
            self.assertContains(self.client.get("/"), "Most read")
            self.assertEqual(most_read_articles(), [second, first])

    def test_the_list_takes_one_query_however_long_it_is(self):
        self.make_read_articles(1, 2)
        refresh_most_read()
        with self.assertNumQueries(1):
            self.assertEqual(len(most_read_articles()), 2)

        self.make_read_articles(3, 4, 5, first=3)
        refresh_most_read()
        with self.assertNumQueries(1):
            self.assertEqual(len(most_read_articles()), 5)

    def test_counts_older_than_the_days_kept_are_deleted(self):
        (article,) = self.make_read_articles(1)
        self.counted_before(article, 5, hours_ago=24 * 7 + 1)
        self.counted_before(article, 4, hours_ago=24 * 7 - 1)

        with override_settings(MOST_READ_KEEP_DAYS=7):
            call_command("refresh_most_read", stdout=StringIO())

        self.assertEqual(sorted(HourlyViews.objects.values_list("views", flat=True)), [1, 4])


@override_settings(PAGE_CACHE_SECONDS=600)
class CachedHomePageTestCase(MostReadTestCase):
    """The home page is kept whole by the page cache: it is refreshed when the list's order
    changes, and only then."""

    def setUp(self):
        super().setUp()
        self.first = self.make_article("Harbour talks resume")
        self.second = self.make_article("Grid pact signed")
        self.counted_before(self.first, 5)
        self.counted_before(self.second, 3)
        self.refresh()

    def get_home(self):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.get("/")

    def beacon_flushed(self, article):
        """A beacon that finds the flush due, as it ends (the page cache hears of any
        change once it is committed)."""
        with self.settings(MOST_READ_FLUSH_SECONDS=0), self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.beacon(article).status_code, 204)

    def refresh(self):
        with self.captureOnCommitCallbacks(execute=True):
            refresh_most_read()

    def most_read_on_home(self, response):
        block = response.content.decode().split('class="most-read-list"')[1].split("</ol>")[0]
        shown = [a.headline for a in (self.first, self.second) if a.headline in block]
        return sorted(shown, key=block.index)

    def test_a_new_order_refreshes_the_cached_home_page(self):
        self.assertEqual(self.get_home()["X-Cache"], "MISS")
        self.assertEqual(self.get_home()["X-Cache"], "HIT")

        for _ in range(3):
            self.beacon_flushed(self.second)  # each writes and refreshes: 6 views to 5
        home = self.get_home()

        self.assertEqual(home["X-Cache"], "MISS")
        self.assertEqual(self.most_read_on_home(home), ["Grid pact signed", "Harbour talks resume"])

    def test_views_that_leave_the_order_as_it_was_leave_the_cached_home_page_alone(self):
        self.get_home()
        self.beacon_flushed(self.first)
        self.beacon_flushed(self.second)

        home = self.get_home()
        self.assertEqual(home["X-Cache"], "HIT")
        self.assertEqual(self.most_read_on_home(home), ["Harbour talks resume", "Grid pact signed"])

    def test_the_list_is_computed_at_most_every_refresh_seconds(self):
        self.get_home()
        with self.settings(MOST_READ_REFRESH_SECONDS=300):
            self.beacon_flushed(self.second)  # refreshes the list, and claims the next 300 s
            for _ in range(3):
                self.beacon_flushed(self.second)  # written, not yet in the list
            self.assertEqual(self.get_home()["X-Cache"], "HIT")
            self.assertEqual(most_read_articles(), [self.first, self.second])

        with self.captureOnCommitCallbacks(execute=True):
            call_command("refresh_most_read", stdout=StringIO())

        self.assertEqual(most_read_articles(), [self.second, self.first])
        self.assertEqual(self.get_home()["X-Cache"], "MISS")

    def test_an_article_page_shows_the_list_and_follows_a_new_order(self):
        third = self.make_article("Ferry timetable changes")
        url = third.get_absolute_url()
        with self.captureOnCommitCallbacks(execute=True):
            page = self.client.get(url)
        self.assertEqual(self.most_read_on_home(page), ["Harbour talks resume", "Grid pact signed"])
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.client.get(url)["X-Cache"], "HIT")

        for _ in range(3):
            self.beacon_flushed(self.second)
        with self.captureOnCommitCallbacks(execute=True):
            page = self.client.get(url)

        self.assertEqual(page["X-Cache"], "MISS")
        self.assertEqual(self.most_read_on_home(page), ["Grid pact signed", "Harbour talks resume"])
        self.assertContains(page, "Ferry timetable changes")
