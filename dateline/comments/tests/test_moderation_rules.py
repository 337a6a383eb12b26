from unittest.mock import patch

from django.test import override_settings

from dateline.comments import spam
from dateline.comments.models import BlockedTerm, Comment
from dateline.comments.services import post_comment
from dateline.comments.tests.base import CommentsTestCase


class ModerationRulesTestCase(CommentsTestCase):
    def setUp(self):
        super().setUp()
        # Dana is a known commenter, so only the rule under test can hold her comment.
        self.make_comment("Earlier.", author_email="dana@example.org")

    def submit(self, body="A fair point about the talks.", **fields):
        fields.setdefault("name", "Dana Reader")
        fields.setdefault("email", "dana@example.org")
        return post_comment(article=self.article, body=body, **fields)

    def assertVerdict(self, comment, status, reason):
        self.assertEqual((comment.status, comment.reason), (status, reason))
        decision = comment.decisions.get()
        self.assertEqual((decision.status, decision.reason), (status, reason))
        self.assertTrue(decision.detail)

    def test_it_approves_a_known_commenter(self):
        self.assertVerdict(self.submit(), Comment.Status.APPROVED, "known-commenter")

    def test_it_holds_a_first_comment(self):
        comment = self.submit(email="newcomer@example.org")
        self.assertVerdict(comment, Comment.Status.PENDING, "first-comment")

    def test_it_holds_a_comment_without_email_when_email_is_optional(self):
        comment = self.submit(email="")
        self.assertVerdict(comment, Comment.Status.PENDING, "first-comment")

    @override_settings(COMMENTS_HOLD_SCORE=1.01)  # the classifier may hold links on its own
    def test_it_holds_two_or_more_links(self):
        one = self.submit("Source: https://example.org/report")
        two = self.submit("See https://example.org/a and www.example.net/b")
        self.assertVerdict(one, Comment.Status.APPROVED, "known-commenter")
        self.assertVerdict(two, Comment.Status.PENDING, "links")
        self.assertIn("2 links", two.reason_detail)

    @override_settings(COMMENTS_HOLD_LINKS=4, COMMENTS_HOLD_SCORE=1.01)
    def test_the_link_limit_is_a_setting(self):
        comment = self.submit("https://a.example https://b.example https://c.example")
        self.assertEqual(comment.status, Comment.Status.APPROVED)

    def test_blocked_words_mark_spam(self):
        BlockedTerm.objects.create(kind="word", value="Miracle Pills")
        comment = self.submit("Try these miracle pills today.")
        self.assertVerdict(comment, Comment.Status.SPAM, "blocked-word")
        # A word inside another word is not a match.
        self.assertEqual(self.submit("pharmacology lecture").status, Comment.Status.APPROVED)

    def test_blocked_emails_and_email_domains_mark_spam(self):
        BlockedTerm.objects.create(kind="email", value="dana@example.org")
        self.assertVerdict(self.submit(), Comment.Status.SPAM, "blocked-email")
        BlockedTerm.objects.create(kind="email", value="@spam.example")
        comment = self.submit(email="anyone@spam.example")
        self.assertVerdict(comment, Comment.Status.SPAM, "blocked-email")

    def test_blocked_ip_addresses_and_ranges_mark_spam(self):
        BlockedTerm.objects.create(kind="ip", value="203.0.113.0/24")
        comment = self.submit(ip="203.0.113.77")
        self.assertVerdict(comment, Comment.Status.SPAM, "blocked-ip")
        self.assertEqual(self.submit("Other.", ip="198.51.100.1").status, Comment.Status.APPROVED)

    def test_blocked_link_domains_mark_spam_including_subdomains(self):
        BlockedTerm.objects.create(kind="domain", value="cheap.example")
        comment = self.submit("Look: https://www.cheap.example/deal")
        self.assertVerdict(comment, Comment.Status.SPAM, "blocked-domain")
        website = self.submit("Nice.", url="http://shop.cheap.example/")
        self.assertEqual(website.status, Comment.Status.SPAM)

    def test_the_classifier_marks_obvious_spam_and_records_its_score(self):
        comment = self.submit(
            "CHECK OUT MY CHANNEL!!! subscribe to me please, I make videos, "
            "check my channel and subscribe, free gift cards",
            email="newcomer@example.org",
        )
        self.assertVerdict(comment, Comment.Status.SPAM, "classifier")
        self.assertIn("Spam score", comment.reason_detail)
        self.assertGreater(comment.spam_score, 0.5)

    def test_the_classifier_holds_a_doubtful_comment_for_a_moderator(self):
        comment = self.submit(
            "Read the full report here: https://example.org/report", email="newcomer@example.org"
        )
        if comment.spam_score < spam.hold_threshold():
            self.skipTest("the default model does not find this comment doubtful")
        self.assertVerdict(comment, Comment.Status.PENDING, "classifier")
        self.assertIn("held from", comment.reason_detail)

    def test_every_comment_gets_a_score_even_when_approved(self):
        comment = self.submit("The ministers should publish the treaty text before the vote.")
        self.assertEqual(comment.status, Comment.Status.APPROVED)
        self.assertIsNotNone(comment.spam_score)
        self.assertLess(comment.spam_score, 0.5)

    def test_by_default_a_comment_is_held_from_a_score_of_one_half(self):
        # Below the 0.61 the classifier chose on YouTube: a new site's community is not
        # YouTube's, and a held comment only waits.
        with patch.object(spam, "score", return_value=0.55):
            comment = self.submit(email="newcomer@example.org")
        self.assertVerdict(comment, Comment.Status.PENDING, "classifier")
        self.assertIn("held from 0.50", comment.reason_detail)
        with patch.object(spam, "score", return_value=0.45):
            self.assertEqual(self.submit().status, Comment.Status.APPROVED)

    def test_a_returning_commenter_is_not_held_for_the_word_subscribe(self):
        text = "Great piece. I subscribed to the print edition after reading it."
        newcomer = self.submit(text, name="Ivo New", email="ivo@example.org")
        self.assertVerdict(newcomer, Comment.Status.PENDING, "classifier")

        self.assertVerdict(self.submit(text), Comment.Status.APPROVED, "known-commenter")

    def test_a_returning_commenter_the_classifier_is_sure_about_waits_instead_of_spam(self):
        comment = self.submit(
            "CHECK OUT MY CHANNEL!!! subscribe to me please, I make videos, "
            "check my channel and subscribe, free gift cards"
        )
        self.assertGreaterEqual(comment.spam_score, spam.spam_threshold())
        self.assertVerdict(comment, Comment.Status.PENDING, "classifier")
        self.assertIn("returning commenter", comment.reason_detail)

    def test_a_commenter_with_a_comment_in_spam_gets_no_benefit_of_the_doubt(self):
        self.make_comment("Cheap pills.", author_email="dana@example.org", status="spam")
        comment = self.submit("Great piece. I subscribed to the print edition after reading it.")
        self.assertVerdict(comment, Comment.Status.PENDING, "classifier")
