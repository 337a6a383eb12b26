import time

from django.test import override_settings

from dateline.api.tests.base import ApiTestCase

# What the reader pages say (pagecache/middleware.py): clients revalidate every time, a
# front server or CDN may keep an answer PAGE_CACHE_SHARED_SECONDS (1 s).
AS_FRESH_AS_A_PAGE = "public, max-age=0, s-maxage=1"


class HttpCachingTestCase(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.article = self.make_article("Talks resume")
        self.urls = [
            "/api/v1/articles/",
            f"/api/v1/articles/{self.article.pk}/",
            f"/api/v1/articles/{self.article.pk}/comments/",
            "/api/v1/topics/",
            "/api/v1/authors/alice-example/",
            "/api/v1/schema/",
        ]

    def test_answers_are_as_short_lived_as_the_pages(self):
        for url in self.urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response["Cache-Control"], AS_FRESH_AS_A_PAGE)

    def test_nginx_keeps_an_answer_no_longer_than_the_current_second(self):
        # nginx counts whole seconds: with s-maxage=1 alone it kept a page up to 2 s.
        response = self.client.get("/api/v1/articles/")

        self.assertRegex(response["X-Accel-Expires"], r"^@\d+$")
        self.assertLessEqual(int(response["X-Accel-Expires"][1:]), int(time.time()))

    @override_settings(PAGE_CACHE_SHARED_SECONDS=5)
    def test_the_shared_lifetime_is_the_pages_setting(self):
        response = self.client.get("/api/v1/articles/")

        self.assertEqual(response["Cache-Control"], "public, max-age=0, s-maxage=5")

    @override_settings(PAGE_CACHE_SHARED_SECONDS=0)
    def test_with_no_shared_lifetime_no_front_server_keeps_an_answer(self):
        response = self.client.get("/api/v1/articles/")

        self.assertEqual(response["Cache-Control"], "public, max-age=0, s-maxage=0")
        self.assertFalse(response.has_header("X-Accel-Expires"))

    def test_an_unchanged_answer_is_304_not_modified(self):
        for url in self.urls:
            with self.subTest(url=url):
                first = self.client.get(url)
                self.assertRegex(first["ETag"], r'^"[0-9a-f]{32}"$')

                again = self.client.get(url, headers={"If-None-Match": first["ETag"]})

                self.assertEqual(again.status_code, 304)
                self.assertEqual(again.content, b"")
                self.assertEqual(again["ETag"], first["ETag"])
                self.assertEqual(again["Cache-Control"], AS_FRESH_AS_A_PAGE)
                # nginx refreshes its expired copy from a 304: for a second, no longer.
                self.assertRegex(again["X-Accel-Expires"], r"^@\d+$")

    def test_a_change_gives_a_new_etag_and_the_new_answer(self):
        url = f"/api/v1/articles/{self.article.pk}/"
        etag = self.client.get(url)["ETag"]

        self.make_comment(self.article)
        changed = self.client.get(url, headers={"If-None-Match": etag})

        self.assertEqual(changed.status_code, 200)
        self.assertEqual(changed.json()["comment_count"], 1)
        self.assertNotEqual(changed["ETag"], etag)

    def test_another_etag_gets_the_full_answer(self):
        response = self.client.get("/api/v1/articles/", headers={"If-None-Match": '"stale"'})

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 1)

    def test_errors_are_not_stored(self):
        for url in ("/api/v1/articles/424242/", "/api/v1/articles/?page=abc"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response["Cache-Control"], "no-store")
                self.assertFalse(response.has_header("ETag"))
                self.assertFalse(response.has_header("X-Accel-Expires"))
