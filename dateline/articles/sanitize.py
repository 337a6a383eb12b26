"""Article bodies are HTML written by staff; what is stored is cleaned with an allowlist.

nh3 (bindings to the Rust `ammonia` crate) drops every tag, attribute and URL scheme not
listed here: <script>, event handlers and javascript: links never reach a reader.

What the body editor (django-prose-editor, configured by EDITOR_EXTENSIONS in models.py)
produces passes through unchanged, so a story reads as it was written and saving it again
changes nothing. No `rel` is added to links: no `target` attribute is allowed, so a link
never opens a window that `noopener` would guard.

A picture from the media library is a figure naming its image, and nothing more:
`<figure class="body-picture" data-image="42">` with an `<img>` and a `<figcaption>` whose
credit is in `<small>` (the images app shows it, images/body_pictures.py). Any other class
or a `data-image` that is not a number is dropped.
"""

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "figure", "figcaption",
    "a", "strong", "em", "b", "i", "u", "s", "sub", "sup", "code", "pre", "abbr", "cite", "q",
    "img", "table", "thead", "tbody", "tr", "th", "td", "caption", "small",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "blockquote": {"cite"},
    "ol": {"start", "type"},
    "figure": {"data-image"},
}
# Attributes allowed with these values only (and so not listed above: nh3 refuses both).
ALLOWED_ATTRIBUTE_VALUES = {"figure": {"class": {"body-picture"}}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def keep_attribute(tag, attribute, value):
    """nh3's attribute_filter: the value to keep, or None to drop the attribute."""
    if tag == "figure" and attribute == "data-image":
        return value if value.isascii() and value.isdigit() else None
    return value


def sanitize_html(html):
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        attribute_filter=keep_attribute,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
    )
