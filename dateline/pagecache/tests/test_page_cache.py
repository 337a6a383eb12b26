import time
from datetime import timedelta
from unittest.mock import patch

from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from dateline.articles.services import publish_article, record_update, unpublish_article
from dateline.comments.models import Comment
from dateline.comments.services import approve_comment
from dateline.comments.tests.base import READER_COMMENT
from dateline.test import BaseTestCase


@override_settings(PAGE_CACHE_SECONDS=600, COMMENTS_MIN_FILL_SECONDS=0, COMMENTS_FLOOD_SECONDS=0)
class PageCacheTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.climate = self.make_topic("Climate")
        self.article = self.make_article("Grid pact signed", topics=[self.climate])
        self.other_topic = self.make_topic("Sport")
        self.make_article("Match report", topic=self.other_topic)
        self.url = self.article.get_absolute_url()

    def get(self, url, client=None):
        with self.captureOnCommitCallbacks(execute=True):
            return (client or self.client).get(url)

    def change(self, write, *args, **kwargs):
        with self.captureOnCommitCallbacks(execute=True):
            return write(*args, **kwargs)

    def test_a_second_anonymous_visit_is_served_from_the_cache_without_queries(self):
        self.assertEqual(self.get(self.url)["X-Cache"], "MISS")
        with CaptureQueriesContext(connection) as queries:
            r = self.get(self.url)
        self.assertEqual(r["X-Cache"], "HIT")
        self.assertContains(r, "Grid pact signed")
        self.assertEqual(len(queries), 0)
        self.assertIn("public", r["Cache-Control"])

    def test_a_page_served_again_costs_one_small_read_while_nothing_changed(self):
        self.get(self.url)
        self.assertEqual(self.get(self.url)["X-Cache"], "HIT")  # now in this process too
        with patch.object(cache, "get_many", wraps=cache.get_many) as shared_reads:
            again = self.get(self.url)
        self.assertEqual(again["X-Cache"], "HIT")
        self.assertContains(again, "Grid pact signed")
        shared_reads.assert_not_called()

    def test_any_change_sends_the_next_hit_back_to_the_shared_cache(self):
        self.get(self.url)
        self.get(self.url)
        # Another story changes: this page is still current, read from the shared cache.
        other = self.change(self.make_article, "Ferry timetable", topic=self.other_topic)
        with patch.object(cache, "get_many", wraps=cache.get_many) as shared_reads:
            self.assertEqual(self.get(self.url)["X-Cache"], "HIT")
        shared_reads.assert_called()
        # The page's own story changes: rendered afresh, at once.
        self.assertNotContains(self.get(self.url), "This post was last updated on")
        self.change(record_update, self.article)
        r = self.get(self.url)
        self.assertEqual(r["X-Cache"], "MISS")
        self.assertContains(r, "This post was last updated on")
        self.assertNotEqual(other.pk, self.article.pk)

    def test_parameters_a_page_does_not_read_neither_miss_nor_fill_the_cache(self):
        from dateline.pagecache.middleware import page_key

        self.assertEqual(self.get(self.url + "?utm_source=social&fbclid=abc")["X-Cache"], "MISS")
        self.assertEqual(self.get(self.url)["X-Cache"], "HIT")  # kept as the page itself
        for number in range(30):  # a flood of random parameters
            r = self.get(f"{self.url}?x{number}={number}")
            self.assertEqual(r["X-Cache"], "HIT")
            self.assertContains(r, "Grid pact signed")
        self.assertIsNone(cache.get(page_key(f"{self.url}?x1=1")))
        self.assertIsNotNone(cache.get(page_key(self.url)))

    def test_parameters_a_page_reads_are_pages_of_their_own(self):
        listing = self.climate.get_absolute_url()
        self.assertEqual(self.get(listing)["X-Cache"], "MISS")
        self.assertEqual(self.get(listing + "?page=1")["X-Cache"], "MISS")
        self.assertEqual(self.get(listing + "?page=1&utm_source=x")["X-Cache"], "HIT")
        self.assertEqual(self.get(self.url + "?comments=all")["X-Cache"], "MISS")
        self.assertEqual(self.get(self.url + "?utm_source=x&comments=all")["X-Cache"], "HIT")

    @override_settings(PAGE_CACHE_SHARED_SECONDS=1)
    def test_nginx_keeps_a_page_no_later_than_the_end_of_the_current_second(self):
        for expected in ("MISS", "HIT"):
            before = int(time.time())
            r = self.get(self.url)
            self.assertEqual(r["X-Cache"], expected)
            # nginx counts whole seconds: "@<this second>" expires when the next one starts.
            self.assertIn(int(r["X-Accel-Expires"].lstrip("@")), (before, before + 1))

    def test_a_cleared_cache_is_noticed_by_every_process(self):
        self.get(self.url)
        self.get(self.url)
        cache.clear()  # an operator's purge, or Redis restarted empty
        self.assertEqual(self.get(self.url)["X-Cache"], "MISS")

    def test_a_page_kept_by_an_earlier_version_is_rendered_afresh_without_alarm(self):
        from django.http import HttpResponse

        from dateline.pagecache.middleware import page_key

        old_entry = {"tags": {}, "expires": time.time() + 600, "response": HttpResponse("old")}
        cache.set(page_key(self.url), old_entry, 600)
        with self.assertNoLogs("dateline", "WARNING"):
            r = self.get(self.url)
        self.assertEqual(r["X-Cache"], "MISS")
        self.assertContains(r, "Grid pact signed")
        self.assertEqual(self.get(self.url)["X-Cache"], "HIT")

    def test_an_update_invalidates_exactly_the_pages_that_show_the_article(self):
        pages = [self.url, "/", "/news/world/", "/news/climate/", "/authors/alice-example/",
                 "/feeds/rss/"]  # fmt: skip
        for url in [*pages, "/news/sport/"]:
            self.get(url)

        self.article.headline = "Grid pact signed, then delayed"
        self.article.save()
        self.change(record_update, self.article)

        for url in pages:
            with self.subTest(url=url):
                r = self.get(url)
                self.assertEqual(r["X-Cache"], "MISS")
                self.assertContains(r, "Grid pact signed, then delayed")
        self.assertEqual(self.get("/news/sport/")["X-Cache"], "HIT")

    def test_unpublishing_takes_the_story_off_cached_pages_at_once(self):
        self.get(self.url)
        self.get("/")
        self.change(unpublish_article, self.article)
        self.assertEqual(self.get(self.url).status_code, 404)
        self.assertNotContains(self.get("/"), "Grid pact signed")

    def test_approving_a_comment_refreshes_the_article_page(self):
        comment = Comment.objects.create(article=self.article, body="Held words.",
                                         author_name="Dana", status="pending")  # fmt: skip
        self.assertNotContains(self.get(self.url), "Held words.")
        self.change(approve_comment, comment)
        self.assertContains(self.get(self.url), "Held words.")

    def test_staff_and_commenters_always_get_a_fresh_page(self):
        self.get(self.url)
        self.client.force_login(self.alice)
        r = self.get(self.url)
        self.assertNotIn("X-Cache", r)
        self.assertIn("private", r["Cache-Control"])

        reader = self.client_class()
        reader.cookies["dateline_held"] = "x"
        self.assertNotIn("X-Cache", self.get(self.url, reader))

    def test_a_scheduled_story_limits_how_long_pages_are_kept(self):
        go_live = now() + timedelta(seconds=90)
        draft = self.make_article("Embargoed", status="draft")
        self.change(publish_article, draft, at=go_live)
        self.get("/")
        entry = cache.get("pagecache:page:/")
        self.assertLessEqual(entry["expires"], time.time() + 91)

    def test_a_version_the_cache_evicted_never_brings_an_old_page_back(self):
        self.get(self.url)
        self.article.headline = "Grid pact delayed"
        self.article.save()
        self.change(record_update, self.article)

        cache.delete(f"pagecache:tag:article:{self.article.pk}")  # as a full cache would

        r = self.get(self.url)
        self.assertEqual(r["X-Cache"], "MISS")
        self.assertContains(r, "Grid pact delayed")

    def test_a_page_rendered_while_something_changed_is_served_but_not_kept(self):
        from dateline.pagecache import middleware, tags

        read_generation = middleware.current_generation

        def change_during_render():
            generation = read_generation()
            tags.bump(tags.article(self.article.pk))  # another process publishes meanwhile
            return generation

        with patch.object(middleware, "current_generation", change_during_render):
            self.assertEqual(self.get(self.url)["X-Cache"], "MISS")
        self.assertEqual(self.get(self.url)["X-Cache"], "MISS")
        self.assertEqual(self.get(self.url)["X-Cache"], "HIT")

    def test_a_page_rendered_while_another_page_changed_is_kept(self):
        from dateline.pagecache import middleware, tags

        other = self.make_article("Match report, second half", topic=self.other_topic)
        read_generation = middleware.current_generation

        def comments_elsewhere_during_render():
            generation = read_generation()
            tags.bump_versions([tags.comments(other.pk), tags.HOME])  # a flood on another story
            return generation

        with patch.object(middleware, "current_generation", comments_elsewhere_during_render):
            self.assertEqual(self.get(self.url)["X-Cache"], "MISS")
        r = self.get(self.url)
        self.assertEqual(r["X-Cache"], "HIT")
        self.assertContains(r, "Grid pact signed")


