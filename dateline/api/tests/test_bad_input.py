from django.test import override_settings

from dateline.api.tests.base import ApiTestCase


class BadInputTestCase(ApiTestCase):
    """Whatever a client sends, the answer is JSON that says what to fix, never a 500."""

    def setUp(self):
        super().setUp()
        self.article = self.make_article("Talks resume")

    def assertBadParameter(self, url, field, message_part, status=400):
        data = self.get_json(url, status=status)
        self.assertEqual([e["field"] for e in data["errors"]], [field])
        self.assertIn(message_part, data["errors"][0]["message"])
        self.assertIn(field, data["detail"])
        return data

    def test_a_non_numeric_id_is_400(self):
        for url in ("/api/v1/articles/abc/", "/api/v1/articles/abc/comments/"):
            with self.subTest(url=url):
                data = self.assertBadParameter(url, "id", "valid integer")
                self.assertEqual(data["errors"][0]["location"], "path")

    def test_an_id_out_of_range_is_400_not_a_database_overflow(self):
        self.assertBadParameter("/api/v1/articles/0/", "id", "greater than or equal to 1")
        self.assertBadParameter(f"/api/v1/articles/{10**30}/", "id", "less than or equal")
        self.assertBadParameter(f"/api/v1/articles/{10**30}/comments/", "id", "less than")

    def test_an_unknown_id_or_slug_is_404(self):
        self.get_json("/api/v1/articles/424242/", status=404)
        self.get_json("/api/v1/articles/by-slug/no-such-story/", status=404)

    def test_a_bad_page_number_or_size_is_400(self):
        self.assertBadParameter("/api/v1/articles/?page=abc", "page", "valid integer")
        self.assertBadParameter("/api/v1/articles/?page=0", "page", "greater than or equal to 1")
        self.assertBadParameter("/api/v1/topics/?page=-1", "page", "greater than or equal to 1")
        self.assertBadParameter("/api/v1/authors/?page_size=0", "page_size", "greater than")
        self.assertBadParameter("/api/v1/articles/?page_size=lots", "page_size", "integer")

    def test_a_page_past_the_end_is_404(self):
        for url in (
            "/api/v1/articles/?page=2",
            f"/api/v1/articles/?page={10**30}",
            "/api/v1/topics/?page=9",
            "/api/v1/authors/?page=9",
            f"/api/v1/articles/{self.article.pk}/comments/?page=2",
        ):
            with self.subTest(url=url):
                data = self.get_json(url, status=404)
                self.assertIn("the last page is 1", data["detail"])

    def test_an_unknown_topic_or_author_filter_is_400(self):
        self.assertBadParameter("/api/v1/articles/?topic=atlantis", "topic", "'atlantis'")
        self.assertBadParameter("/api/v1/articles/?author=nobody", "author", "'nobody'")
        self.assertBadParameter("/api/v1/articles/?topic=", "topic", "No topic")

    def test_an_invalid_date_is_400(self):
        # Nor is a number a date: pydantic took "0" for 1970-01-01 (found by test_fuzz).
        for value in (
            "2025-13-01", "2025-02-30", "yesterday", "01/03/2025", "2025-03-01T10:00",
            "0", "1741000000",
        ):  # fmt: skip
            with self.subTest(value=value):
                self.assertBadParameter(
                    f"/api/v1/articles/?published_after={value}", "published_after", "date"
                )
        self.assertBadParameter(
            "/api/v1/articles/?published_before=20250301x", "published_before", "date"
        )

    def test_a_slug_with_a_nul_character_is_400(self):
        # PostgreSQL refuses to compare text holding a NUL: a server error there until
        # test_fuzz found it.
        for url in (
            "/api/v1/articles/by-slug/talks%00/",
            "/api/v1/topics/world%00/",
            "/api/v1/authors/%00/",
            "/api/v1/stories/%00/",
        ):
            with self.subTest(url=url):
                data = self.assertBadParameter(url, "slug", "NUL character")
                self.assertEqual(data["errors"][0]["location"], "path")
        self.assertBadParameter("/api/v1/articles/?topic=%00", "topic", "NUL character")
        self.assertBadParameter("/api/v1/articles/?author=x%00", "author", "NUL character")

    def test_an_empty_date_range_is_400(self):
        data = self.assertBadParameter(
            "/api/v1/articles/?published_after=2025-04-01&published_before=2025-03-01",
            "published_before",
            "later day than published_after",
        )
        self.assertEqual(data["errors"][0]["location"], "query")

    @override_settings(TIME_ZONE="Asia/Tokyo")
    def test_the_ends_of_the_calendar_are_fine_in_any_time_zone(self):
        # Midnight on 1 January of year 1 in Tokyo has no UTC time (it would be year 0).
        data = self.get_json(
            "/api/v1/articles/?published_after=0001-01-01&published_before=9999-12-31"
        )
        self.assertEqual(data["count"], 1)

    @override_settings(TIME_ZONE="America/New_York")
    def test_the_last_day_of_the_calendar_is_fine_west_of_greenwich(self):
        data = self.get_json("/api/v1/articles/?published_before=9999-12-31")
        self.assertEqual(data["count"], 1)

    def test_only_get_is_allowed(self):
        response = self.client.post("/api/v1/articles/", {"headline": "Mine"})

        self.assertEqual(response.status_code, 405)

    def test_an_unknown_address_is_a_json_404(self):
        data = self.get_json("/api/v1/stories/", status=404)

        self.assertEqual(data["detail"], "Nothing is at /api/v1/stories/; /api/v1/ lists what is.")

    def test_a_missing_slash_is_still_added(self):
        response = self.client.get("/api/v1/articles")

        self.assertRedirects(response, "/api/v1/articles/", status_code=301)
