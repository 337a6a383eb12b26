"""What a reader sees of live coverage on the article page."""

import json

from django.test import override_settings
from lxml import html as lxml_html

from dateline.live import services
from dateline.live.tests.base import LiveTestCase


class LivePageTestCase(LiveTestCase):
    def test_a_live_article_shows_its_updates_newest_first_under_a_live_label(self):
        self.post("Delegations arrive.", minutes_ago=30, author=self.alice_author)
        self.post("Talks begin behind closed doors.", minutes_ago=5)
        page = self.client.get(self.url)
        self.assertContains(page, '<span class="live-label">Live</span>', html=True)
        text = page.content.decode()
        self.assertLess(text.index("Talks begin"), text.index("Delegations arrive"))
        self.assertContains(page, "Alice Example")
        self.assertContains(page, 'src="/static/live/live.js"')

    def test_a_live_page_with_no_updates_yet_says_so(self):
        self.assertContains(self.client.get(self.url), "No updates yet")

    def test_key_events_link_down_to_their_entry(self):
        entry = self.post("Ceasefire signed.", pinned=True)
        self.post("Reaction from the capital.")
        doc = lxml_html.fromstring(self.client.get(self.url).content)
        links = doc.xpath("//nav[@class='live-key-events']//a/@href")
        self.assertEqual(links, [f"#entry-{entry.pk}"])
        self.assertTrue(doc.xpath(f"//*[@id='entry-{entry.pk}']"))

    def test_an_edited_entry_says_when_and_why(self):
        entry = self.post("Three delegations arrive.")
        services.edit_entry(
            entry, body="<p>Four delegations arrive.</p>", reason="Correction: there were four."
        )
        page = self.client.get(self.url)
        self.assertContains(page, "Four delegations arrive.")
        self.assertNotContains(page, "Three delegations")
        self.assertContains(page, "Correction: there were four.")
        self.assertContains(page, "Updated <time")

    def test_an_entry_taken_down_leaves_the_page_and_stays_in_the_log(self):
        entry = self.post("An unconfirmed report.")
        services.delete_entry(entry, reason="Not confirmed", by=self.alice)
        self.assertNotContains(self.client.get(self.url), "An unconfirmed report.")
        entry.refresh_from_db()
        self.assertEqual(entry.deleted_reason, "Not confirmed")

    def test_entries_are_sanitised_like_bodies(self):
        self.post('Hello <script>alert(1)</script><a href="javascript:alert(1)">x</a>')
        page = self.client.get(self.url)
        self.assertNotContains(page, "<script>alert")
        self.assertNotContains(page, "javascript:")

    def test_long_coverage_is_paginated_and_an_entry_keeps_its_address(self):
        first = self.post("The first update.", minutes_ago=100)
        for n in range(11):
            self.post(f"Update {n}.", minutes_ago=90 - n)
        page1 = self.client.get(self.url)
        self.assertNotContains(page1, "The first update.")
        self.assertContains(page1, "?updates=2#live")
        moved = self.client.get(first.get_absolute_url())
        self.assertRedirects(moved, f"{self.url}?updates=3#entry-{first.pk}")
        self.assertContains(self.client.get(f"{self.url}?updates=3"), "The first update.")

    def test_a_page_of_updates_that_is_not_a_number_is_not_found(self):
        # "²" is a digit to str.isdigit() but not a number to int() (found by test_fuzz).
        for bad in ("x", "0", "-1", "99999999999", "99", "²", "①"):
            self.assertEqual(self.client.get(f"{self.url}?updates={bad}").status_code, 404, bad)

    def test_ended_coverage_says_so_and_keeps_every_entry(self):
        self.post("Last update of the day.")
        services.end_coverage(self.article)
        page = self.client.get(self.url)
        self.assertContains(page, "Live coverage has ended")
        self.assertContains(page, "Last update of the day.")
        self.assertContains(page, 'data-status="ended"')

    def test_the_structured_data_is_a_live_blog_posting(self):
        self.post("Delegations arrive.", minutes_ago=30)
        services.end_coverage(self.article)
        doc = lxml_html.fromstring(self.client.get(self.url).content)
        data = json.loads(doc.xpath("//script[@type='application/ld+json']/text()")[0])
        self.assertEqual(data["@type"], "LiveBlogPosting")
        for required in ("headline", "datePublished", "coverageStartTime", "coverageEndTime"):
            self.assertTrue(data[required], required)
        update = data["liveBlogUpdate"][0]
        self.assertEqual(update["@type"], "BlogPosting")
        self.assertEqual(update["articleBody"], "Delegations arrive.")
        self.assertTrue(update["url"].startswith("http://testserver/"))
        for required in ("headline", "datePublished"):
            self.assertTrue(update[required], required)


@override_settings(PAGE_CACHE_SECONDS=600)
class LiveCachedPageTestCase(LiveTestCase):
    def get(self, url):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.get(url)

    def test_a_new_entry_shows_at_once_on_the_cached_page(self):
        self.get(self.url)
        self.assertEqual(self.get(self.url)["X-Cache"], "HIT")
        with self.captureOnCommitCallbacks(execute=True):
            self.post("Breaking: agreement reached.")
        page = self.get(self.url)
        self.assertEqual(page["X-Cache"], "MISS")
        self.assertContains(page, "Breaking: agreement reached.")
