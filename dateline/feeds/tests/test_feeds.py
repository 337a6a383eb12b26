from datetime import UTC, datetime, timedelta

import feedparser
from django.test import override_settings
from django.utils.http import http_date

from dateline.articles.services import unpublish_article
from dateline.comments.models import Comment
from dateline.comments.services import mark_comment_as_spam, refresh_comment_counts
from dateline.test import BaseTestCase


class FeedsTestCase(BaseTestCase):
    def parse(self, url):
        r = self.client.get(url)
        self.assertEqual(r.status_code, 200)
        feed = feedparser.parse(r.content)
        self.assertFalse(feed.bozo, getattr(feed, "bozo_exception", None))
        return r, feed

    def test_site_feeds_in_rss_and_atom_list_the_latest_stories(self):
        self.make_article("Older story", published_at=datetime(2026, 1, 1, tzinfo=UTC))
        self.make_article("Newer story", dek="The newer summary.")
        self.make_article("Draft story", status="draft")

        for url in ("/feeds/rss/", "/feeds/atom/"):
            with self.subTest(url=url):
                _, feed = self.parse(url)
                titles = [e.title for e in feed.entries]
                self.assertEqual(titles, ["Newer story", "Older story"])
                self.assertEqual(feed.entries[0].summary, "The newer summary.")
                self.assertTrue(feed.entries[0].link.endswith("/news/world/newer-story/"))
                self.assertEqual(feed.entries[0].author, "Alice Example")

    def test_updated_follows_the_public_last_updated_time(self):
        published = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)
        updated = datetime(2026, 3, 7, 6, 37, tzinfo=UTC)
        self.make_article("Updated story", published_at=published, updated_at=updated)
        self.make_article("Untouched story", published_at=published)

        _, feed = self.parse("/feeds/atom/")

        entries = {e.title: e for e in feed.entries}
        self.assertEqual(entries["Updated story"].updated_parsed[:5], (2026, 3, 7, 6, 37))
        self.assertEqual(entries["Updated story"].published_parsed[:5], (2026, 3, 6, 9, 0))
        self.assertEqual(entries["Untouched story"].updated_parsed[:5], (2026, 3, 6, 9, 0))

    @override_settings(FEEDS_FULL_TEXT=True)
    def test_feeds_may_carry_the_full_text(self):
        self.make_article("Full story", body="<p>Every word of it.</p>")
        _, feed = self.parse("/feeds/rss/")
        self.assertIn("Every word of it.", feed.entries[0].summary)

    def test_topic_and_author_feeds(self):
        climate = self.make_topic("Climate")
        bruno = self.make_author("Bruno Byline")
        self.make_article("Climate story", topic=climate)
        self.make_article("Bruno story", authors=[bruno])

        _, topic_feed = self.parse("/feeds/topics/climate/atom/")
        _, author_feed = self.parse("/feeds/authors/bruno-byline/rss/")

        self.assertEqual([e.title for e in topic_feed.entries], ["Climate story"])
        self.assertEqual([e.title for e in author_feed.entries], ["Bruno story"])
        self.assertEqual(self.client.get("/feeds/topics/nope/rss/").status_code, 404)

    def test_comments_feed_lists_approved_comments_without_emails(self):
        article = self.make_article("Discussed story")
        Comment.objects.create(
            article=article,
            body="Sharp analysis.",
            author_name="Dana",
            author_email="dana.secret@example.org",
            status="approved",
        )
        Comment.objects.create(article=article, body="Held words.", author_name="Eve",
                               author_email="eve@example.org", status="pending")  # fmt: skip
        refresh_comment_counts([article.pk])

        r, feed = self.parse(f"/feeds/comments/{article.pk}/rss/")

        self.assertEqual([e.title for e in feed.entries], ["By: Dana"])
        self.assertEqual(feed.entries[0].summary, "Sharp analysis.")
        self.assertNotIn(b"dana.secret", r.content)
        self.assertEqual(self.client.get("/feeds/comments/999999/rss/").status_code, 404)

    def test_a_story_taken_down_leaves_the_feed_for_a_reader_revalidating(self):
        pulled = self.make_article("Story an editor pulls")
        self.make_article("Newer story")
        first = self.client.get("/feeds/rss/")
        with self.captureOnCommitCallbacks(execute=True):
            unpublish_article(pulled)
        # A cache or feed reader asking with its ETag gets the new feed, not a 304.
        again = self.client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(again.status_code, 200)
        self.assertNotIn(b"Story an editor pulls", again.content)

    def test_an_article_moved_to_another_topic_leaves_the_topic_feed(self):
        skywatch, almanac = self.make_topic("Skywatch"), self.make_topic("Almanac")
        moved = self.make_article("Comet sighted over Strelna", topic=skywatch)
        self.make_article("Talks resume in Strelna", topic=skywatch)
        url = f"/feeds/topics/{skywatch.slug}/rss/"
        first = self.client.get(url)
        self.assertContains(first, "Comet sighted")
        # Its new edit time is no longer among the Skywatch articles' times the feed sees.
        moved.primary_topic = almanac
        moved.save()

        again = self.client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(again.status_code, 200)
        self.assertNotContains(again, "Comet sighted")

    def test_an_article_deleted_in_the_admin_leaves_the_site_feed(self):
        older = self.make_article(
            "Story deleted later", published_at=datetime(2026, 1, 1, tzinfo=UTC)
        )
        self.make_article("Newer story")
        first = self.client.get("/feeds/rss/")
        older.delete()
        again = self.client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(again.status_code, 200)
        self.assertNotContains(again, "Story deleted later")

    def test_a_comment_withdrawn_as_spam_leaves_the_comments_feed(self):
        article = self.make_article("Some story")
        comment = Comment.objects.create(
            article=article, author_name="Dana", author_email="dana@example.com",
            body="Buy cheap watches.", status=Comment.Status.APPROVED,
        )  # fmt: skip
        url = f"/feeds/comments/{article.pk}/rss/"
        first = self.client.get(url)
        self.assertContains(first, "cheap watches")
        mark_comment_as_spam(comment)
        again = self.client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(again.status_code, 200)
        self.assertNotContains(again, "cheap watches")

    def test_feeds_answer_304_when_nothing_changed(self):
        self.make_article("Some story")
        first = self.client.get("/feeds/rss/")
        self.assertTrue(first.has_header("ETag"))
        self.assertTrue(first.has_header("Last-Modified"))

        by_etag = self.client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = self.client.get("/feeds/rss/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        self.assertEqual(by_etag.status_code, 304)
        self.assertEqual(by_date.status_code, 304)

        self.make_article("Another story", published_at=None)
        changed = self.client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(changed.status_code, 200)
        old = http_date((datetime.now(UTC) - timedelta(days=3)).timestamp())
        self.assertEqual(self.client.get("/feeds/rss/", HTTP_IF_MODIFIED_SINCE=old).status_code,
                         200)  # fmt: skip
