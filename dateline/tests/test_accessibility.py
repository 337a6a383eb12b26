"""What a screen-reader or keyboard user relies on, on every kind of reader page."""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.contrib.staticfiles import finders

from dateline.test import BaseTestCase


def stylesheet():
    return Path(finders.find("dateline/site.css")).read_text(encoding="utf-8")


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings = []
        self.landmarks = set()
        self.skip_link_target = None
        self.ids = set()
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if tag in ("header", "nav", "main", "footer"):
            self.landmarks.add(tag)
        if "skip-link" in (attrs.get("class") or "") and self.skip_link_target is None:
            self.skip_link_target = attrs.get("href")
        if "id" in attrs:
            self.ids.add(attrs["id"])


class AccessibleStructureTestCase(BaseTestCase):
    def pages(self):
        article = self.make_article("Accessible story", dek="A dek.")
        return ["/", article.get_absolute_url(), "/news/world/", "/authors/alice-example/"]

    def test_every_reader_page_has_landmarks_a_skip_link_and_ordered_headings(self):
        for url in self.pages():
            with self.subTest(url=url):
                outline = Outline()
                outline.feed(self.client.get(url).content.decode())

                self.assertEqual(outline.lang, "en")
                self.assertTrue({"header", "nav", "main", "footer"} <= outline.landmarks)
                self.assertEqual(outline.skip_link_target, "#main")
                self.assertIn("main", outline.ids)
                self.assertEqual(outline.headings.count(1), 1, outline.headings)
                self.assertEqual(outline.headings[0], 1)
                for before, after in zip(outline.headings, outline.headings[1:], strict=False):
                    self.assertLessEqual(after - before, 1, f"heading jumps in {outline.headings}")

    def test_the_stylesheet_keeps_a_visible_focus_and_fits_a_phone(self):
        self.make_article()
        html = self.client.get("/").content.decode()
        self.assertIn('name="viewport" content="width=device-width, initial-scale=1"', html)
        css = stylesheet()
        self.assertIn(":focus-visible", css)
        self.assertNotIn("outline: none", css.split("main:focus")[0])


def _luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground, background):
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


class TextContrastTestCase(BaseTestCase):
    def test_text_colours_meet_wcag_aa_on_the_page_background(self):
        colours = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-fA-F]{6})", stylesheet()))
        for name in ("ink", "muted", "accent", "link"):
            with self.subTest(colour=name):
                self.assertGreaterEqual(contrast(colours[name], colours["paper"]), 4.5)
        # The skip link is white on ink.
        self.assertGreaterEqual(contrast("#ffffff", colours["ink"]), 4.5)
