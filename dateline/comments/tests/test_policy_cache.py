"""The blocklist and the spam model's version come from the shared cache, as committed:
a moderator's change reaches the next comment, and posting asks the database for neither."""

from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from dateline.comments import spam
from dateline.comments.models import BlockedTerm, Comment, LearnedSpamModel
from dateline.comments.services import moderate_comments, post_comment
from dateline.comments.tests.base import CommentsTestCase
from dateline.test import CommittingTestCase


@override_settings(COMMENTS_MIN_FILL_SECONDS=0, COMMENTS_FLOOD_SECONDS=0)
class CachedPolicyTestCase(CommittingTestCase):
    def setUp(self):
        super().setUp()
        self.article = self.make_article("Grid pact signed")
        # Dana is a known commenter: only the blocklist or the model can stop her comment.
        Comment.objects.create(
            article=self.article, body="Earlier.", author_name="Dana Reader",
            author_email="dana@example.org", status=Comment.Status.APPROVED,
        )  # fmt: skip

    def submit(self, body):
        return post_comment(
            article=self.article, body=body, name="Dana Reader", email="dana@example.org"
        )

    def test_posting_reads_neither_the_blocklist_nor_the_model_version_from_the_database(self):
        self.submit("A first comment, which reads them once.")
        with CaptureQueriesContext(connection) as queries:
            comment = self.submit("The talks resume on Monday, I read.")

        self.assertEqual(comment.status, Comment.Status.APPROVED)
        tables = " ".join(q["sql"] for q in queries.captured_queries)
        self.assertNotIn("comments_blockedterm", tables)
        self.assertNotIn("comments_learnedspammodel", tables)

    def test_a_term_blocked_after_the_list_was_cached_stops_the_next_comment(self):
        self.assertEqual(self.submit("Cheap watches at my shop.").status, "approved")

        BlockedTerm.objects.create(kind=BlockedTerm.Kind.WORD, value="cheap watches")

        comment = self.submit("Cheap watches again.")
        self.assertEqual((comment.status, comment.reason), ("spam", "blocked-word"))

    def test_a_term_unblocked_lets_the_next_comment_through(self):
        term = BlockedTerm.objects.create(kind=BlockedTerm.Kind.WORD, value="harbour")
        self.assertEqual(self.submit("The harbour reopened.").status, "spam")

        term.delete()

        self.assertEqual(self.submit("The harbour reopened today.").status, "approved")

    def test_a_term_added_in_a_transaction_rolled_back_never_applies(self):
        class RolledBack(Exception):
            pass

        try:
            with transaction.atomic():
                BlockedTerm.objects.create(kind=BlockedTerm.Kind.WORD, value="ferry")
                # Read inside the transaction: it sees its own term, and keeps it to itself.
                self.assertEqual(self.submit("The ferry is late.").status, "spam")
                raise RolledBack
        except RolledBack:
            pass

        self.assertEqual(self.submit("The ferry is late again.").status, "approved")

    def test_what_moderators_teach_the_model_reaches_the_next_comment(self):
        self.submit("Warm up the cached version.")
        self.assertFalse(LearnedSpamModel.objects.exists())
        spam_words = "Win a free phone, click my channel and subscribe now"
        before = spam.score(Comment(body=spam_words))

        taught = [
            Comment.objects.create(
                article=self.article,
                body=spam_words,
                author_name="Spammer",
                author_email=f"spammer{i}@example.org",
                status=Comment.Status.APPROVED,
            )  # fmt: skip
            for i in range(3)
        ]
        # Approving spam words teaches the model they are fine (moderators decide).
        moderate_comments(Comment.objects.filter(pk__in=[c.pk for c in taught]), "spam")
        moderate_comments(Comment.objects.filter(pk__in=[c.pk for c in taught]), "approved")

        self.assertTrue(LearnedSpamModel.objects.exists())
        self.assertLess(spam.score(Comment(body=spam_words)), before)


class PolicyInsideATransactionTestCase(CommentsTestCase):
    def test_a_term_blocked_in_this_transaction_applies_at_once(self):
        # Tests run inside a transaction: the policy is read from the database, as a
        # writer's own transaction must see its changes.
        self.make_comment("Earlier.", author_email="dana@example.org")
        BlockedTerm.objects.create(kind=BlockedTerm.Kind.WORD, value="ferry")
        comment = post_comment(
            article=self.article, body="The ferry is late.", name="Dana",
            email="dana@example.org",
        )  # fmt: skip
        self.assertEqual(comment.reason, "blocked-word")
