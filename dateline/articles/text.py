"""Plain text and excerpts from article HTML. Computed when an article is saved, never on
a page view."""

import html

from django.utils.html import strip_tags

EXCERPT_WORDS = 20


def plain_text(markup):
    # Block tags become spaces so that "</p><p>" does not glue two words together.
    spaced = (markup or "").replace("<", " <")
    return " ".join(html.unescape(strip_tags(spaced)).split())


EXCERPT_MAX_CHARACTERS = 300


def make_excerpt(text, words=EXCERPT_WORDS):
    """About `words` words, cut at a word boundary, always ending in "...", and never longer
    than EXCERPT_MAX_CHARACTERS (twenty long web addresses would not fit the field)."""
    kept = []
    for word in text.split()[:words]:
        if len(" ".join([*kept, word])) > EXCERPT_MAX_CHARACTERS:
            break
        kept.append(word)
    if not kept and text.strip():
        kept = [text.split()[0][:EXCERPT_MAX_CHARACTERS]]
    return " ".join(kept).rstrip(",;:.!?-—") + "..." if kept else ""
