"""Property-based tests of the comment form (issue 20): whatever arrives in its fields,
hidden ones included, the answer is never a server error, never the reader's markup made
live, and a form sent back with an error keeps everything the reader typed."""

from datetime import timedelta

from django.http import QueryDict
from django.test import override_settings
from django.utils.html import escape
from django.utils.timezone import now
from hypothesis import given
from hypothesis import strategies as st

from dateline.comments.forms import make_token
from dateline.comments.models import Comment
from dateline.comments.tests.base import READER_COMMENT
from dateline.test import HOSTILE, MARKUP, FuzzTestCase, as_sent, hostile_text

READER_FIELDS = ["comment", "name", "email", "website"]
# What a page shows after a POST: the comment (303), the form again with what to fix (400),
# the form again after a failed CSRF check or "comments are closed" (403), no such article
# (404), too many comments too quickly (429).
ANSWERS = {303, 400, 403, 404, 429}


@override_settings(COMMENTS_MIN_FILL_SECONDS=0, COMMENTS_FLOOD_SECONDS=0)
class CommentFormFuzzTestCase(FuzzTestCase):
    def setUp(self):
        super().setUp()
        self.article = self.make_article("Grid pact signed")
        self.closed = self.make_article("Old grid talks", published_at=now() - timedelta(days=90))
        self.parent = Comment.objects.create(
            article=self.article, body="An earlier comment.", author_name="Erin Example",
            author_email="erin@example.org", status=Comment.Status.APPROVED,
        )  # fmt: skip

    def send(self, fields, *, csrf_checked=False):
        """POST `fields` as a browser encodes a form, except that a percent sign in a value
        goes as it is (a malformed escape stays malformed). Returns the answer and the
        fields as the server read them."""
        body = "&".join(f"{name}={as_sent(value)}" for name, value in fields.items())
        client = self.client_class(enforce_csrf_checks=csrf_checked)
        response = client.post(
            "/comments/post/", body, content_type="application/x-www-form-urlencoded"
        )
        return response, QueryDict(body)

    def assertKeepsWhatWasTyped(self, response, typed):
        page = response.content.decode()
        for name in READER_FIELDS:
            if typed.get(name):
                self.assertIn(escape(typed[name]), page, f"the form lost the {name} typed")

    @given(data=st.data(), csrf_checked=st.booleans())
    def test_any_form_is_answered_safely_and_an_error_keeps_what_was_typed(
        self, data, csrf_checked
    ):
        article, parent = str(self.article.pk), str(self.parent.pk)
        # Each field is what a browser sends, or hostile.
        plausible = {
            "article": st.sampled_from([article, str(self.closed.pk)]),
            "token": st.just(make_token(self.article)),
            "parent": st.sampled_from(["", parent]),
            "comment": st.just(READER_COMMENT),
            "name": st.just("Dana Reader"),
            "email": st.just("dana@example.org"),
            "website": st.just("https://dana.example.org/"),
            "phone": st.just(""),
            "remember": st.sampled_from(["", "on"]),
        }
        fields = {
            name: data.draw(st.one_of(value, hostile_text()), label=name)
            for name, value in plausible.items()
        }

        response, typed = self.send(fields, csrf_checked=csrf_checked)

        self.assertSafeAnswer(response, *fields.values())
        self.assertIn(response.status_code, ANSWERS)
        # The form comes back after an error, after a failed CSRF check on an open article
        # (it is on the page too when comments have closed: the page says so instead).
        if response.status_code in (400, 429) or (
            response.status_code == 403 and typed.get("article") == article
        ):
            self.assertKeepsWhatWasTyped(response, typed)

    def test_every_known_hostile_value_in_every_field_is_answered_safely(self):
        # Each value of the list in every field at once (the sample above sees only some),
        # once for the article that is open for comments and once as the article's id.
        for value in HOSTILE + MARKUP:
            with self.subTest(value=value[:50]):
                fields = dict.fromkeys(READER_FIELDS + ["token", "parent", "phone"], value)
                response, typed = self.send({"article": str(self.article.pk), **fields})

                self.assertSafeAnswer(response, value)
                self.assertEqual(response.status_code, 400)
                self.assertKeepsWhatWasTyped(response, typed)

                response, _ = self.send({"article": value, "comment": READER_COMMENT})
                self.assertSafeAnswer(response, value)
                self.assertIn(response.status_code, ANSWERS)
