"""Counting a view: the beacon an article page sends once it has loaded, as the view
answers it (dateline/mostread/views.py)."""

from datetime import timedelta

from django.test import override_settings
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.mostread.display import most_read_articles
from dateline.mostread.models import HourlyViews
from dateline.mostread.services import flush_counts
from dateline.mostread.tests.base import MostReadTestCase, views_of


class BeaconTestCase(MostReadTestCase):
    def setUp(self):
        super().setUp()
        self.article = self.make_article("Harbour talks resume")

    def test_a_view_counted_by_the_beacon_shows_in_the_list_after_a_flush(self):
        self.read(self.article)
        self.assertEqual(most_read_articles(), [])

        with override_settings(MOST_READ_FLUSH_SECONDS=0):
            self.read(self.article)  # finds the flush due: writes both views

        self.assertEqual(views_of(self.article), 2)
        self.assertEqual(most_read_articles(), [self.article])

    def test_counting_a_view_asks_nothing_of_the_database(self):
        with self.assertNumQueries(0):
            self.read(self.article, times=3)
        self.assertFalse(HourlyViews.objects.exists())

        self.assertEqual(flush_counts(), 3)
        self.assertEqual(views_of(self.article), 3)

    def test_the_answer_sets_no_cookie_and_no_cache_may_keep_it(self):
        self.client.force_login(self.bob)  # a session cookie goes with the beacon: unused
        response = self.beacon(self.article)

        self.assertEqual(response.status_code, 204)
        self.assertEqual(response.content, b"")
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertEqual(response.cookies, {})

    def test_robots_and_headless_browsers_are_not_counted(self):
        robots = [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0)",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "HeadlessChrome/126.0.0.0 Safari/537.36",
            "python-requests/2.32.3",
            "curl/8.5.0",
            "",
        ]
        for user_agent in robots:
            response = self.beacon(self.article, user_agent=user_agent)
            self.assertEqual(response.status_code, 204)  # told nothing

        self.assertEqual(flush_counts(), 0)
        self.assertEqual(views_of(self.article), 0)

    def test_only_a_post_from_our_own_pages_counts(self):
        self.assertEqual(self.beacon(self.article, method="get").status_code, 204)
        other_site = self.beacon(self.article, **{"Sec-Fetch-Site": "cross-site"})
        self.assertEqual(other_site.status_code, 204)
        self.beacon(self.article, **{"Sec-Fetch-Site": "same-origin"})

        self.assertEqual(flush_counts(), 1)

    def test_views_of_an_article_readers_cannot_see_are_dropped(self):
        draft = self.make_article("Draft budget", status=Article.Status.DRAFT)
        scheduled = self.make_article("Summit opens", published_at=now() + timedelta(hours=1))
        for article in (draft, scheduled):
            self.read(article)

        self.assertEqual(flush_counts(), 0)
        self.assertFalse(HourlyViews.objects.exists())

    def test_an_unknown_or_absurd_article_id_is_answered_and_not_counted(self):
        for pk in (0, self.article.pk + 1000, 2**63 - 1, 2**63, 10**30):
            self.assertEqual(self.beacon(pk).status_code, 204)
        self.assertEqual(self.client.post("/mostread/view/abc/").status_code, 404)
        self.assertEqual(self.client.post("/mostread/view/-1/").status_code, 404)

        self.assertEqual(flush_counts(), 0)
