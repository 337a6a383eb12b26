"""Read a WordPress eXtended RSS export (WXR 1.0 to 1.2) into plain data. No ORM here.

The whole file is parsed and checked before the importer writes anything, so a broken or
hostile file changes nothing. DTDs are forbidden: a WXR file never has one, and a DTD is
how the "billion laughs" entity expansion and external entities (reading local files or
URLs) get in. A file that starts without one is read by the standard library's C parser
(with no DTD there is nothing to expand or fetch); any other goes through defusedxml,
which refuses it (`read_export`). Every error names the line it was found on.

The format is what WordPress's `wp-admin/includes/export.php` writes; the reader is as
forgiving as WordPress's own importer (`WXR_Parser_SimpleXML`) where a hand-written file
leaves things out: no `wp:post_id` (taken from the `?p=` in the guid or link), no
`wp:author` or `wp:category` blocks, `<category>` without a `domain` attribute.
"""

import codecs
import email.utils
import functools
import os
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# WXR 1.0 to 1.2 differ in these URIs only (http://wordpress.org/export/1.0/, 1.1, 1.2;
# WordPress.com writes https://).
WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(\d+\.\d+)/(excerpt/)?$")
CHUNK = 64 * 1024
XML_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
PROLOG_PART = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.S)
ROOT_START = re.compile(rb"\s*<[A-Za-z_:]")
WORDPRESS_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$")


class WXRError(Exception):
    """The file can't be imported; the message names the line."""

    def __init__(self, message, line=None):
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class Author:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    line: int = 0


@dataclass
class Term:
    taxonomy: str  # "category" or "post_tag"
    slug: str  # WordPress's nicename, as in the file (may be percent-encoded)
    name: str
    parent: str = ""
    description: str = ""
    line: int = 0


@dataclass
class Comment:
    id: int
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date_gmt: datetime | None = None
    date_local: datetime | None = None
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent: int = 0
    line: int = 0


@dataclass
class Item:
    """One `<item>`: a post, page, attachment, menu entry... (`post_type` says which)."""

    post_id: int
    line: int
    post_type: str = "post"
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_date_gmt: datetime | None = None
    post_date: datetime | None = None
    pub_date: datetime | None = None
    modified_gmt: datetime | None = None
    modified: datetime | None = None
    comment_status: str = "open"
    post_name: str = ""
    status: str = "publish"
    parent: int = 0
    menu_order: int = 0
    password: str = ""
    sticky: bool = False
    attachment_url: str = ""
    # (taxonomy, slug, name); slug is "" for a bare <category>name</category>.
    terms: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)


@dataclass
class Export:
    version: str
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    authors: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    items: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def site(self):
        """Which WordPress site this came from: its address without the scheme. Post and
        comment ids are unique per site only."""
        url = self.base_blog_url or self.link or self.base_site_url
        parts = urlsplit(url.strip())
        return (parts.netloc.lower() + parts.path.rstrip("/"))[:200] or "unknown"

    def items_of_type(self, post_type):
        return [item for item in self.items if item.post_type == post_type]


class _LinedElement(ElementTree.Element):
    """An element that remembers the line it started on (for error messages), and its
    children by local name once they are first looked up (an item has some 25 fields and
    its comments, each read by name: scanning them all for each field made reading a
    10,000-post export take seconds)."""

    line = 0
    by_name = None


class _LineTreeBuilder(ElementTree.TreeBuilder):
    def __init__(self):
        super().__init__(element_factory=_LinedElement)
        self.expat = None

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        element.line = self.expat.CurrentLineNumber if self.expat else 0
        return element


def read_export(source):
    """Parse a WXR file (a path or a binary file object) completely; return an Export or
    raise WXRError naming the line.

    A file with no document type declaration, which is every WordPress export, is read
    with the standard library's C parser: without a DTD there are no entities to expand
    or fetch, and it reads a 10,000-post export in half the time. Any other file, and any
    file the quick reading finds fault with, is read the careful way (`parse_xml`), which
    forbids DTDs and knows each element's line for the error message."""
    stream = open(source, "rb") if isinstance(source, str | bytes | os.PathLike) else source  # noqa: SIM115
    try:
        start = stream.tell() if stream.seekable() else None
        if start is not None:
            quick = without_doctype(stream.read(CHUNK))
            stream.seek(start)
            if quick:
                try:
                    return read_channel(parse_quickly(stream))
                except (WXRError, ElementTree.ParseError):
                    stream.seek(start)
        return read_channel(parse_xml(stream))
    finally:
        if stream is not source:
            stream.close()


def without_doctype(head):
    """Whether `head`, the start of a UTF-8 file, reaches its root element with no
    document type declaration before it (only comments and processing instructions)."""
    position = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    declared = XML_ENCODING.match(head, position)
    if declared and declared[1].lower() not in (b"utf-8", b"utf8", b"us-ascii", b"ascii"):
        return False
    while prolog := PROLOG_PART.match(head, position):
        position = prolog.end()
    return ROOT_START.match(head, position) is not None


