import time
from datetime import timedelta

from django.core.cache import cache
from django.test import override_settings
from django.utils.timezone import now

from dateline.articles.models import ArticlePageParts
from dateline.articles.services import unpublish_article
from dateline.banners.models import Banner
from dateline.banners.services import save_banner, switch_off_banners
from dateline.test import BaseTestCase

BANNER = '<div class="breaking-banner" role="region" aria-label="Breaking news">'


@override_settings(PAGE_CACHE_SECONDS=600)
class BannerOnCachedPagesTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.story = self.make_article("Earthquake off the coast")
        self.other = self.make_article("Harbour talks resume")
        self.pages = ["/", self.other.get_absolute_url(), "/news/world/", "/latest/"]

    def get(self, url, **headers):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.get(url, headers=headers)

    def change(self, write, *args, **kwargs):
        with self.captureOnCommitCallbacks(execute=True):
            return write(*args, **kwargs)

    def switch_on(self, **fields):
        banner = Banner(text="Earthquake strikes off the coast", article=self.story, is_on=True)
        for name, value in fields.items():
            setattr(banner, name, value)
        return self.change(save_banner, banner)

    def cache_every_page(self):
        for url in self.pages:
            self.get(url)
            self.assertEqual(self.get(url)["X-Cache"], "HIT", url)

    def test_it_shows_on_every_cached_page_right_after_it_is_switched_on(self):
        self.cache_every_page()

        self.switch_on()

        for url in self.pages:
            with self.subTest(url=url):
                r = self.get(url)
                self.assertEqual(r["X-Cache"], "MISS")
                self.assertContains(r, BANNER)
                link = f'<a href="{self.story.get_absolute_url()}">Earthquake strikes off'
                self.assertContains(r, link)
                self.assertEqual(self.get(url)["X-Cache"], "HIT")

    def test_it_goes_from_every_cached_page_when_switched_off(self):
        banner = self.switch_on()
        self.cache_every_page()
        self.assertContains(self.get("/"), BANNER)

        self.change(switch_off_banners, Banner.objects.filter(pk=banner.pk))

        for url in self.pages:
            with self.subTest(url=url):
                self.assertNotContains(self.get(url), "breaking-banner")

    def test_it_goes_at_its_end_time_without_anyone_switching_it_off(self):
        ends = now() + timedelta(seconds=2)
        self.switch_on(ends_at=ends)
        self.cache_every_page()
        self.assertContains(self.get(self.other.get_absolute_url()), BANNER)
        entry = cache.get(f"pagecache:page:{self.other.get_absolute_url()}")
        self.assertLessEqual(entry["expires"], ends.timestamp())

        time.sleep(max(0, (ends - now()).total_seconds()) + 0.05)  # nothing else happens

        for url in self.pages:
            with self.subTest(url=url):
                self.assertNotContains(self.get(url), "breaking-banner")

    def test_switching_it_on_keeps_the_articles_stored_page_parts(self):
        url = self.other.get_absolute_url()
        self.get(url)  # stores the page's parts
        parts = ArticlePageParts.objects.get(article=self.other)

        self.switch_on()

        self.assertContains(self.get(url), BANNER)
        kept = ArticlePageParts.objects.get(article=self.other)
        self.assertEqual((kept.version, kept.built_at), (parts.version, parts.built_at))
        self.assertNotIn("breaking-banner", kept.top)

    def test_a_browser_copy_without_the_banner_is_not_confirmed_as_current(self):
        url = self.other.get_absolute_url()
        before = self.get(url)["ETag"]
        self.assertEqual(self.get(url, if_none_match=before).status_code, 304)

        self.switch_on()

        r = self.get(url, if_none_match=before)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, BANNER)
        self.assertEqual(self.get(url, if_none_match=r["ETag"]).status_code, 304)

    def test_unpublishing_the_story_takes_its_link_off_the_banner(self):
        self.switch_on()
        self.assertContains(self.get("/"), f'href="{self.story.get_absolute_url()}"')

        self.change(unpublish_article, self.story)

        r = self.get("/")
        self.assertContains(r, "Earthquake strikes off the coast")
        self.assertNotContains(r, f'href="{self.story.get_absolute_url()}"')

    def test_switching_one_banner_on_switches_the_other_off(self):
        first = self.switch_on(text="Polls close at ten")
        second = self.switch_on(text="Earthquake strikes off the coast")

        first.refresh_from_db()
        self.assertFalse(first.is_on)
        self.assertTrue(second.is_on)
        r = self.get("/")
        self.assertContains(r, "Earthquake strikes off the coast")
        self.assertNotContains(r, "Polls close at ten")

    def test_a_banner_text_cannot_inject_markup(self):
        self.switch_on(text='<script>alert("x")</script> Breaking')
        r = self.get("/")
        self.assertNotContains(r, '<script>alert("x")</script>')
        self.assertContains(r, "&lt;script&gt;")
