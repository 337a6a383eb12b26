"""What an import did, counted as it goes and printed at the end: counts per kind, and
every item skipped or changed on the way in, with the reason."""

import textwrap
from collections import Counter
from dataclasses import dataclass, field

LISTED = 10  # body image addresses listed at the default verbosity
WIDTH = 100
CONTENT_KINDS = (
    ("caption", "[caption]s became figures"),
    ("gallery", "galleries became figures"),
    ("embed", "embeds and players became links"),
    ("code", "[code] blocks became <pre>"),
    ("unknown-shortcode", "shortcodes removed"),
    ("dynamic-block", "dynamic blocks removed"),
    ("empty-gallery", "empty galleries removed"),
    ("player-dropped", "players without an address removed"),
)

COUNTERS = (
    "posts", "states", "topics", "authors", "comments", "comment_states", "images",
    "redirects", "content",
)  # fmt: skip


def plural(count, one, many=None):
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


@dataclass
class Summary:
    site: str = ""
    title: str = ""
    version: str = ""
    dry_run: bool = False
    source: str = ""
    posts_in_export: int = 0
    posts: Counter = field(default_factory=Counter)
    states: Counter = field(default_factory=Counter)
    skipped: dict = field(default_factory=dict)  # (kind, reason) -> [labels]
    changes: list = field(default_factory=list)  # [(label, what changed)]
    topics: Counter = field(default_factory=Counter)
    topic_ids: set = field(default_factory=set)
    unused_terms: int = 0
    authors: Counter = field(default_factory=Counter)
    comments: Counter = field(default_factory=Counter)
    comment_states: Counter = field(default_factory=Counter)
    images: Counter = field(default_factory=Counter)
    kept_urls: list = field(default_factory=list)  # [(label, url)]
    body_media: set = field(default_factory=set)
    redirects: Counter = field(default_factory=Counter)
    content: Counter = field(default_factory=Counter)
    notes: list = field(default_factory=list)
    interrupted: bool = False
    indexed: int | None = None
    # Why the second process converting post bodies stopped, when it did: the importing
    # process converted the rest itself.
    converter_failure: str = ""

    def add(self, other):
        """Count in what `other` (one post's report) holds."""
        for name in COUNTERS:
            getattr(self, name).update(getattr(other, name))
        for key, labels in other.skipped.items():
            self.skipped.setdefault(key, []).extend(labels)
        self.changes += other.changes
        self.kept_urls += other.kept_urls
        self.body_media |= other.body_media
        self.topic_ids |= other.topic_ids
        self.notes += other.notes

    def skip(self, kind, reason, label):
        self.skipped.setdefault((kind, reason), []).append(label)

    def change(self, label, what):
        self.changes.append((label, what))

    def skipped_count(self, kind=None):
        return sum(len(v) for (k, _), v in self.skipped.items() if kind in (None, k))

    def lines(self, verbosity=1):
        out = []
        head = "Dry run, nothing was saved: " if self.dry_run else ""
        out.append(
            f"{head}WordPress export “{self.title}” ({self.site}, WXR {self.version})"
            + (f" from {self.source}" if self.source else "")
        )
        posts = self.posts
        out.append(
            f"Posts: {self.posts_in_export:,} in the export: {posts['created']:,} created, "
            f"{posts['updated']:,} updated, {posts['unchanged']:,} unchanged, "
            f"{posts['failed']:,} failed."
        )
        states = self.states
        out.append(
            f"  As articles: {states['published']:,} published, {states['scheduled']:,} "
            f"scheduled, {states['draft']:,} draft, {states['review']:,} in review"
            + (f", {states['unpublished']:,} unpublished" if states["unpublished"] else "")
            + "."
        )
        if self.skipped:
            out.append(f"Skipped: {plural(self.skipped_count(), 'item')}, each with the reason:")
            for (kind, reason), labels in self.skipped.items():
                out.append(f"  {plural(len(labels), kind.replace('_', ' '))}: {reason}")
                out += wrap(", ".join(labels), indent=6)
        out.append(
            f"Topics: {self.topics['created']:,} created, {self.topics['existing']:,} already "
            f"there (from categories and tags); {self.unused_terms:,} categories and tags that "
            "no imported post uses were left out."
        )
        out.append(
            f"Authors: {self.authors['created']:,} created (each with an account that has no "
            f"usable password), {self.authors['updated']:,} updated, "
            f"{self.authors['unchanged']:,} unchanged."
        )
        cs = self.comment_states
        out.append(
            f"Comments: {self.comments['created']:,} created, {self.comments['updated']:,} "
            f"updated, {self.comments['unchanged']:,} unchanged; now {cs['approved']:,} "
            f"approved, {cs['pending']:,} pending, {cs['spam']:,} spam, {cs['trash']:,} trash"
            + (
                f" ({plural(self.skipped_count('comment'), 'comment')} skipped, listed above)"
                if self.skipped_count("comment")
                else ""
            )
            + "."
        )
        images = self.images
        out.append(
            f"Lead images: {images['imported']:,} imported, {images['unchanged']:,} unchanged, "
            f"{images['refused']:,} refused by the image checks; "
            f"{plural(len(self.kept_urls), 'featured image')} kept as a web address"
            + (" (give --uploads to import them)" if images["kept"] and not images["imported"]
               else "") + (":" if self.kept_urls else ".")
        )  # fmt: skip
        for label, url in self.kept_urls:
            out.append(f"  {label}: {url}")
        if self.body_media:
            out.append(
                f"Images in article bodies: {plural(len(self.body_media), 'image')} still at "
                "their WordPress address (copy them over before the old site goes: Dateline's "
                "Content-Security-Policy only shows images from this site):"
            )
            urls = sorted(self.body_media)
            shown = urls if verbosity > 1 else urls[:LISTED]
            out += [f"  {url}" for url in shown]
            if len(shown) < len(urls):
                out.append(f"  ... and {len(urls) - len(shown):,} more (-v 2 lists them all)")
        r = self.redirects
        out.append(
            f"Old addresses: {plural(r['created'], 'permalink')} added, {r['updated']:,} "
            f"pointed to another article, {r['unchanged']:,} unchanged; ?p=ID links work for "
            "every imported post (301 to the article once it is published)."
        )
        conversions = [
            f"{self.content[kind]:,} {text}" for kind, text in CONTENT_KINDS if self.content[kind]
        ]
        if conversions:
            out.append("Post bodies: " + "; ".join(conversions) + ".")
        if self.converter_failure:
            out.append(
                f"Converting post bodies: {self.converter_failure}; the import converted the "
                "rest itself, more slowly."
            )
        for note in self.notes:
            out.append(f"Note: {note}")
        if self.changes:
            out.append(f"Changed on the way in ({plural(len(self.changes), 'change')}):")
            for label, what in self.changes:
                out += wrap(f"{label}: {what}", indent=2, subsequent=6)
        if self.indexed is not None:
            out.append(
                f"Related lists rebuilt; search index rebuilt ({plural(self.indexed, 'article')})."
            )
        if self.interrupted:
            out.append("Interrupted: run the same command again to carry on.")
        return [wrapped for line in out for wrapped in wrap_long(line)]


def wrap(text, *, indent, subsequent=None):
    return textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=" " * indent,
        subsequent_indent=" " * (subsequent if subsequent is not None else indent),
        break_on_hyphens=False,
        break_long_words=False,
    )


def wrap_long(line):
    """Lines longer than the terminal is wide, wrapped with a hanging indent (addresses
    are left whole so they can be copied)."""
    if len(line) <= WIDTH or line.lstrip().startswith("http"):
        return [line]
    indent = len(line) - len(line.lstrip())
    return wrap(line.strip(), indent=indent, subsequent=indent + 4)
