"""Article bodies are HTML written by staff; what is stored is cleaned with an allowlist.

nh3 (bindings to the Rust `ammonia` crate) drops every tag, attribute and URL scheme not
listed here: <script>, event handlers and javascript: links never reach a reader.
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
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html):
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener",
    )
