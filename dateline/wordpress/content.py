"""Turn what WordPress stores into what Dateline stores. Pure functions: no ORM, no files.

A WordPress post body is not HTML as readers get it: WordPress rebuilds it on every page
view. Classic-editor posts keep paragraphs as blank lines (`wpautop` adds the <p>s) and
carry shortcodes ([caption], [gallery], [embed]...); block-editor posts carry the block
markup in HTML comments (<!-- wp:paragraph -->) and draw some blocks (latest posts,
archives, calendar...) from the database each time, so the export has nothing for them.
`convert_body` does that work once, and the project's own sanitiser has the last word.
"""

import html
import re
from dataclasses import dataclass, field

from django.utils.html import escape, strip_tags

from dateline.articles.sanitize import sanitize_html

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".bmp", ".tif", ".tiff")

# Shortcodes this module turns into HTML, by what they become.
CAPTION = {"caption", "wp_caption"}
GALLERY = {"gallery"}
PLAYLIST = {"playlist"}
CODE = {"code", "sourcecode", "source"}
# Media and embeds: readers get a link (Dateline shows no embedded players or iframes).
LINKED = {
    "embed", "audio", "video", "youtube", "vimeo", "dailymotion", "soundcloud", "spotify",
    "twitter", "tweet", "instagram", "flickr", "ted", "slideshare", "googlemaps", "scribd",
    "kickstarter", "facebook", "wpvideo", "vine", "archiveorg", "gist",
}  # fmt: skip
# Common shortcodes of WordPress, WordPress.com and popular plugins that have nothing to
# show outside WordPress: removed (and reported). Any other [name ...] counts as a
# shortcode only when it looks like one (an attribute, a closing tag or "/]"), because
# square brackets in prose ("coracles [simple boat]", "[top]") are just text.
KNOWN_OTHERS = {
    "archives", "contact-form", "contact-field", "contact-form-7", "polldaddy", "crowdsignal",
    "poll", "recipe", "sitemap", "subscribe", "jetpack_subscription_form", "blog_subscription_form",
    "latex", "wpforms", "gravityform", "mc4wp_form", "ninja_form", "ninja_forms", "event",
    "events", "products", "product", "add_to_cart", "woocommerce_cart", "et_pb_section",
    "et_pb_row", "et_pb_column", "et_pb_text", "vc_row", "vc_column", "vc_column_text",
    "fusion_builder_container", "fusion_text", "su_note", "su_button", "tabs", "tab",
    "accordion", "toggle", "column", "one_half", "one_third", "button", "wp-svg-icons",
    "wp_ad_camp", "adsense", "ad",
}  # fmt: skip
KNOWN = CAPTION | GALLERY | PLAYLIST | CODE | LINKED | KNOWN_OTHERS

# wpautop's list of block-level elements (wp-includes/formatting.php).
ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
URL = r"https?://[^\s<>\"'\]\[]+"


@dataclass(frozen=True)
class Media:
    """An attachment, as galleries and lead images need it."""

    id: int
    url: str
    title: str = ""
    caption: str = ""
    alt: str = ""
    parent: int = 0
    menu_order: int = 0
    file: str = ""  # its path under wp-content/uploads (the _wp_attached_file meta)

    @property
    def is_image(self):
        return self.url.lower().split("?")[0].endswith(IMAGE_EXTENSIONS)


@dataclass
class Converted:
    html: str
    # (kind, detail): what the conversion did, for the import summary.
    notes: list = field(default_factory=list)

    def kinds(self, *kinds):
        return [detail for kind, detail in self.notes if kind in kinds]


def convert_body(raw, *, media=None, post_id=None):
    """WordPress post content -> sanitised HTML, with notes on what was changed."""
    converter = _BodyConverter(media or {}, post_id)
    return converter.convert(raw or "")


