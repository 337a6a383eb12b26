"""The poll answer: one address for every reader, cached and revalidated, current the
moment an entry is posted, changed or taken down."""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dateline.articles.changes import article_changed
from dateline.live import services
from dateline.live.tests.base import LiveTestCase


class PollTestCase(LiveTestCase):
    def setUp(self):
        super().setUp()
        self.poll_url = reverse("live:poll", args=[self.article.pk])

    def poll(self, **headers):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.get(self.poll_url, **headers)

    def test_the_answer_has_the_state_and_the_newest_entries_as_rendered(self):
        older = self.post("Delegations arrive.", minutes_ago=10)
        newer = self.post("Talks begin.")
        answer = self.poll().json()
        self.assertEqual(answer["status"], "live")
        self.assertEqual([e["id"] for e in answer["entries"]], [newer.pk, older.pk])
        self.assertIn(f'id="entry-{newer.pk}"', answer["entries"][0]["html"])
        self.assertIn("Talks begin.", answer["entries"][0]["html"])

    def test_a_reader_whose_copy_is_current_gets_a_304(self):
        self.post("Talks begin.")
        first = self.poll()
        again = self.poll(HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(again.status_code, 304)
        self.post("Talks end.")
        self.assertEqual(self.poll(HTTP_IF_NONE_MATCH=first["ETag"]).status_code, 200)

    def test_an_entry_taken_down_is_gone_from_the_next_answer(self):
        entry = self.post("An unconfirmed report.")
        self.assertEqual(len(self.poll().json()["entries"]), 1)
        with self.captureOnCommitCallbacks(execute=True):
            services.delete_entry(entry, reason="Not confirmed", by=self.alice)
        self.assertEqual(self.poll().json()["entries"], [])

    def test_ended_coverage_tells_the_pages_to_stop(self):
        with self.captureOnCommitCallbacks(execute=True):
            services.end_coverage(self.article)
        self.assertEqual(self.poll().json()["status"], "ended")

    def test_bad_polls_get_a_clear_answer_never_a_500(self):
        # Parameters change nothing (an old cursor, a cache-buster): every reader gets one
        # answer, the one the page cache keeps.
        for junk in ("?since=abc", "?since=" + "9" * 500, "?_=1733480000"):
            answer = self.client.get(self.poll_url + junk)
            self.assertEqual(answer.status_code, 200)
            self.assertEqual(answer.json(), self.poll().json())
        other = self.make_article("Not live")
        self.assertEqual(self.client.get(reverse("live:poll", args=[other.pk])).status_code, 404)
        self.assertEqual(
            self.client.get("/live/99999999999999999999/updates.json").status_code, 404
        )
        self.assertEqual(self.client.post(self.poll_url).status_code, 405)

    def test_a_new_entry_does_not_re_rank_related_lists(self):
        changed = []
        article_changed.connect(lambda **kw: changed.append(kw), weak=False, dispatch_uid="t")
        self.addCleanup(article_changed.disconnect, dispatch_uid="t")
        with self.captureOnCommitCallbacks(execute=True):
            self.post("Talks begin.")
        self.assertEqual(changed, [])

    def test_the_latest_entries_count_toward_the_articles_text_in_search(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.post("The ferry to Kessarin resumes service.")
        results = self.client.get(reverse("search:search"), {"q": "Kessarin ferry"})
        self.assertContains(results, "Ceasefire talks in Strelna")


@override_settings(PAGE_CACHE_SECONDS=600)
class CachedPollTestCase(PollTestCase):
    def test_a_cached_poll_costs_no_query_and_a_new_entry_shows_at_once(self):
        self.post("Talks begin.")
        self.poll()
        with CaptureQueriesContext(connection) as queries:
            cached = self.poll()
        self.assertEqual(cached["X-Cache"], "HIT")
        self.assertEqual(len(queries), 0)
        self.assertIn("public", cached["Cache-Control"])
        with self.captureOnCommitCallbacks(execute=True):
            self.post("Talks end.")
        fresh = self.poll()
        self.assertEqual(fresh["X-Cache"], "MISS")
        self.assertEqual(len(fresh.json()["entries"]), 2)


class FeedTestCase(LiveTestCase):
    def test_the_feed_has_the_entries_newest_first(self):
        import feedparser

        self.post("Delegations arrive.", minutes_ago=10)
        self.post("Talks begin.")
        feed = feedparser.parse(
            self.client.get(reverse("live:feed", args=[self.article.pk])).content
        )
        self.assertEqual(feed.feed.title, "Live: Ceasefire talks in Strelna")
        self.assertEqual(
            [entry.summary for entry in feed.entries],
            ["<p>Talks begin.</p>", "<p>Delegations arrive.</p>"],
        )