def parse_quickly(stream):
    parser = ElementTree.XMLParser(target=ElementTree.TreeBuilder(element_factory=_LinedElement))
    while chunk := stream.read(CHUNK):
        parser.feed(chunk)
    return parser.close()


def parse_xml(stream):
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    builder.expat = parser.parser
    lines = 1
    try:
        while chunk := stream.read(CHUNK):
            lines += chunk.count(b"\n")
            parser.feed(chunk)
        return parser.close()
    except DTDForbidden:
        raise WXRError(
            "the file has a document type declaration (<!DOCTYPE ...>). A WordPress export "
            "never has one, and it is how an XML file defines entities that expand to "
            'gigabytes ("billion laughs") or read other files (external entities). '
            "Nothing was imported.",
            parser.parser.CurrentLineNumber,
        ) from None
    except (EntitiesForbidden, ExternalReferenceForbidden):
        raise WXRError(
            "the file declares or refers to an XML entity, which a WordPress export never "
            "does. Nothing was imported.",
            parser.parser.CurrentLineNumber,
        ) from None
    except ElementTree.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        cut_short = reason == "no element found" or line >= lines
        hint = " (the file looks cut short)" if cut_short else ""
        raise WXRError(
            f"the file is not well-formed XML: {reason} at column {column}{hint}. "
            "Nothing was imported.",
            line,
        ) from None


def local_name(element):
    """`wp:post_id`, `content:encoded`, `title`... whatever the WXR version's namespace."""
    return local_name_of_tag(element.tag)


@functools.lru_cache(maxsize=1024)
def local_name_of_tag(tag):
    # Cached: a file has a few dozen distinct tags and hundreds of thousands of elements.
    if not isinstance(tag, str) or not tag.startswith("{"):
        return tag
    uri, _, name = tag[1:].partition("}")
    if uri in NAMESPACES:
        return f"{NAMESPACES[uri]}:{name}"
    match = WP_NAMESPACE.match(uri)
    if match:
        return f"{'excerpt' if match.group(2) else 'wp'}:{name}"
    return tag


def children(element, name):
    by_name = element.by_name if isinstance(element, _LinedElement) else None
    if by_name is None:
        by_name = {}
        names = _local_names  # read here, not through local_name(): a million children
        for found in element:
            tag = found.tag
            found_name = names.get(tag)
            if found_name is None:
                found_name = names[tag] = local_name_of_tag(tag)
            same = by_name.get(found_name)
            if same is None:
                by_name[found_name] = [found]
            else:
                same.append(found)
        if isinstance(element, _LinedElement):
            element.by_name = by_name
    return by_name.get(name, [])


# tag -> local_name_of_tag(tag), for children().
_local_names = {}


def child(element, name):
    found = children(element, name)
    return found[0] if found else None


def text(element, name, default=""):
    found = children(element, name)
    return (found[0].text or "").strip() if found else default


def line_of(element, name):
    found = child(element, name)
    return found.line if found is not None else element.line


def whole_number(element, name, default=0):
    value = text(element, name)
    if not value:
        return default
    if not value.lstrip("-").isdigit():
        raise WXRError(
            f"<{name}> should be a whole number, not {value[:40]!r}.", line_of(element, name)
        )
    return int(value)


def wordpress_date(element, name):
    """A `YYYY-MM-DD HH:MM:SS` time as WordPress writes it; None for its "no date"
    (0000-00-00 00:00:00) or when missing. Read as UTC: the _gmt fields are UTC, and the
    export says nothing about the site's time zone for the others."""
    value = text(element, name)
    if not value or value.startswith("0000-00-00"):
        return None
    try:
        if WORDPRESS_TIME.match(value):  # the usual shape: fromisoformat is 10 times faster
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        raise WXRError(
            f"<{name}> should be a time like 2013-01-10 14:30:00, not {value[:40]!r}.",
            line_of(element, name),
        ) from None


