from datetime import UTC, datetime

from django.test import override_settings

from dateline.test import BaseTestCase


class ArchiveTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.make_article("March story", published_at=datetime(2025, 3, 7, 12, tzinfo=UTC))
        self.make_article("April story", published_at=datetime(2025, 4, 2, 12, tzinfo=UTC))
        self.make_article("Later story", published_at=datetime(2026, 1, 5, 12, tzinfo=UTC))
        self.make_article("Draft story", status="draft")

    def test_year_and_month_archives(self):
        year = self.client.get("/archive/2025/")
        self.assertContains(year, "<h1>Stories from 2025</h1>", html=True)
        self.assertContains(year, "March story")
        self.assertContains(year, "April story")
        self.assertNotContains(year, "Later story")
        self.assertContains(year, 'href="/archive/2025/3/"')

        month = self.client.get("/archive/2025/3/")
        self.assertContains(month, "Stories from March 2025")
        self.assertContains(month, "March story")
        self.assertNotContains(month, "April story")

    def test_the_archive_index_lists_years(self):
        r = self.client.get("/archive/")
        self.assertContains(r, 'href="/archive/2026/"')
        self.assertContains(r, 'href="/archive/2025/"')

    @override_settings(ARTICLES_PER_PAGE=2)
    def test_latest_is_paginated_newest_first(self):
        first = self.client.get("/latest/")
        self.assertContains(first, "Page 1 of 2")
        html = first.content.decode()
        self.assertLess(html.index("Later story"), html.index("April story"))
        self.assertContains(self.client.get("/latest/?page=2"), "March story")
        self.assertNotContains(first, "Draft story")

    def test_bad_dates_and_pages_are_404s(self):
        bad = ["/archive/2024/", "/archive/2025/13/", "/archive/2025/0/", "/archive/0/",
               "/archive/99999999999/", "/archive/2025/3/?page=2", "/latest/?page=x"]  # fmt: skip
        for url in bad:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
