"""The article page's stored parts: what every reader sees alike, kept as HTML in the
database (ArticlePageParts), so that a page view joins them instead of rendering them.

Rendering the page took about nine tenths of its time (five queries, three of them
prefetches, and the template engine). With its parts stored, a page view is one query, a
few string joins and what is made for each request: the comment form's signed time stamp
and the site's address as the reader asked for it. The blank form carries no CSRF token:
comments.js fetches one when the reader opens the comments or starts to write, as on
pages from the page cache.

- The page is kept whole, in four parts: `top` (from <!doctype> to the comment section)
  and `bottom` (the related block and the footer) around the comment section; the section
  itself as a small frame with the first page of comments (`comments`) and the blank
  comment form (`form`) to put in it. A view whose comment section is not the usual one
  (a reply form, a form with errors, a remembered commenter's name) renders the section
  alone and puts it between `top` and `bottom`.
- Where the per-request values go, the parts hold marks: the address's origin in `top`
  (canonical link, og:url, structured data), the form's time stamp in `form`. Each rendering
  draws a new random mark, stored with the parts, so no text a writer or commenter types
  can be taken for one.
- Made by a page view that finds none (`render`, then `store`): the first reader after a
  change pays for the rendering, once. Nothing is made for pages no one reads, and a bulk
  change (an import, a topic renamed) costs no rendering at all.
- Thrown away by every change that shows on the page, in the writer's transaction
  (`forget`, pages/receivers.py, with the tags announced to refresh cached pages,
  dateline/changes.py): an article's own change, its comments, its related list, a change to a story
  its related block shows; SITE (a topic or author renamed...) throws away every article's.
- Made with this code: parts stored by another version of the templates, the static
  files' names or the site's name (`build`) are not used, so a deploy shows at once.
- Only for the page most readers get: the first page of comments, without the reader's
  own comments awaiting moderation; other views render everything, as before.
- Kept at most ARTICLE_PARTS_SECONDS, and never past the moment a scheduled story in the
  related list goes live; comment "Reply" links follow comments closing by date.
  ARTICLE_PARTS_SECONDS=0 turns stored parts off.
"""

import hashlib
import json
import logging
import secrets
from contextlib import nullcontext
from datetime import timedelta
from functools import cache
from pathlib import Path

import django
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.db import DatabaseError, connections, router, transaction
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.timezone import now

from dateline import changes
from dateline.articles.models import Article, ArticlePageParts
from dateline.comments.display import blank_form
from dateline.comments.forms import make_token
from dateline.mostread import display as most_read
from dateline.newsletters.offer import signup_box
from dateline.pages import structured
from dateline.related import stories
from dateline.related.models import RelatedLink
from dateline.topics.navigation import main_topics

logger = logging.getLogger(__name__)

# What follows a rendering's random mark where each per-request value goes: the site's
# origin, the comment section and the form's signed time stamp.
ORIGIN, SECTION, FORM_TOKEN = "o", "s", "t"
# ... and where the day's most-read list goes: it changes with readers, not with the article
# (at most every MOST_READ_REFRESH_SECONDS), so each page view puts in the current one.
MOST_READ_LIST = "m"


def stored(article):
    """The article's parts if they may serve this view, else None. Costs no query: the
    article page's query selects them with the article."""
    if not settings.ARTICLE_PARTS_SECONDS:
        return None
    try:
        parts = article.page_parts
    except ArticlePageParts.DoesNotExist:
        return None
    if (
        parts.built_at is None
        or parts.expires_at <= now()
        or parts.comments_open != article.comments_are_open
        or parts.build != build()
    ):
        return None
    return parts


def version_read(article):
    """The parts' version as the article's query found it: None when it found no row."""
    try:
        return article.page_parts.version
    except ArticlePageParts.DoesNotExist:
        return None


