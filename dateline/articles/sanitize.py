"""Article bodies are HTML written by staff; what is stored is cleaned with an allowlist.

nh3 (bindings to the Rust `ammonia` crate) drops every tag, attribute and URL scheme not
listed here: <script>, event handlers and javascript: links never reach a reader.

What the body editor (django-prose-editor, configured by EDITOR_EXTENSIONS in models.py)
produces passes through unchanged, so a story reads as it was written and saving it again
changes nothing. No `rel` is added to links: no `target` attribute is allowed, so a link
never opens a window that `noopener` would guard.
"""

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "figure", "figcaption",
    "a", "strong", "em", "b", "i", "u", "s", "sub", "sup", "code", "pre", "abbr", "cite", "q",
    "img", "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "blockquote": {"cite"},
    "ol": {"start", "type"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html):
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
    )