@override_settings(PAGE_CACHE_SECONDS=600, COMMENTS_MIN_FILL_SECONDS=0, COMMENTS_FLOOD_SECONDS=0)
class CommentFormOnCachedPagesTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.article = self.make_article("Grid pact signed")
        self.url = self.article.get_absolute_url()
        self.csrf_client = self.client_class(enforce_csrf_checks=True)

    def form(self, html, token):
        from dateline.comments.forms import make_token

        return {
            "csrfmiddlewaretoken": token, "article": self.article.pk,
            "token": make_token(self.article), "comment": READER_COMMENT, "name": "Dana",
            "email": "dana@example.org", "website": "https://dana.example.org/",
        }  # fmt: skip

    def test_a_cached_page_carries_no_token_and_sets_no_cookie(self):
        self.csrf_client.get(self.url)
        r = self.csrf_client.get(self.url)
        self.assertEqual(r["X-Cache"], "HIT")
        self.assertContains(r, 'name="csrfmiddlewaretoken" value=""')
        self.assertContains(r, "comments.js")
        self.assertFalse(r.cookies)

    def test_with_javascript_the_fetched_token_lets_the_comment_through(self):
        page = self.csrf_client.get(self.url)
        token = self.csrf_client.get("/comments/csrf/").json()["token"]
        r = self.csrf_client.post("/comments/post/", self.form(page, token))
        self.assertEqual(r.status_code, 303)
        self.assertTrue(Comment.objects.exists())

    def test_without_javascript_one_more_click_sends_it_and_nothing_is_lost(self):
        page = self.csrf_client.get(self.url)
        first = self.csrf_client.post("/comments/post/", self.form(page, ""))
        self.assertEqual(first.status_code, 403)
        self.assertContains(
            first, "please check it and press Post Comment once more", status_code=403
        )
        self.assertContains(first, READER_COMMENT, status_code=403)
        self.assertFalse(Comment.objects.exists())

        token = first.context["csrf_token"]
        second = self.csrf_client.post("/comments/post/", self.form(first, str(token)))
        self.assertEqual(second.status_code, 303)
        self.assertTrue(Comment.objects.exists())

    def test_a_forged_post_from_another_site_creates_nothing(self):
        r = self.client_class(enforce_csrf_checks=True).post(
            "/comments/post/", self.form(None, "forged-token")
        )
        self.assertEqual(r.status_code, 403)
        self.assertFalse(Comment.objects.exists())