def render(article, links, comments, *, preview=False, live=None):
    """Render the parts from the models: `links`, the article's RelatedLinks to live and
    scheduled stories (RelatedLink.objects.live_or_scheduled); `comments`, its comment
    section (comments.display.comment_section); `live`, its live coverage's block
    (live.display.live_block) or None. Nothing in them depends on the request: the
    template gets no request, only what it is given here."""
    at = now()
    related = [link for link in links if link.related.published_at <= at]
    mark = "dl" + secrets.token_hex(8)  # letters and digits: no escaping changes it
    origin, section = mark + ORIGIN, mark + SECTION

    def absolute(path):
        return origin + path if path.startswith("/") and not path.startswith("//") else path

    data = structured.news_article_data(article, live)
    images = data.get("image", ())
    context = {
        "article": article,
        "preview": preview,
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "main_topics": main_topics(),
        "canonical": absolute(article.get_absolute_url()),
        "share_image": absolute(images[0]) if images else None,
        "structured_data": structured.as_jsonld(structured.with_addresses(absolute, data)),
        "section": section,
        "related": related,
        "newsletter_box": signup_box(),
        "live_html": render_to_string("live/_block.html", live) if live else "",
        "story_block": stories.block_for(article),
        "most_read": mark + MOST_READ_LIST,
    }
    top, bottom = render_to_string("pages/article.html", context).split(section)
    blank = {"form": None, "notice": None, "reply_to": None, "open": False, "held_notice": False}
    frame = {"comments": {**comments, **blank}, "parts": {"comments": section, "form": section}}
    parts = ArticlePageParts(
        article=article,
        comments_open=comments["is_open_for_comments"],
        build=build(),
        top=top,
        section=render_to_string("comments/_section.html", frame),
        comments=render_to_string("comments/_list.html", {"c": comments}),
        form=render_blank_form(article, comments, mark),
        bottom=bottom,
        data=json.dumps(
            {"related_ids": [link.related_id for link in related], "mark": mark},
            separators=(",", ":"),
        ),
    )
    parts.next_go_live = min(
        (link.related.published_at for link in links if link.related.published_at > at),
        default=None,
    )
    return parts


def render_blank_form(article, comments, mark):
    """The blank form with a mark where each reader's signed time stamp goes, and no CSRF
    token: the reader's browser fetches one when it is needed."""
    blank = {"form": blank_form(article, mark + FORM_TOKEN), "reply_to": None, "notice": None}
    context = {"article": article, "c": {**comments, **blank}, "csrf_on_use": True}
    return render_to_string("comments/_form.html", context)


def page(parts, request, article, comments):
    """The page for this request: the parts joined around its comment section, with its
    form's time stamp and its address. Returns the page and, where the parts are the stored ones
    with the usual comment section, a key that names its content (for its ETag), else
    None."""
    mark = parts.values["mark"]
    origin = f"{request.scheme}://{request.get_host()}"
    top = parts.top.replace(mark + ORIGIN, origin)
    listed = most_read.list_ids()
    bottom = parts.bottom.replace(mark + MOST_READ_LIST, most_read_block(listed))
    form = None
    if comments["form"] is None:
        form = parts.form.replace(mark + FORM_TOKEN, make_token(article))
    if form is not None and not comments["open"] and not comments.get("held_notice"):
        before, between, after = parts.section.split(mark + SECTION)
        html = "".join((top, before, parts.comments, between, form, after, bottom))
        if parts.built_at is None:
            return html, None
        listed = ",".join(map(str, listed))
        return html, f"{origin} {article.pk}.{parts.version}.{parts.built_at.isoformat()} {listed}"
    context = {
        "comments": comments,
        "article": article,
        "parts": {"comments": mark_safe(parts.comments), "form": form and mark_safe(form)},
    }
    section = render_to_string("comments/_section.html", context, request)
    return "".join((top, section, bottom)), None


def most_read_block(listed):
    """The "Most read" block for these article ids (none: nothing, and no query)."""
    return most_read.block(listed)


