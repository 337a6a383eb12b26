from dateline.comments import spam
from dateline.comments.models import Comment, LearnedSpamModel
from dateline.comments.tests.base import CommentsTestCase

QUEUE = "/admin/comments/comment/"


class ModerationQueueTestCase(CommentsTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.make_moderator(self.bob))

    def test_it_filters_by_status_and_reason_and_shows_article_and_reason(self):
        self.make_comment(
            "Held for links.", status="pending", reason="links", reason_detail="3 links"
        )
        self.make_comment("Held as new.", status="pending", reason="first-comment")
        self.make_comment("Published.", status="approved", reason="known-commenter")

        r = self.client.get(QUEUE + "?status__exact=pending&reason=links")

        self.assertContains(r, "Held for links.")
        self.assertContains(r, "links: 3 links")
        self.assertContains(r, "Grid pact signed")
        self.assertNotContains(r, "Held as new.")
        self.assertNotContains(r, "Published.")

    def test_bulk_approve_applies_to_everything_the_filter_matches(self):
        for n in range(60):  # more than one page of 50
            self.make_comment(f"Held {n}", status="pending", reason="first-comment")
        self.make_comment("Spam stays spam", status="spam", reason="classifier")
        first_page = Comment.objects.filter(status="pending").order_by("-created_at")[:50]

        r = self.client.post(
            QUEUE + "?status__exact=pending",
            {
                "action": "approve",
                "select_across": "1",
                "_selected_action": [c.pk for c in first_page],
            },
            follow=True,
        )

        self.assertContains(r, "Approved 60 comment(s).")
        self.assertEqual(Comment.objects.filter(status="approved").count(), 60)
        self.assertEqual(Comment.objects.get(body="Spam stays spam").status, "spam")
        self.article.refresh_from_db()
        self.assertEqual(self.article.comment_count, 60)
        self.assertEqual(Comment.objects.get(body="Held 7").decisions.first().decided_by, self.bob)

    def test_spam_and_trash_verdicts_can_be_undone(self):
        comment = self.make_comment("Actually fine.", status="approved")
        self.client.post(QUEUE, {"action": "mark_as_spam", "_selected_action": [comment.pk]})
        comment.refresh_from_db()
        self.assertEqual(comment.status, "spam")

        self.client.post(QUEUE, {"action": "undo_last_verdict", "_selected_action": [comment.pk]})

        comment.refresh_from_db()
        self.assertEqual(comment.status, "approved")
        self.assertEqual(comment.reason, "undo")

        self.client.post(QUEUE, {"action": "move_to_trash", "_selected_action": [comment.pk]})
        self.client.post(QUEUE, {"action": "undo_last_verdict", "_selected_action": [comment.pk]})
        comment.refresh_from_db()
        self.assertEqual(comment.status, "approved")

    def test_not_spam_teaches_the_classifier(self):
        text = "Subscribe to the newsletter of the Strelna Institute, it covers these talks well"
        comment = self.make_comment(text, status="spam", reason="classifier")
        before = spam.score(comment)

        for _ in range(3):
            self.client.post(QUEUE, {"action": "approve", "_selected_action": [comment.pk]})
            self.client.post(QUEUE, {"action": "mark_as_spam", "_selected_action": [comment.pk]})
            self.client.post(QUEUE, {"action": "approve", "_selected_action": [comment.pk]})

        self.assertTrue(LearnedSpamModel.objects.exists())
        self.assertLess(spam.score(comment), before)

    def test_marking_spam_teaches_the_classifier(self):
        text = "Visit the Calvera ferry timetable page for cheap crossings every day"
        comment = self.make_comment(text, status="pending", reason="first-comment")
        before = spam.score(comment)

        self.client.post(QUEUE, {"action": "mark_as_spam", "_selected_action": [comment.pk]})

        self.assertGreater(spam.score(comment), before)

    def test_each_comment_shows_its_moderation_log(self):
        comment = self.make_comment("Logged.", status="pending", reason="first-comment")
        self.client.post(QUEUE, {"action": "approve", "_selected_action": [comment.pk]})

        r = self.client.get(f"{QUEUE}{comment.pk}/change/")

        self.assertContains(r, "Moderation log")
        self.assertContains(r, "Marked approved by bob.")

    def test_moderators_handle_comments_only(self):
        self.assertEqual(self.client.get(QUEUE).status_code, 200)
        self.assertEqual(self.client.get("/admin/articles/article/").status_code, 403)

    def test_readers_cannot_reach_the_queue(self):
        self.client.force_login(self.charlie)
        self.assertRedirects(self.client.get(QUEUE), f"/admin/login/?next={QUEUE}")
