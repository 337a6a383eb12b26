"""Reads the demo article files (format: content/FORMAT.md)."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import escape

CONTENT_DIR = Path(__file__).resolve().parent / "content" / "articles"
REQUIRED_KEYS = {"headline", "slug", "topic", "authors", "published", "dek"}
OPTIONAL_KEYS = {"topics", "updated"}


class DemoContentError(ValueError):
    pass


@dataclass
class DemoArticle:
    headline: str
    slug: str
    topic: str
    topics: list
    authors: list
    published: dt.datetime
    updated: dt.datetime | None
    dek: str
    body_html: str
    word_count: int


def _parse_time(value, path, key):
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=dt.UTC)
    except ValueError:
        raise DemoContentError(f"{path.name}: {key} {value!r} is not YYYY-MM-DD HH:MM") from None


def _split(value):
    return [item.strip() for item in value.split(",") if item.strip()]


def body_to_html(text):
    """Blank-line separated paragraphs; a line starting "## " is a subheading."""
    blocks = [block.strip() for block in text.strip().split("\n\n") if block.strip()]
    html = []
    for block in blocks:
        if block.startswith("## "):
            html.append(f"<h2>{escape(block[3:].strip())}</h2>")
        else:
            html.append(f"<p>{escape(' '.join(block.split()))}</p>")
    return "\n".join(html)


def parse_article(path):
    text = path.read_text(encoding="utf-8")
    header, _, body = text.partition("\n\n")
    fields = {}
    for line in header.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            raise DemoContentError(f"{path.name}: header line {line!r} has no 'key: value'")
        fields[key.strip()] = value.strip()
    missing = REQUIRED_KEYS - fields.keys()
    unknown = fields.keys() - REQUIRED_KEYS - OPTIONAL_KEYS
    if missing or unknown:
        raise DemoContentError(f"{path.name}: missing {sorted(missing)}, unknown {sorted(unknown)}")
    words = len(body.split())
    return DemoArticle(
        headline=fields["headline"],
        slug=fields["slug"],
        topic=fields["topic"],
        topics=_split(fields.get("topics", "")),
        authors=_split(fields["authors"]),
        published=_parse_time(fields["published"], path, "published"),
        updated=_parse_time(fields["updated"], path, "updated") if fields.get("updated") else None,
        dek=fields["dek"],
        body_html=body_to_html(body),
        word_count=words,
    )


def demo_articles(directory=CONTENT_DIR):
    return [parse_article(path) for path in sorted(directory.glob("*.txt"))]


COMMENTS_FILE = Path(__file__).resolve().parent / "content" / "comments.txt"


@dataclass
class DemoComment:
    number: int
    article: str
    name: str
    email: str
    website: str
    status: str
    reply_to: int | None
    hours_after: float
    body: str


def demo_comments(path=COMMENTS_FILE):
    lines = path.read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.startswith("#"))
    comments = []
    for number, block in enumerate(text.split("\n---\n"), start=1):
        header, _, body = block.strip().partition("\n\n")
        fields = {
            key.strip(): value.strip()
            for key, _, value in (line.partition(":") for line in header.splitlines())
        }
        try:
            comments.append(
                DemoComment(
                    number=number,
                    article=fields["article"],
                    name=fields["name"],
                    email=fields["email"],
                    website=fields.get("website", ""),
                    status=fields["status"],
                    reply_to=int(fields["reply_to"]) if fields.get("reply_to") else None,
                    hours_after=float(fields["hours_after"]),
                    body=body.strip(),
                )
            )
        except (KeyError, ValueError) as exc:
            raise DemoContentError(f"comments.txt, block {number}: {exc!r}") from None
    return comments


LIVE_FILE = Path(__file__).resolve().parent / "content" / "live.txt"


@dataclass
class DemoLiveEntry:
    time: dt.datetime
    author: str
    pinned: bool
    body: str
    was: str
    correction: str


@dataclass
class DemoLive:
    article: str
    started: dt.datetime
    ended: dt.datetime | None
    entries: list


def demo_live(path=LIVE_FILE):
    """The demo's live coverage (content/live.txt, whose comment lines say the format)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.startswith("#"))
    head, _, blocks = text.partition("\n===\n")

    def utc(value):
        return _parse_time(value, path, "time")

    def fields_of(header):
        return {
            key.strip(): value.strip()
            for key, _, value in (line.partition(":") for line in header.strip().splitlines())
        }

    try:
        fields = fields_of(head)
        entries = []
        for block in blocks.split("\n---\n"):
            header, _, body = block.strip().partition("\n\n")
            entry = fields_of(header)
            entries.append(
                DemoLiveEntry(
                    time=utc(entry["time"]),
                    author=entry["author"],
                    pinned=entry.get("pinned") == "yes",
                    body=" ".join(body.split()),
                    was=entry.get("was", ""),
                    correction=entry.get("correction", ""),
                )
            )
        return DemoLive(
            article=fields["article"],
            started=utc(fields["started"]),
            ended=utc(fields["ended"]) if fields.get("ended") else None,
            entries=entries,
        )
    except (KeyError, ValueError) as exc:
        raise DemoContentError(f"{path.name}: {exc!r}") from None
