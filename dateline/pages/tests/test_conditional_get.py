from dateline.comments.models import Comment
from dateline.comments.services import refresh_comment_counts
from dateline.test import BaseTestCase


class ConditionalGetTestCase(BaseTestCase):
    def assertNotModified(self, url):
        first = self.client.get(url)
        self.assertEqual(first.status_code, 200)
        again = self.client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again.content, b"")
        return first["ETag"]

    def test_article_topic_author_and_home_pages_answer_304_when_unchanged(self):
        article = self.make_article("Steady story")
        for url in (article.get_absolute_url(), "/news/world/", "/authors/alice-example/", "/"):
            with self.subTest(url=url):
                self.assertNotModified(url)

    def test_a_change_gives_a_new_etag(self):
        article = self.make_article("Steady story")
        url = article.get_absolute_url()
        etag = self.assertNotModified(url)

        Comment.objects.create(article=article, body="New comment.", author_name="Dana",
                               status="approved")  # fmt: skip
        refresh_comment_counts([article.pk])

        changed = self.client.get(url, HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(changed.status_code, 200)
        self.assertContains(changed, "New comment.")
        self.assertNotEqual(changed["ETag"], etag)