class _BodyConverter:
    def __init__(self, media, post_id):
        self.media = media
        self.post_id = post_id
        self.notes = []

    def note(self, kind, detail):
        self.notes.append((kind, detail))

    def convert(self, raw):
        text = raw.replace("\r\n", "\n").replace("\r", "\n")
        has_blocks = "<!-- wp:" in text
        text = self.strip_block_comments(text)
        text = self.replace_shortcodes(text)
        text = self.replace_players(text)
        # Form controls are a theme's business, not an article's: their labels stay.
        text = re.sub(r"<(select|textarea|button)\b.*?</\1\s*>", "", text, flags=re.S | re.I)
        text = self.link_bare_urls(text)
        # WordPress adds paragraphs to classic content only; blocks carry their own <p>s.
        if not has_blocks:
            text = autop(text)
        text = map_unsupported_elements(text)
        cleaned = sanitize_html(text)
        cleaned = re.sub(r"<p>(?:\s|&nbsp;|\xa0|<br>)*</p>", "", cleaned)
        return Converted(tidy_lines(cleaned), self.notes)

    def strip_block_comments(self, text):
        for name in re.findall(r"<!--\s*wp:([a-z0-9/_-]+)[^>]*?/-->", text):
            self.note("dynamic-block", f"wp:{name}")
        text = re.sub(r"<!--\s*/?wp:.*?-->", "", text, flags=re.S)
        # <!--more-->, <!--nextpage-->, <!--noteaser--> and any other HTML comment.
        return re.sub(r"<!--.*?-->", "", text, flags=re.S)

    # Shortcodes ------------------------------------------------------------------------

    def shortcode_names(self, text):
        names = set()
        for name in set(re.findall(r"\[\[?([A-Za-z][\w-]*)", text)):
            escaped = re.escape(name)
            if (
                name.lower() in KNOWN
                or re.search(rf"\[/{escaped}\]", text)
                or re.search(rf"\[{escaped}\s+[\w-]+\s*=", text)
                or re.search(rf"\[{escaped}(?:\s[^\]]*)?/\]", text)
            ):
                names.add(name)
        return names

    def replace_shortcodes(self, text, depth=0):
        names = self.shortcode_names(text)
        if not names or depth > 5:
            return text
        pattern = shortcode_regex(sorted(names, key=len, reverse=True))
        return pattern.sub(lambda match: self.shortcode(match, depth), text)

    def shortcode(self, match, depth):
        if match.group(1) == "[" and match.group(6) == "]":
            # [[gallery]] is how WordPress writes a literal "[gallery]".
            return match.group(0)[1:-1]
        name = match.group(2)
        attributes = parse_attributes(match.group(3))
        content = match.group(5)
        inner = self.replace_shortcodes(content, depth + 1) if content else ""
        kind = name.lower()
        if kind in CAPTION:
            return self.caption(attributes, inner)
        if kind in GALLERY:
            return self.gallery(attributes)
        if kind in PLAYLIST:
            return self.playlist(attributes)
        if kind in CODE:
            code = html.unescape(strip_tags(content or ""))
            self.note("code", f"[{name}]")
            return f"\n\n<pre><code>{escape(code.strip(chr(10)))}</code></pre>\n\n"
        if kind in LINKED:
            found = re.search(URL, f"{content or ''} {match.group(3)}")
            if found:
                self.note("embed", found.group(0))
                return link_block(found.group(0))
            self.note("unknown-shortcode", f"[{name}] (no address to link to)")
            return ""
        self.note("unknown-shortcode", f"[{name}]")
        return inner

    def caption(self, attributes, content):
        found = re.match(
            r"\s*((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", content, flags=re.S | re.I
        )
        image, text = (found.group(1), found.group(2)) if found else ("", content)
        text = (attributes.get("caption") or text).strip()
        self.note("caption", "[caption]")
        if not image:
            return f"\n\n<p>{text}</p>\n\n" if text else ""
        figcaption = f"<figcaption>{text}</figcaption>" if text else ""
        return f"\n\n<figure>{image}{figcaption}</figure>\n\n"

    def attachments_for(self, attributes):
        ids = attributes.get("ids") or attributes.get("include") or ""
        if ids:
            wanted = [int(part) for part in re.findall(r"\d+", ids)]
            return [self.media[pk] for pk in wanted if pk in self.media], len(wanted)
        # No ids: WordPress shows the images attached to the post, in menu order.
        excluded = {int(part) for part in re.findall(r"\d+", attributes.get("exclude", ""))}
        children = sorted(
            (
                m
                for m in self.media.values()
                if m.parent == self.post_id and m.is_image and m.id not in excluded
            ),
            key=lambda m: (m.menu_order, m.id),
        )
        return children, None

    def gallery(self, attributes):
        items, wanted = self.attachments_for(attributes)
        if not items:
            self.note("empty-gallery", "[gallery] with no images in the export")
            return ""
        if wanted and len(items) < wanted:
            self.note("gallery-missing", f"{wanted - len(items)} of {wanted} gallery images")
        self.note("gallery", f"[gallery] of {len(items)}")
        return "\n\n" + "\n".join(figure_for(item) for item in items) + "\n\n"

    def playlist(self, attributes):
        items, _ = self.attachments_for(attributes)
        if not items:
            self.note("unknown-shortcode", "[playlist] (no files in the export)")
            return ""
        self.note("embed", f"[playlist] of {len(items)}")
        links = "".join(
            f'<li><a href="{escape(item.url)}">{escape(item.title or item.url)}</a></li>'
            for item in items
        )
        return f"\n\n<ul>{links}</ul>\n\n"

    # Players, iframes and bare addresses -----------------------------------------------

    def replace_players(self, text):
        """<iframe>, <video>, <audio>, <object>, <embed>: the sanitiser would drop them and
        leave nothing; readers get a link to what they showed instead."""

        def replace(match):
            source = re.search(r"""\b(?:src|data)\s*=\s*["']([^"']+)["']""", match.group(0))
            if not source:
                self.note("player-dropped", f"<{match.group(1).lower()}> with no address")
                return ""
            url = html.unescape(source.group(1))
            if url.startswith("//"):
                url = "https:" + url
            if not re.match(r"https?://", url):
                self.note("player-dropped", f"<{match.group(1).lower()}> {url[:80]}")
                return ""
            self.note("embed", url)
            return link_block(url)

        for tag in ("iframe", "video", "audio", "object"):
            text = re.sub(rf"<({tag})\b[^>]*>.*?</{tag}\s*>", replace, text, flags=re.S | re.I)
            text = re.sub(rf"<({tag})\b[^>]*/?>", replace, text, flags=re.I)
        return re.sub(r"<(embed)\b[^>]*/?>", replace, text, flags=re.I)

    def link_bare_urls(self, text):
        """WordPress turns an address alone on its line into an embedded player
        (autoembed); here it becomes a link."""

        def replace(match):
            url = html.unescape(match.group(1))
            self.note("embed", url)
            return link_block(url)

        text = re.sub(rf"<p(?:\s[^>]*)?>\s*({URL})\s*</p>", replace, text, flags=re.I)
        return re.sub(rf"^[ \t]*({URL})[ \t]*$", replace, text, flags=re.M)


