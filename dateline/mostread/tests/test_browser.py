"""Counting in a real browser (Playwright driving Debian's Chromium): once per article per
tab, whether the page came from Django or from the page cache."""

from django.test import override_settings

from dateline.articles.models import Article
from dateline.articles.services import publish_article, set_authors
from dateline.authors.models import Author
from dateline.mostread.services import flush_counts
from dateline.mostread.tests.base import BROWSER, forget_views_counted_elsewhere, views_of
from dateline.test import BrowserTestCase
from dateline.topics.models import Topic


@override_settings(PAGE_CACHE_SECONDS=600, MOST_READ_FLUSH_SECONDS=3600)
class BeaconInBrowserTestCase(BrowserTestCase):
    def setUp(self):
        forget_views_counted_elsewhere()
        topic = Topic.objects.create(name="World", slug="world")
        author = Author.objects.create(display_name="Alice Example", slug="alice-example")
        self.article = Article.objects.create(
            headline="Harbour talks resume",
            slug="harbour-talks-resume",
            body="<p>Negotiators met again.</p>",
            primary_topic=topic,
        )
        set_authors(self.article, [author])
        publish_article(self.article)
        self.url = self.live_server_url + self.article.get_absolute_url()

    def reader_tab(self, **options):
        """A new tab, and the beacons it sends."""
        page = self.open_page(**options)
        page.beacons = []
        page.on("request", lambda r: "/mostread/view/" in r.url and page.beacons.append(r.method))
        return page

    def test_an_article_loaded_twice_in_one_tab_is_counted_once(self):
        # A headless browser says so in its user agent: it stores the page in the page
        # cache, and its beacon is not counted.
        robot = self.reader_tab()
        self.assertEqual(robot.goto(self.url, wait_until="networkidle").headers["x-cache"], "MISS")
        self.assertEqual(robot.beacons, ["POST"])

        reader = self.reader_tab(user_agent=BROWSER)
        with reader.expect_response("**/mostread/view/**") as beacon:
            first = reader.goto(self.url)
        second = reader.reload(wait_until="networkidle")

        self.assertEqual(beacon.value.status, 204)
        self.assertEqual([first.headers["x-cache"], second.headers["x-cache"]], ["HIT", "HIT"])
        self.assertEqual(reader.beacons, ["POST"])
        flush_counts()
        self.assertEqual(views_of(self.article), 1)
        self.assertEqual(reader.problems, [])

    def test_a_new_tab_is_a_new_view(self):
        for _ in range(2):
            tab = self.reader_tab(user_agent=BROWSER)
            with tab.expect_response("**/mostread/view/**"):
                tab.goto(self.url)

        flush_counts()
        self.assertEqual(views_of(self.article), 2)
