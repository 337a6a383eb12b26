from datetime import datetime, timedelta

from dateline.api.tests.base import ApiTestCase
from dateline.comments.models import Comment


class ArticleCommentsTestCase(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.article = self.make_article("Talks resume")
        self.at = datetime.fromisoformat("2025-03-01T09:00:00+00:00")

    def test_it_lists_approved_comments_oldest_first_with_what_a_reader_sees(self):
        first = self.make_comment(
            self.article,
            "The grid pact matters most.",
            author_url="https://dana.example.org/",
            created_at=self.at,
        )
        reply = self.make_comment(
            self.article,
            "Agreed.",
            parent=first,
            depth=1,
            author_name="",
            created_at=self.at + timedelta(hours=1),
        )

        data = self.get_json(f"/api/v1/articles/{self.article.pk}/comments/")

        self.assertEqual(data["count"], 2)
        self.assertEqual(
            data["results"],
            [
                {
                    "id": first.pk,
                    "parent_id": None,
                    "author_name": "Dana Reader",
                    "website": "https://dana.example.org/",
                    "body": "The grid pact matters most.",
                    "created_at": "2025-03-01T09:00:00Z",
                },
                {
                    "id": reply.pk,
                    "parent_id": first.pk,
                    "author_name": "Anonymous",
                    "website": None,
                    "body": "Agreed.",
                    "created_at": "2025-03-01T10:00:00Z",
                },
            ],
        )

    def test_held_spam_and_trashed_comments_are_left_out(self):
        shown = self.make_comment(self.article, "Approved.")
        for status in (Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH):
            self.make_comment(self.article, f"A {status} comment.", status=status)

        data = self.get_json(f"/api/v1/articles/{self.article.pk}/comments/")

        self.assertEqual([c["id"] for c in data["results"]], [shown.pk])

    def test_a_reply_to_a_comment_not_shown_stands_at_the_top_level(self):
        removed = self.make_comment(self.article, "Since removed.", status="trash")
        reply = self.make_comment(self.article, "A reply.", parent=removed, depth=1)

        data = self.get_json(f"/api/v1/articles/{self.article.pk}/comments/")

        self.assertEqual(data["results"][0]["id"], reply.pk)
        self.assertIsNone(data["results"][0]["parent_id"])

    def test_only_the_articles_own_comments(self):
        other = self.make_article("Another story")
        self.make_comment(other, "Elsewhere.")

        data = self.get_json(f"/api/v1/articles/{self.article.pk}/comments/")

        self.assertEqual(data["results"], [])

    def test_comments_are_paginated(self):
        for n in range(3):
            self.make_comment(self.article, f"Comment {n}", created_at=self.at + timedelta(n))

        data = self.get_json(f"/api/v1/articles/{self.article.pk}/comments/?page_size=2&page=2")

        self.assertEqual([c["body"] for c in data["results"]], ["Comment 2"])
        self.assertEqual(data["num_pages"], 2)

    def test_an_unknown_article_is_404(self):
        data = self.get_json("/api/v1/articles/987654/comments/", status=404)

        self.assertEqual(data["detail"], "No published article has the id 987654.")
