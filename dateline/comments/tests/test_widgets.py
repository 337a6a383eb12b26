"""The comment form's inputs are written in Python (comments/widgets.py): the page must
carry exactly what Django's own widget templates would have written, in every state."""

from django.forms.renderers import DjangoTemplates
from django.test import override_settings

from dateline.comments.forms import CommentForm
from dateline.test import BaseTestCase

AWKWARD = 'Tom & "Jerry" <b>O\'Neil</b>'


class CommentFormInputsTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.article = self.make_article("Ferry timetable changes")

    def both_ways(self, **kwargs):
        """Every field of the form as the page shows it, and as Django's templates would."""
        fast = CommentForm(self.article, **kwargs)
        django = CommentForm(self.article, renderer=DjangoTemplates(), **kwargs)
        return [str(fast[name]) for name in fast.fields], [
            str(django[name]) for name in django.fields
        ]

    def test_an_empty_form_is_written_as_django_writes_it(self):
        fast, django = self.both_ways()
        self.assertEqual(fast, django)
        self.assertIn('<input type="hidden" name="token" value="', fast[5])
        self.assertIn('required id="id_name"', fast[1])

    def test_a_returning_commenters_saved_details_are_written_as_django_writes_them(self):
        initial = {"name": AWKWARD, "email": "tom@example.org", "remember": True, "parent": 7}
        fast, django = self.both_ways(initial=initial)
        self.assertEqual(fast, django)
        self.assertIn("Tom &amp; &quot;Jerry&quot; &lt;b&gt;O&#x27;Neil&lt;/b&gt;", fast[1])
        self.assertIn("checked", fast[-1])

    def test_a_form_with_errors_shows_what_was_typed_as_django_would(self):
        data = {"comment": "First line\n<script>alert(1)</script>", "name": AWKWARD,
                "email": "not-an-address", "website": "javascript:alert(1)", "token": "x",
                "phone": "", "parent": "abc"}  # fmt: skip
        fast_form = CommentForm(self.article, data=data)
        self.assertFalse(fast_form.is_valid())
        fast, django = self.both_ways(data=data)
        self.assertEqual(fast, django)
        self.assertIn('aria-invalid="true"', fast[2])
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;</textarea>", fast[0])

    @override_settings(COMMENTS_REQUIRED_FIELDS=["comment"])
    def test_optional_fields_are_written_as_django_writes_them(self):
        fast, django = self.both_ways()
        self.assertEqual(fast, django)
        self.assertNotIn("required", fast[1])
