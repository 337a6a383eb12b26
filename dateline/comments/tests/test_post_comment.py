import re
import time
from datetime import timedelta
from unittest import mock

from django.core import signing
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from dateline.comments.cookies import COMMENTER_COOKIE, HELD_COOKIE
from dateline.comments.forms import TOKEN_SALT
from dateline.comments.models import Comment
from dateline.comments.tests.base import READER_COMMENT, CommentsTestCase


class PostCommentTestCase(CommentsTestCase):
    def test_it_holds_a_first_comment_and_shows_it_to_its_author_only(self):
        r = self.post()

        comment = Comment.objects.get()
        self.assertEqual(comment.status, Comment.Status.PENDING)
        self.assertEqual(comment.reason, "first-comment")
        self.assertEqual(r.status_code, 303)
        self.assertEqual(
            r["Location"],
            f"{self.article.get_absolute_url()}?held={comment.pk}#comment-{comment.pk}",
        )

        page = self.client.get(r["Location"])
        self.assertContains(page, "Your comment is awaiting moderation.")
        self.assertContains(page, READER_COMMENT)

        stranger = self.client_class()
        self.assertNotContains(stranger.get(r["Location"]), READER_COMMENT)

    def test_it_approves_a_known_commenter_and_lands_on_the_comment(self):
        self.make_comment("Earlier approved words.", author_email="DANA@example.org")

        r = self.post()

        comment = Comment.objects.get(body=READER_COMMENT)
        self.assertEqual(comment.status, Comment.Status.APPROVED)
        self.assertEqual(comment.reason, "known-commenter")
        self.assertEqual(
            r["Location"], f"{self.article.get_absolute_url()}?comments=open#comment-{comment.pk}"
        )
        self.article.refresh_from_db()
        self.assertEqual(self.article.comment_count, 2)
        self.assertContains(self.client.get(r["Location"]), READER_COMMENT)

    def test_a_reply_is_attached_to_its_parent(self):
        parent = self.make_comment("Parent.", author_email="dana@example.org")
        self.post(parent=str(parent.pk))
        reply = Comment.objects.get(body=READER_COMMENT)
        self.assertEqual((reply.parent, reply.depth), (parent, 1))

    def test_a_form_error_keeps_everything_typed_and_says_what_to_fix(self):
        r = self.post(name="", email="not-an-email")

        self.assertEqual(r.status_code, 400)
        self.assertFalse(Comment.objects.exists())
        self.assertContains(r, "Please enter your name.", status_code=400)
        self.assertContains(r, "Enter a valid email address.", status_code=400)
        self.assertContains(r, READER_COMMENT, status_code=400)
        self.assertContains(r, 'value="not-an-email"', status_code=400)
        self.assertContains(r, 'value="https://dana.example.org/"', status_code=400)
        self.assertContains(r, '<details id="comments" open>', status_code=400)

    @override_settings(COMMENTS_MAX_LENGTH=100)
    def test_an_over_long_comment_is_told_the_limit(self):
        r = self.post(comment="x" * 150)
        self.assertContains(r, "at most 100 characters long (yours has 150)", status_code=400)
        self.assertContains(r, "x" * 150, status_code=400)

    def test_only_http_and_https_websites_are_accepted(self):
        for website in ("javascript:alert(1)", "ftp://files.example.org/", "data:text/html,x"):
            with self.subTest(website=website):
                r = self.post(website=website)
                self.assertContains(r, "starting with http:// or https://", status_code=400)
        self.assertFalse(Comment.objects.exists())

    @override_settings(COMMENTS_REQUIRED_FIELDS=["comment"])
    def test_optional_fields_may_be_left_empty_when_the_setting_says_so(self):
        r = self.post(name="", email="", website="")
        self.assertEqual(r.status_code, 303)
        self.assertEqual(Comment.objects.get().author_email, "")

    def test_it_refuses_a_filled_honeypot(self):
        r = self.post(phone="+1 555 0100")
        self.assertContains(r, "Your comment could not be sent.", status_code=400)
        self.assertFalse(Comment.objects.exists())

    @override_settings(COMMENTS_MIN_FILL_SECONDS=5)
    def test_it_refuses_a_form_sent_faster_than_a_person_types(self):
        r = self.post()
        self.assertContains(r, "quicker than anyone can type", status_code=400)
        self.assertContains(r, READER_COMMENT, status_code=400)
        self.assertFalse(Comment.objects.exists())

    @override_settings(COMMENTS_MIN_FILL_SECONDS=5)
    def test_it_accepts_a_form_filled_in_at_human_speed(self):
        token = signing.dumps({"a": self.article.pk, "t": int(time.time()) - 30}, salt=TOKEN_SALT)
        self.assertEqual(self.post(token=token).status_code, 303)

    def test_it_refuses_a_forged_token_and_hands_out_a_fresh_one(self):
        r = self.post(token="forged")
        self.assertContains(r, "This form had expired", status_code=400)
        self.assertContains(r, READER_COMMENT, status_code=400)
        fresh = re.search(r'name="token" value="([^"]+)"', r.content.decode()).group(1)
        self.assertEqual(self.post(token=fresh).status_code, 303)

    def test_a_token_for_another_article_is_refused(self):
        other = self.make_article("Other story")
        r = self.post(token=self.form_data(article=other)["token"])
        self.assertContains(r, "This form had expired", status_code=400)

    @override_settings(COMMENTS_FLOOD_SECONDS=15)
    def test_sending_the_same_comment_again_answers_as_the_first_time(self):
        # A second press of Post, or nginx sending a POST again whose worker died under it:
        # the reader lands on their comment, which exists once (not flood control either).
        first = self.post()
        again = self.post()

        comment = Comment.objects.get()
        self.assertEqual(again.status_code, 303)
        self.assertEqual(again["Location"], first["Location"])
        self.assertIn(f"#comment-{comment.pk}", again["Location"])
        stranger = self.client_class()
        stranger.cookies[HELD_COOKIE] = again.cookies[HELD_COOKIE].value
        page = stranger.get(again["Location"])
        self.assertContains(page, "Your comment is awaiting moderation.")
        self.assertContains(page, READER_COMMENT)

    def test_an_approved_comment_sent_again_lands_on_it_once(self):
        self.make_comment("Earlier approved words.", author_email="dana@example.org")
        self.post()
        again = self.post()

        comment = Comment.objects.get(body=READER_COMMENT)
        self.assertEqual(
            again["Location"],
            f"{self.article.get_absolute_url()}?comments=open#comment-{comment.pk}",
        )
        self.article.refresh_from_db()
        self.assertEqual(self.article.comment_count, 2)

    def test_the_same_comment_from_another_place_is_refused(self):
        self.post()
        r = self.client.post("/comments/post/", self.form_data(), REMOTE_ADDR="192.0.2.44")
        self.assertContains(r, "You have already posted this comment", status_code=400)
        self.assertContains(r, READER_COMMENT, status_code=400)
        self.assertEqual(Comment.objects.count(), 1)

    def test_a_repeat_from_the_same_address_in_other_capitals_is_refused(self):
        self.post()
        r = self.client.post(
            "/comments/post/", self.form_data(email="Dana@Example.ORG"), REMOTE_ADDR="192.0.2.44"
        )
        self.assertContains(r, "You have already posted this comment", status_code=400)
        self.assertEqual(Comment.objects.count(), 1)

    @override_settings(COMMENTS_RESEND_SECONDS=600)
    def test_the_same_comment_sent_again_much_later_is_refused(self):
        self.post()
        Comment.objects.update(created_at=now() - timedelta(minutes=11))
        r = self.post()
        self.assertContains(r, "You have already posted this comment", status_code=400)
        self.assertEqual(Comment.objects.count(), 1)

    def test_the_same_words_from_another_reader_go_through(self):
        self.post()
        r = self.post(email="sam@example.org", name="Sam Reader")
        self.assertEqual(r.status_code, 303)
        self.assertEqual(Comment.objects.count(), 2)

    def test_a_regular_with_a_long_history_posts_in_a_constant_number_of_queries(self):
        self.make_comment("Earlier approved words.", author_email="dana@example.org")
        self.post(comment="A first remark on the pact.")
        with CaptureQueriesContext(connection) as few:
            self.post(comment="A second remark on the pact.")
        for n in range(60):
            self.make_comment(f"Remark number {n}.", author_email="dana@example.org")
        with CaptureQueriesContext(connection) as many:
            r = self.post(comment="A third remark on the pact.")
        self.assertEqual(r.status_code, 303)
        self.assertEqual(len(many), len(few))
        self.assertEqual(Comment.objects.get(body="A third remark on the pact.").status, "approved")

    def test_a_regular_in_the_thread_is_known_without_looking_their_history_up_again(self):
        other = self.make_article("Another story")
        self.make_comment("Said elsewhere.", article=other, author_email="dana@example.org")
        with CaptureQueriesContext(connection) as first_here:
            self.post(comment="My first words on this story.")
        with CaptureQueriesContext(connection) as again_here:
            self.post(comment="And a second thought on it.")

        reasons = Comment.objects.filter(article=self.article).values_list("reason", flat=True)
        self.assertEqual(sorted(reasons), ["known-commenter", "known-commenter"])
        # The duplicate check read their approved comment here: moderation asks nothing.
        self.assertEqual(len(again_here), len(first_here) - 1)

    @override_settings(COMMENTS_FLOOD_SECONDS=15)
    def test_flood_control_answers_429_and_keeps_the_comment(self):
        self.assertEqual(self.post().status_code, 303)

        r = self.post(comment="A second thought, right away.", email="other@example.org")

        self.assertEqual(r.status_code, 429)
        self.assertContains(r, "please wait 15 seconds", status_code=429)
        self.assertContains(r, "A second thought, right away.", status_code=429)
        self.assertEqual(Comment.objects.count(), 1)

    @override_settings(COMMENTS_FLOOD_SECONDS=15)
    def test_flood_control_counts_per_email_across_addresses(self):
        self.client.post("/comments/post/", self.form_data(), REMOTE_ADDR="192.0.2.1")
        r = self.client.post(
            "/comments/post/",
            self.form_data(comment="From elsewhere, same person."),
            REMOTE_ADDR="192.0.2.99",
        )
        self.assertEqual(r.status_code, 429)

    @override_settings(COMMENTS_FLOOD_SECONDS=15)
    def test_behind_the_front_server_two_readers_are_two_addresses(self):
        nginx = {"REMOTE_ADDR": "127.0.0.1"}  # a trusted proxy by default
        self.client.post("/comments/post/", self.form_data(), HTTP_X_FORWARDED_FOR="198.51.100.7",
                         **nginx)  # fmt: skip
        r = self.client.post(
            "/comments/post/",
            self.form_data(comment="A neighbour's view.", email="lee@example.org"),
            HTTP_X_FORWARDED_FOR="203.0.113.9",
            **nginx,
        )

        self.assertEqual(r.status_code, 303)  # not flood control: another reader
        self.assertEqual(
            sorted(Comment.objects.values_list("ip_address", flat=True)),
            ["198.51.100.7", "203.0.113.9"],
        )

    def test_a_forwarded_address_from_an_untrusted_client_is_ignored(self):
        self.client.post(
            "/comments/post/",
            self.form_data(),
            REMOTE_ADDR="192.0.2.50",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
            HTTP_X_REAL_IP="203.0.113.9",
        )
        self.assertEqual(Comment.objects.get().ip_address, "192.0.2.50")

    def test_only_the_entry_the_front_server_wrote_counts(self):
        # The reader sent "X-Forwarded-For: 10.9.9.9"; nginx appended their real address.
        self.client.post("/comments/post/", self.form_data(), REMOTE_ADDR="127.0.0.1",
                         HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")  # fmt: skip
        self.assertEqual(Comment.objects.get().ip_address, "198.51.100.7")

    def test_it_remembers_the_commenter_only_when_asked(self):
        r = self.post(remember="on")
        self.assertIn(COMMENTER_COOKIE, r.cookies)

        page = self.client.get(self.article.get_absolute_url())
        self.assertContains(page, 'value="Dana Reader"')
        self.assertContains(page, 'value="dana@example.org"')

        forgetful = self.client_class()
        r = self.post(client=forgetful, comment="Another view entirely.", email="x@example.org")
        self.assertEqual(r.cookies[COMMENTER_COOKIE].value, "")
        self.assertNotContains(
            forgetful.get(self.article.get_absolute_url()), 'value="Dana Reader"'
        )

    def test_a_tampered_held_cookie_shows_nothing(self):
        pending = self.make_comment("Someone else's held words.", status=Comment.Status.PENDING)
        self.client.cookies[HELD_COOKIE] = f"[{pending.pk}]"
        page = self.client.get(self.article.get_absolute_url())
        self.assertNotContains(page, "Someone else&#x27;s held words.")

    def test_closed_comments_refuse_new_ones(self):
        self.article.comments_open = False
        self.article.save()
        r = self.post()
        self.assertContains(r, "Comments are closed.", status_code=403)
        self.assertFalse(Comment.objects.exists())

    def test_bad_article_ids_are_404s(self):
        # "²" is a digit to str.isdigit() but not a number to int() (found by test_fuzz).
        for article in ("", "abc", "99999", "1 OR 1=1", "²", "①"):
            with self.subTest(article=article):
                r = self.client.post("/comments/post/", {**self.form_data(), "article": article})
                self.assertEqual(r.status_code, 404)

    def test_a_bad_article_id_without_a_csrf_token_gets_the_usual_403(self):
        client = self.client_class(enforce_csrf_checks=True)
        for article in ("abc", "²"):
            with self.subTest(article=article):
                r = client.post("/comments/post/", {**self.form_data(), "article": article})
                self.assertEqual(r.status_code, 403)

    def test_a_reply_to_a_parent_that_is_not_a_number_keeps_everything_typed(self):
        r = self.post(parent="²")

        self.assertContains(r, "Enter a whole number.", status_code=400)
        self.assertContains(r, READER_COMMENT, status_code=400)
        self.assertFalse(Comment.objects.exists())

    def test_drafts_take_no_comments(self):
        draft = self.make_article("Draft", status="draft")
        self.assertEqual(self.post(article=draft).status_code, 404)

    def test_get_is_not_allowed(self):
        self.assertEqual(self.client.get("/comments/post/").status_code, 405)

    def test_the_form_is_protected_against_cross_site_requests(self):
        client = self.client_class(enforce_csrf_checks=True)
        r = self.post(client=client)
        self.assertEqual(r.status_code, 403)
        self.assertFalse(Comment.objects.exists())

    def test_moderators_are_emailed_about_held_comments(self):
        from django.contrib.auth.models import Group, Permission
        from django.core import mail

        moderators = Group.objects.get(name="Moderators")
        moderators.permissions.add(Permission.objects.get(codename="moderate_comment"))
        self.bob.groups.add(moderators)

        with self.captureOnCommitCallbacks(execute=True):
            self.post()

        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["bob@example.org"])
        self.assertIn("Grid pact signed", mail.outbox[0].body)
        self.assertIn("First comment from this email address", mail.outbox[0].body)

    def test_a_mail_server_failure_loses_no_comment(self):
        with (
            mock.patch("dateline.comments.services.send_mail", side_effect=OSError("down")),
            mock.patch(
                "dateline.comments.services.moderator_emails", return_value=["m@example.org"]
            ),
            self.assertLogs("dateline.comments.services", "ERROR"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            r = self.post()
        self.assertEqual(r.status_code, 303)
        self.assertTrue(Comment.objects.exists())
