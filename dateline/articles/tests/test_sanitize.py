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

    def test_what_the_body_editor_writes_is_kept_as_it_is(self):
        # Markup as django-prose-editor serialises it (the browser test in
        # newsroom/tests/test_newsroom_in_browser.py makes the same with the toolbar).
        written = (
            "<h3>A heading</h3><p>Plain, <strong>bold</strong> <em>italic</em> <u>underline</u>"
            " <s>strike</s> <sub>sub</sub> <sup>sup</sup> "
            '<a href="https://example.org/a?b=c&amp;d=e" title="">a link</a></p>'
            '<ul><li><p>A point</p></li></ul><ol start="3"><li><p>Step three</p></li></ol>'
            "<blockquote><p>A quote</p></blockquote><hr>"
            "<table><tbody><tr><th><p>Header</p></th></tr><tr><td><p></p></td></tr></tbody></table>"
        )
        self.assertEqual(sanitize_html(written), written)

    def test_it_makes_hostile_markup_inert(self):
        for html in HOSTILE:
            with self.subTest(html=html):
                cleaned = sanitize_html(html).lower()
                for danger in ("<script", "onerror", "onload", "onmouseover", "javascript:",
                               "<iframe", "<object", "<style", "<form", "style="):  # fmt: skip
                    self.assertNotIn(danger, cleaned)

    def test_a_library_picture_is_kept_as_the_body_editor_writes_it(self):
        # images/static/images/body_pictures.js writes it; images/body_pictures.py shows it.
        written = (
            '<p>Before.</p><figure class="body-picture" data-image="42"><img src="/media/library/'
            'r/chart-800w.jpg" alt="Bar chart: &quot;seats&quot; &amp; votes" width="800" '
            'height="450"><figcaption>Seats won. <small>Dateline graphic</small></figcaption>'
            "</figure><p>After.</p>"
        )
        self.assertEqual(sanitize_html(written), written)

    def test_a_figure_keeps_only_the_picture_class_and_a_numeric_image_id(self):
        for attributes in (
            'class="body-picture wide"', 'class="other"', 'data-image="42 onerror"',
            'data-image="٤٢"', 'data-image="-1"', 'data-caption="x"', 'style="float:left"',
            'id="x"',
        ):  # fmt: skip
            with self.subTest(attributes=attributes):
                cleaned = sanitize_html(f'<figure {attributes}><img src="/x.jpg" alt=""></figure>')
                self.assertEqual(cleaned, '<figure><img src="/x.jpg" alt=""></figure>')
