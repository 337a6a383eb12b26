from django.test import SimpleTestCase

from dateline.articles.sanitize import sanitize_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<iframe src=//evil.example></iframe>",
    "<svg/onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    "<p>unclosed <b>bold <script>alert(1)",
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name=x></form>',
]


class SanitizeHtmlTestCase(SimpleTestCase):
    def test_it_keeps_editorial_markup(self):
        html = (
            "<h2>Sub</h2><p>A <strong>bold</strong> and <em>calm</em> "
            '<a href="https://example.org/x">link</a>.</p><blockquote><p>Quote</p></blockquote>'
            "<ul><li>one</li></ul>"
        )
        cleaned = sanitize_html(html)
        for fragment in ("<h2>Sub</h2>", "<strong>bold</strong>", "<em>calm</em>", "<li>one</li>"):
            self.assertIn(fragment, cleaned)
        self.assertIn('href="https://example.org/x"', cleaned)

    def test_it_makes_hostile_markup_inert(self):
        for html in HOSTILE:
            with self.subTest(html=html):
                cleaned = sanitize_html(html).lower()
                for danger in ("<script", "onerror", "onload", "onmouseover", "javascript:",
                               "<iframe", "<object", "<style", "<form", "style="):  # fmt: skip
                    self.assertNotIn(danger, cleaned)