@cache
def build():
    """What stored parts are made with besides the models: the templates, the static
    files' hashed names, the settings the page shows. Parts of another build (stored
    before a deploy) are not used."""
    digest = hashlib.sha256(django.get_version().encode())
    for name in ("SITE_NAME", "SITE_TAGLINE", "COMMENTS_REQUIRED_FIELDS", "COMMENTS_MAX_DEPTH"):
        digest.update(repr(getattr(settings, name, None)).encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.glob("**/templates/**/*.html")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    manifest_name = getattr(staticfiles_storage, "manifest_name", None)
    if manifest_name and staticfiles_storage.exists(manifest_name):
        with staticfiles_storage.open(manifest_name) as manifest:
            digest.update(manifest.read())
    return digest.hexdigest()[:16]


def forget_build(setting, **kwargs):
    build.cache_clear()


setting_changed.connect(forget_build)


def store(article, parts, version):
    """Keep freshly rendered parts, unless a change threw the old ones away while these
    were rendered from what was read before it: then the version read with the article is
    no longer current, and nothing is written. A database that refuses the write (a
    read-only moment, a lock) costs the next reader a rendering, not this one an error."""
    if not settings.ARTICLE_PARTS_SECONDS:
        return
    at = now()
    expires = at + timedelta(seconds=settings.ARTICLE_PARTS_SECONDS)
    go_live = getattr(parts, "next_go_live", None)
    parts.built_at = at
    parts.expires_at = min(expires, go_live) if go_live else expires
    parts.version = version or 0  # as the row keeps it: its ETag key (`page`) names it
    db = router.db_for_write(ArticlePageParts)
    # One statement needs no transaction of its own; inside one (a view that wrote before),
    # a savepoint keeps a refused write from spoiling it.
    atomic = transaction.atomic(using=db) if connections[db].in_atomic_block else nullcontext()
    try:
        with atomic:
            if version is None:
                # A change since the read left a row (see `forget`): it wins.
                ArticlePageParts.objects.bulk_create([parts], ignore_conflicts=True)
            else:
                fields = ["built_at", "expires_at", "comments_open", "build", "top"]
                fields += ["section", "comments", "form", "bottom", "data"]
                ArticlePageParts.objects.filter(pk=article.pk, version=version).update(
                    **{name: getattr(parts, name) for name in fields}
                )
    except DatabaseError:
        logger.warning("Could not store the page parts of article %s", article.pk)


def forget(tags):
    """Throw away the stored parts that show any of `tags` (dateline/changes.py): those of
    the articles tagged, and of the articles whose related block shows one of them; with
    SITE, every article's. Each affected article gets a row with a new version, so a page
    view that read the old one cannot store what it rendered (see `store`)."""
    tags = set(tags)
    if changes.SITE in tags:
        upsert_tombstones("WHERE TRUE", [])
        return
    ids = {int(tag.split(":", 1)[1]) for tag in tags if tag.startswith("article:")}
    if ids:
        showing = RelatedLink.objects.filter(related_id__in=ids)
        ids |= set(showing.values_list("article_id", flat=True))
    # A comment section shows on its own article's page only.
    ids |= {int(tag.split(":", 1)[1]) for tag in tags if tag.startswith("comments:")}
    if not ids:
        return
    ids = sorted(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        upsert_tombstones(f"WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)


def upsert_tombstones(where, params):
    # One statement for both databases (SQLite >= 3.24, PostgreSQL >= 9.5). SQLite needs
    # the WHERE clause to tell the SELECT's end from the ON CONFLICT (sqlite.org/lang_upsert).
    parts = ArticlePageParts._meta.db_table
    articles = Article._meta.db_table
    with connections[router.db_for_write(ArticlePageParts)].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {parts} (article_id, version) SELECT id, 1 FROM {articles} {where} "
            f"ON CONFLICT (article_id) DO UPDATE SET version = {parts}.version + 1, "
            "built_at = NULL",
            params,
        )


def prune():
    """Delete the parts that expired over an hour ago (no one viewed the article since):
    about 25 KB each, which a crawler visiting every old story would otherwise leave in
    the database. Rows a change has just thrown away, with no expiry yet, stay: they keep
    a view that read nothing from storing what it rendered before that change."""
    expired = ArticlePageParts.objects.filter(expires_at__lt=now() - timedelta(hours=1))
    deleted, _ = expired.delete()
    return deleted
