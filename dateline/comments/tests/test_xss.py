from dateline.comments.models import Comment
from dateline.comments.services import refresh_comment_counts
from dateline.comments.tests.base import CommentsTestCase

XSS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "<a href='javascript:alert(1)'>click</a>",
    "</textarea><script>alert(1)</script>",
    "<iframe src=//evil.example>",
    "<div style=\"background:url('javascript:alert(1)')\">",
    "<<script>script>alert(1)<</script>/script>",
]


class XssTestCase(CommentsTestCase):
    def test_hostile_text_in_every_field_is_shown_inert(self):
        for payload in XSS:
            Comment.objects.create(
                article=self.article,
                body=payload,
                author_name=payload[:100],
                author_email="x@example.org",
                status=Comment.Status.APPROVED,
            )
        refresh_comment_counts([self.article.pk])

        html = self.client.get(self.article.get_absolute_url()).content.decode()

        self.assertNotIn("<script>alert", html)
        self.assertNotIn("<img src=x", html)
        self.assertNotIn("<svg onload", html)
        self.assertNotIn("<iframe src=//evil", html)
        self.assertNotIn("href='javascript:", html)
        self.assertNotIn('href="javascript:', html)
        self.assertIn("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html)

    def test_hostile_input_re_shown_in_the_form_is_escaped(self):
        for payload in XSS:
            with self.subTest(payload=payload):
                r = self.post(name=payload[:100], comment=payload, website=payload)
                html = r.content.decode()
                self.assertEqual(r.status_code, 400)
                self.assertNotIn("<script>alert", html)
                self.assertNotIn("<img src=x", html)
                self.assertNotIn("<svg onload", html)