class CacheOutageTestCase(BaseTestCase):
    @override_settings(
        PAGE_CACHE_SECONDS=600,
        CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                            "LOCATION": "redis://127.0.0.1:1/0"}},
    )  # fmt: skip
    def test_the_site_keeps_serving_when_the_cache_is_down(self):
        article = self.make_article("Still here")
        with self.assertLogs("dateline", "WARNING") as logs:
            r = self.client.get(article.get_absolute_url())
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Still here")
        self.assertTrue(any("unavailable" in line for line in logs.output))


class FileCacheTestCase(BaseTestCase):
    def test_it_still_keeps_to_its_size_limit(self):
        import tempfile

        from dateline.pagecache.filecache import FileCache

        with tempfile.TemporaryDirectory() as location:
            small = FileCache(location, {"OPTIONS": {"MAX_ENTRIES": 50, "CULL_FREQUENCY": 2}})
            for number in range(5000):
                small.set(f"page:{number}", "x")
            # Checked on about one write in 100: the chance of no check in the last 1,500
            # writes is under one in a million.
            self.assertLess(len(small._list_cache_files()), 50 + 1500)
            self.assertEqual(small.get("page:4999"), "x")

    def test_a_value_another_process_changes_is_read_afresh(self):
        import tempfile
        import time

        from dateline.pagecache.filecache import FileCache

        with tempfile.TemporaryDirectory() as location:
            writer, reader = FileCache(location, {}), FileCache(location, {})
            for version in range(1, 6):  # each read after a write in the same instant
                writer.set("version:any", version)
                self.assertEqual(reader.get("version:any"), version)
                self.assertEqual(reader.get("version:any"), version)  # remembered
            writer.delete("version:any")
            self.assertIsNone(reader.get("version:any"))
            writer.set("version:any", 7, timeout=1)
            self.assertEqual(reader.get("version:any"), 7)
            time.sleep(1.1)
            self.assertIsNone(reader.get("version:any"))  # expired, though remembered
            writer.add("version:any", 8)
            self.assertEqual(reader.get("version:any"), 8)
            writer.clear()
            self.assertIsNone(reader.get("version:any"))
            # Large or mutable values are read from their file every time.
            writer.set("page", {"body": "x"})
            reader.get("page")["body"] = "changed by a caller"
            self.assertEqual(reader.get("page"), {"body": "x"})
