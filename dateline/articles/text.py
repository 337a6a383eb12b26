"""Plain text and excerpts from article HTML. Computed when an article is saved, never on
a page view."""

import html
import re

EXCERPT_WORDS = 20
# A tag (quoted attribute values may hold ">") or a comment. Article bodies are sanitised
# on save, so a bare "<" in text arrives escaped as "&lt;" and never starts a match. A
# regular expression, not Django's strip_tags: rebuilding 100,000 articles' related lists
# and search entries strips every body, and HTMLParser took most of that time.
TAG_RE = re.compile(r"<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.DOTALL)


# A picture's caption and credit (images' body pictures): about the picture, not the story.
FIGCAPTION_RE = re.compile(r"<figcaption\b.*?</figcaption>", re.DOTALL | re.IGNORECASE)


def story_text(markup):
    """The story's own words, without its pictures' captions: what its excerpt is made of."""
    return plain_text(FIGCAPTION_RE.sub(" ", markup or ""))


def plain_text(markup):
    # Tags become spaces so that "</p><p>" does not glue two words together.
    return " ".join(html.unescape(TAG_RE.sub(" ", markup or "")).split())


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
