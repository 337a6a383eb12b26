"""The banner in a real browser: Playwright driving Debian's Chromium, axe-core checking it."""

from django.core.cache import cache
from django.test import override_settings

from dateline.articles.models import Article
from dateline.articles.services import publish_article, set_authors
from dateline.authors.models import Author
from dateline.banners.models import Banner
from dateline.banners.services import save_banner
from dateline.test import BrowserTestCase, expect
from dateline.topics.models import Topic

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # pragma: no cover - the test extras install it
    Axe = None


@override_settings(PAGE_CACHE_SECONDS=600)
class BannerInBrowserTestCase(BrowserTestCase):
    def setUp(self):
        cache.clear()
        topic = Topic.objects.create(name="World", slug="world", on_home_page=True)
        author = Author.objects.create(display_name="Alice Example", slug="alice-example")
        self.article = Article.objects.create(
            headline="Harbour talks resume", slug="harbour-talks-resume",
            body="<p>Negotiators met again.</p>", primary_topic=topic,
        )  # fmt: skip
        set_authors(self.article, [author])
        publish_article(self.article)

    def visit(self, path):
        """A reader with an empty browser cache opens `path`: (page, response)."""
        page = self.open_page()
        return page, page.goto(self.live_server_url + path)

    def test_the_banner_shows_on_a_page_from_the_page_cache_right_after_it_is_switched_on(self):
        url = self.article.get_absolute_url()
        self.visit(url)  # kept by the page cache
        page, response = self.visit(url)
        self.assertEqual(response.headers["x-cache"], "HIT")
        expect(page.get_by_role("region", name="Breaking news")).to_have_count(0)

        banner = Banner(text="Ceasefire agreed in Strelna", article=self.article, is_on=True)
        save_banner(banner)

        for expected in ("MISS", "HIT"):  # rendered afresh once, then from the cache
            page, response = self.visit(url)
            self.assertEqual(response.headers["x-cache"], expected)
            region = page.get_by_role("region", name="Breaking news")
            expect(region).to_be_visible()
            expect(
                region.get_by_role("link", name="Ceasefire agreed in Strelna")
            ).to_have_attribute("href", url)
            self.assertEqual(page.problems, [])  # its stylesheet loaded, nothing blocked

        if Axe is None:
            self.skipTest("axe-playwright-python is not installed: axe-core did not run")
        violations = Axe().run(page).response["violations"]
        self.assertEqual([(v["id"], v["nodes"][0]["html"]) for v in violations], [])