def rss_date(element, name):
    value = text(element, name)
    try:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def read_channel(root):
    if local_name(root) != "rss":
        raise WXRError(
            f"this is not a WordPress export: the file starts with <{local_name(root)}>, "
            "where a WXR file starts with <rss>.",
            root.line,
        )
    channel = next(iter(children(root, "channel")), None)
    if channel is None:
        raise WXRError("this is not a WordPress export: <rss> has no <channel>.", root.line)
    version = text(channel, "wp:wxr_version")
    uses_wp_namespace = any(
        local_name(element).startswith("wp:") for element in channel.iter() if element is not root
    )
    if not version and not uses_wp_namespace:
        raise WXRError(
            "this is an RSS feed, not a WordPress export: it has no <wp:wxr_version> and no "
            "wp: elements. Export the site from WordPress (Tools > Export).",
            channel.line,
        )
    export = Export(
        version=version or "unknown",
        title=text(channel, "title"),
        link=text(channel, "link"),
        base_site_url=text(channel, "wp:base_site_url"),
        base_blog_url=text(channel, "wp:base_blog_url"),
    )
    if version and version not in SUPPORTED_VERSIONS:
        export.notes.append(
            f"WXR {version} is not one of the versions this importer knows "
            f"({', '.join(SUPPORTED_VERSIONS)}): read as 1.2."
        )
    for element in children(channel, "wp:author"):
        login = text(element, "wp:author_login")
        if not login:
            raise WXRError("<wp:author> has no <wp:author_login>.", element.line)
        export.authors.append(
            Author(
                login=login,
                email=text(element, "wp:author_email"),
                display_name=text(element, "wp:author_display_name"),
                first_name=text(element, "wp:author_first_name"),
                last_name=text(element, "wp:author_last_name"),
                line=element.line,
            )
        )
    for element in children(channel, "wp:category"):
        export.terms.append(
            Term(
                taxonomy="category",
                slug=text(element, "wp:category_nicename"),
                name=text(element, "wp:cat_name"),
                parent=text(element, "wp:category_parent"),
                description=text(element, "wp:category_description"),
                line=element.line,
            )
        )
    for element in children(channel, "wp:tag"):
        export.terms.append(
            Term(
                taxonomy="post_tag",
                slug=text(element, "wp:tag_slug"),
                name=text(element, "wp:tag_name"),
                description=text(element, "wp:tag_description"),
                line=element.line,
            )
        )
    for element in children(channel, "wp:term"):
        taxonomy = text(element, "wp:term_taxonomy")
        if taxonomy in ("category", "post_tag"):
            export.terms.append(
                Term(
                    taxonomy=taxonomy,
                    slug=text(element, "wp:term_slug"),
                    name=text(element, "wp:term_name"),
                    parent=text(element, "wp:term_parent"),
                    description=text(element, "wp:term_description"),
                    line=element.line,
                )
            )
    for element in children(channel, "item"):
        export.items.append(read_item(element))
    return export


def post_id_from_url(url):
    """The 123 of https://example.com/?p=123 (how WordPress writes guids)."""
    values = parse_qs(urlsplit(url).query).get("p", [])
    return int(values[0]) if values and values[0].isdigit() else None


def read_item(element):
    guid, link = text(element, "guid"), text(element, "link")
    post_id = whole_number(element, "wp:post_id", None)
    if post_id is None:
        post_id = post_id_from_url(guid) or post_id_from_url(link)
    if post_id is None:
        raise WXRError(
            "this <item> has no <wp:post_id>, and its guid and link carry no ?p=ID: "
            "the importer can't tell it apart from the others.",
            element.line,
        )
    item = Item(
        post_id=post_id,
        line=element.line,
        post_type=text(element, "wp:post_type") or "post",
        title=text(element, "title"),
        link=link,
        guid=guid,
        creator=text(element, "dc:creator"),
        content=text(element, "content:encoded"),
        excerpt=text(element, "excerpt:encoded"),
        post_date_gmt=wordpress_date(element, "wp:post_date_gmt"),
        post_date=wordpress_date(element, "wp:post_date"),
        pub_date=rss_date(element, "pubDate"),
        modified_gmt=wordpress_date(element, "wp:post_modified_gmt"),
        modified=wordpress_date(element, "wp:post_modified"),
        comment_status=text(element, "wp:comment_status") or "open",
        post_name=text(element, "wp:post_name"),
        status=text(element, "wp:status") or "publish",
        parent=whole_number(element, "wp:post_parent"),
        menu_order=whole_number(element, "wp:menu_order"),
        password=text(element, "wp:post_password"),
        sticky=text(element, "wp:is_sticky") == "1",
        attachment_url=text(element, "wp:attachment_url"),
    )
    categories = children(element, "category")
    # WordPress's importer reads only <category> elements with a nicename; a hand-written
    # file may have none, and then the bare ones are categories named by their text.
    with_slug = [c for c in categories if c.get("nicename")]
    for category in with_slug or categories:
        domain = category.get("domain") or "category"
        taxonomy = "post_tag" if domain in ("post_tag", "tag") else domain
        name = (category.text or "").strip()
        if name or category.get("nicename"):
            item.terms.append((taxonomy, category.get("nicename") or "", name))
    for meta in children(element, "wp:postmeta"):
        item.meta[text(meta, "wp:meta_key")] = text(meta, "wp:meta_value")
    for comment in children(element, "wp:comment"):
        comment_id = whole_number(comment, "wp:comment_id", None)
        if comment_id is None:
            raise WXRError("<wp:comment> has no <wp:comment_id>.", comment.line)
        item.comments.append(
            Comment(
                id=comment_id,
                author=text(comment, "wp:comment_author"),
                email=text(comment, "wp:comment_author_email"),
                url=text(comment, "wp:comment_author_url"),
                ip=text(comment, "wp:comment_author_IP"),
                date_gmt=wordpress_date(comment, "wp:comment_date_gmt"),
                date_local=wordpress_date(comment, "wp:comment_date"),
                content=text(comment, "wp:comment_content"),
                approved=text(comment, "wp:comment_approved") or "1",
                type=text(comment, "wp:comment_type"),
                parent=whole_number(comment, "wp:comment_parent"),
                line=comment.line,
            )
        )
    return item
