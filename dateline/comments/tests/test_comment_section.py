import re
from datetime import timedelta

from django.core import signing
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from dateline.comments.cookies import HELD_COOKIE
from dateline.comments.models import Comment
from dateline.comments.services import refresh_comment_counts
from dateline.comments.tests.base import CommentsTestCase


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


class CommentSectionTestCase(CommentsTestCase):
    def page(self, query=""):
        refresh_comment_counts([self.article.pk])
        return self.client.get(self.article.get_absolute_url() + query)

    def test_it_hides_comments_behind_a_show_comments_toggle_with_the_count(self):
        self.make_comment("First!")
        self.make_comment("Second.")
        self.make_comment("Held one.", status=Comment.Status.PENDING)

        r = self.page()

        self.assertContains(r, '<details id="comments">')
        self.assertContains(
            r,
            '<summary class="comments-toggle">Show Comments '
            '<span class="comment-count">(2)</span></summary>',
            html=True,
        )

    def test_it_shows_approved_comments_oldest_first_and_nothing_else(self):
        self.make_comment("Early bird.", created_at=now() - timedelta(hours=2))
        self.make_comment("Late owl.", created_at=now() - timedelta(hours=1))
        self.make_comment("Spammy.", status=Comment.Status.SPAM)
        self.make_comment("Binned.", status=Comment.Status.TRASH)
        self.make_comment("Waiting.", status=Comment.Status.PENDING)

        html = self.page().content.decode()

        self.assertLess(html.index("Early bird."), html.index("Late owl."))
        for hidden in ("Spammy.", "Binned.", "Waiting."):
            self.assertNotIn(hidden, html)

    def test_it_nests_replies_under_their_parent(self):
        parent = self.make_comment("Parent says.")
        child = self.make_comment("Child answers.", parent=parent, depth=1)

        html = self.page().content.decode()

        parent_li = html.index(f'id="comment-{parent.pk}"')
        children = html.index('<ol class="children">', parent_li)
        self.assertLess(children, html.index(f'id="comment-{child.pk}"'))

    def test_reply_works_without_javascript(self):
        parent = self.make_comment("Parent says.", author_name="Pat Parent")

        r = self.page(f"?replyto={parent.pk}")

        self.assertContains(r, '<details id="comments" open>')
        self.assertContains(r, "Reply to Pat Parent")
        self.assertContains(r, f'name="parent" value="{parent.pk}"')

    def test_a_reply_or_held_comment_that_is_not_a_number_is_ignored(self):
        # "²" is a digit to str.isdigit() but not a number to int() (found by test_fuzz).
        held = self.make_comment("Mine, held.", status=Comment.Status.PENDING)
        self.client.cookies[HELD_COOKIE] = signing.dumps([held.pk], salt=HELD_COOKIE)

        for query in ("?replyto=²", "?held=²", "?replyto=①&held=①"):
            with self.subTest(query=query):
                r = self.page(query)

                self.assertContains(r, "Leave a Reply")
                self.assertNotContains(r, "Thank you. Your comment is awaiting moderation")

    @override_settings(COMMENTS_MAX_DEPTH=2)
    def test_it_offers_no_reply_below_the_maximum_depth(self):
        parent = self.make_comment("Top.")
        child = self.make_comment("Nested.", parent=parent, depth=1)

        html = self.page().content.decode()

        self.assertIn(f'href="?replyto={parent.pk}#respond"', html)
        self.assertNotIn(f'href="?replyto={child.pk}#respond"', html)

    @override_settings(COMMENTS_PER_PAGE=2)
    def test_it_pages_long_discussions(self):
        for n in range(5):
            self.make_comment(f"Comment number {n}.", created_at=now() - timedelta(hours=10 - n))

        first = self.page()
        last = self.page("?cpage=3")

        self.assertContains(first, "Comment number 0.")
        self.assertNotContains(first, "Comment number 2.")
        self.assertContains(first, "Comments page 1 of 3")
        self.assertContains(last, "Comment number 4.")
        self.assertEqual(self.page("?cpage=9").status_code, 404)
        self.assertEqual(self.page("?cpage=x").status_code, 404)

    def test_the_form_has_the_reference_fields_notice_and_required_marks(self):
        r = self.page()
        text = text_of(r)

        self.assertIn(
            "Your email address will not be published. Required fields are marked *", text
        )
        for label in ("Comment *", "Name *", "Email *", "Website *"):
            self.assertIn(label, text)
        html = r.content.decode()
        self.assertLess(html.index('name="comment"'), html.index('name="name"'))
        self.assertLess(html.index('name="name"'), html.index('name="email"'))
        self.assertLess(html.index('name="email"'), html.index('name="website"'))
        self.assertIn(
            "Save my name, email, and website in this browser for the next time I comment.", text
        )

    @override_settings(COMMENTS_REQUIRED_FIELDS=["comment", "name"])
    def test_which_fields_are_required_is_a_setting(self):
        text = text_of(self.page())
        self.assertIn("Name *", text)
        self.assertIn("Email ", text)
        self.assertNotIn("Email *", text)
        self.assertNotIn("Website *", text)

    def test_it_never_shows_a_commenters_email(self):
        self.make_comment("Hello.", author_email="secret.person@example.org")
        r = self.page()
        self.assertNotContains(r, "secret.person")

    def test_website_links_are_nofollow_ugc(self):
        self.make_comment("See my blog.", author_name="Blogger", author_url="https://blog.example/")
        self.assertContains(
            self.page(), '<a href="https://blog.example/" rel="nofollow ugc">Blogger</a>', html=True
        )

    def test_closed_articles_say_so_and_keep_their_comments(self):
        self.make_comment("Before closing.")
        self.article.comments_open = False
        self.article.save()

        r = self.page()

        self.assertContains(r, "Comments are closed.")
        self.assertContains(r, "Before closing.")
        self.assertNotContains(r, 'name="comment"')

    @override_settings(COMMENTS_CLOSE_AFTER_DAYS=14)
    def test_comments_close_after_the_configured_days(self):
        old = self.make_article("Old news", published_at=now() - timedelta(days=15))
        fresh = self.make_article("Fresh news", published_at=now() - timedelta(days=13))

        self.assertContains(self.client.get(old.get_absolute_url()), "Comments are closed.")
        self.assertNotContains(self.client.get(fresh.get_absolute_url()), "Comments are closed.")

    def test_it_loads_comments_in_a_constant_number_of_queries(self):
        url = self.article.get_absolute_url()
        self.client.get(url)  # warm the navigation cache
        # Measured on the first view after a change: the one that renders the comments
        # (the next ones take them from the page's stored parts).
        refresh_comment_counts([self.article.pk])
        with CaptureQueriesContext(connection) as none:
            self.client.get(url)

        parent = None
        for n in range(30):
            parent = self.make_comment(
                f"Comment {n}", parent=parent if n % 3 else None, depth=(n % 3)
            )
        refresh_comment_counts([self.article.pk])
        with CaptureQueriesContext(connection) as many:
            r = self.client.get(url + "?comments=open")

        self.assertContains(r, "Comment 29")
        self.assertEqual(len(none), len(many))
        comment_queries = [q for q in many if "comments_comment" in q["sql"]]
        self.assertLessEqual(len(comment_queries), 2)


class CommentCountInListsTestCase(CommentsTestCase):
    def test_lists_show_the_count_without_a_query_per_article(self):
        others = [self.make_article(f"Story {n}") for n in range(5)]
        self.client.get("/news/world/")
        with CaptureQueriesContext(connection) as before:
            self.client.get("/news/world/")

        for article in [self.article, *others]:
            self.make_comment("Well reported.", article=article)
            self.make_comment("Agreed.", article=article)
        refresh_comment_counts([a.pk for a in [self.article, *others]])
        with CaptureQueriesContext(connection) as after:
            r = self.client.get("/news/world/")

        self.assertContains(r, "2 comments", count=6)
        self.assertEqual(len(before), len(after))
