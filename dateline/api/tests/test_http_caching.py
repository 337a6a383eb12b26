from django.test import override_settings

from dateline.api.tests.base import ApiTestCase


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

    def test_answers_may_be_reused_for_a_minute_by_default(self):
        for url in self.urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response["Cache-Control"], "public, max-age=60")

    @override_settings(API_CACHE_SECONDS=5)
    def test_the_max_age_is_a_setting(self):
        response = self.client.get("/api/v1/articles/")

        self.assertEqual(response["Cache-Control"], "public, max-age=5")

    def test_an_unchanged_answer_is_304_not_modified(self):
        for url in self.urls:
            with self.subTest(url=url):
                first = self.client.get(url)
                self.assertRegex(first["ETag"], r'^"[0-9a-f]{32}"$')

                again = self.client.get(url, headers={"If-None-Match": first["ETag"]})

                self.assertEqual(again.status_code, 304)
                self.assertEqual(again.content, b"")
                self.assertEqual(again["ETag"], first["ETag"])
                self.assertEqual(again["Cache-Control"], "public, max-age=60")

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