def map_unsupported_elements(text):
    """Elements the sanitiser would drop, leaving their text run together, become the
    nearest ones it keeps: h1 -> h2, h5/h6 -> h4, a definition list -> paragraphs."""
    text = re.sub(r"<(/?)h1\b", r"<\1h2", text, flags=re.I)
    text = re.sub(r"<(/?)h[56]\b", r"<\1h4", text, flags=re.I)
    text = re.sub(
        r"<dt\b[^>]*>(.*?)</dt\s*>", r"<p><strong>\1</strong></p>", text, flags=re.S | re.I
    )
    text = re.sub(r"<dd\b[^>]*>", "<p>", text, flags=re.I)
    text = re.sub(r"</dd\s*>", "</p>", text, flags=re.I)
    return re.sub(r"</?dl\b[^>]*>", "", text, flags=re.I)


def tidy_lines(markup):
    """No blank or indented lines left over from block markup (<pre> is left as it is)."""
    parts = re.split(r"(<pre\b.*?</pre>)", markup, flags=re.S)
    for index in range(0, len(parts), 2):
        part = parts[index]
        # The regular expression is slow to scan with: only run where it has work to do.
        if "\t" in part or "  " in part:
            part = re.sub(r"[ \t]{2,}|\t", " ", part)
        part = re.sub(r"\n\s+", "\n", part)
        parts[index] = re.sub(r"(<(?:p|li|td|th|figcaption)>) ", r"\1", part)
    return "".join(parts).strip()


