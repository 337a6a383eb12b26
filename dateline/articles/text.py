"""Plain text and excerpts from article HTML. Computed when an article is saved, never on
a page view."""

import html

from django.utils.html import strip_tags

EXCERPT_WORDS = 20


def plain_text(markup):
    # Block tags become spaces so that "</p><p>" does not glue two words together.
    spaced = (markup or "").replace("<", " <")
    return " ".join(html.unescape(strip_tags(spaced)).split())


def make_excerpt(text, words=EXCERPT_WORDS):
    """About `words` words, cut at a word boundary, always ending in "..."."""
    kept = text.split()[:words]
    return " ".join(kept).rstrip(",;:.!?-—") + "..." if kept else ""