def link_block(url):
    safe = escape(url)
    return f'\n\n<p><a href="{safe}">{safe}</a></p>\n\n'


def figure_for(item):
    if not item.is_image:
        return f'<p><a href="{escape(item.url)}">{escape(item.title or item.url)}</a></p>'
    alt = escape(item.alt or item.title)
    caption = f"<figcaption>{escape(item.caption)}</figcaption>" if item.caption else ""
    return f'<figure><img src="{escape(item.url)}" alt="{alt}">{caption}</figure>'


def shortcode_regex(names):
    """WordPress's get_shortcode_regex(), for these names."""
    tags = "|".join(re.escape(name) for name in names)
    return re.compile(
        r"\[(\[?)"  # 1: [[ escapes a shortcode
        rf"({tags})(?![\w-])"  # 2: the name
        r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"  # 3: the attributes
        r"(?:(/)\]"  # 4: self-closing ...]
        r"|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)"  # 5: content up to [/name]
        r"(\]?)"  # 6: ]] closes an escaped one
    )


ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)


def parse_attributes(text):
    """WordPress's shortcode_parse_atts(): name="value" pairs; bare values get 0, 1, ..."""
    attributes, position = {}, 0
    text = re.sub(r"[\u00a0\u200b]", " ", text or "")
    for match in ATTRIBUTE.finditer(text):
        groups = match.groups()
        for name_index in (0, 2, 4):
            if groups[name_index]:
                attributes[groups[name_index].lower()] = groups[name_index + 1]
                break
        else:
            value = next(g for g in groups[6:] if g is not None)
            attributes[str(position)] = value
            position += 1
    return attributes


def autop(text):
    """A port of WordPress's wpautop(): blank lines become paragraphs, single newlines
    <br>, with block-level elements left alone and <pre> untouched."""
    if not text.strip():
        return ""
    saved = []

    def keep(match):
        saved.append(match.group(0))
        return f"<pre wp-pre-tag-{len(saved) - 1}></pre>"

    text = re.sub(r"<pre\b.*?</pre>", keep, text + "\n", flags=re.S | re.I)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.I)
    text = re.sub(rf"(<{ALLBLOCKS}[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(rf"(</{ALLBLOCKS}>)", r"\1\n\n", text, flags=re.I)
    text = re.sub(r"<hr\s*?/?>", "<hr />\n\n", text, flags=re.I)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = re.split(r"\n\s*\n", text)
    text = "".join(f"<p>{part.strip(chr(10))}</p>\n" for part in paragraphs if part.strip())
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{ALLBLOCKS}[^>]*>)", r"\1", text, flags=re.I)
    text = re.sub(rf"(</?{ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(rf"(</?{ALLBLOCKS}[^>]*>)\s*<br />", r"\1", text, flags=re.I)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text, flags=re.I
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    return re.sub(r"<pre wp-pre-tag-(\d+)></pre>", lambda m: saved[int(m.group(1))], text)


def plain_title(title):
    """Headlines are plain text: "Title <em>With</em> Markup" -> "Title With Markup"."""
    return " ".join(html.unescape(strip_tags(title or "")).split())


def plain_summary(excerpt):
    """An excerpt as a plain-text summary: block tags become spaces, inline ones just go
    ("<em>returned</em>." stays "returned.")."""
    spaced = re.sub(rf"</?(?:{ALLBLOCKS}|br)\b[^>]*>", " ", excerpt or "", flags=re.I)
    return " ".join(html.unescape(strip_tags(spaced)).split())


def comment_text(content):
    """Comments are shown as plain text with line breaks: tags go, a link keeps its
    address in brackets, entities are decoded."""
    text = (content or "").replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"</p\s*>\s*<p[^>]*>", "\n\n", text, flags=re.I)

    def link(match):
        href, label = html.unescape(match.group(1)), plain_title(match.group(2))
        return label if not label or label == href else f"{label} ({href})"

    text = re.sub(
        r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a\s*>""",
        link,
        text,
        flags=re.S | re.I,
    )
    text = html.unescape(strip_tags(text))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def truncate_words(text, limit):
    """At most `limit` characters, cut at a word and ending in "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.!?-—")
    return cut + "…"
