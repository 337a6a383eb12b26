"""The article page's stored parts: what every reader sees alike, kept as HTML in the
database (ArticlePageParts), so that a page view joins them instead of rendering them.

Rendering the story, twenty comments and the related block took about nine tenths of an
article page's time (five queries, three of them prefetches, and the template engine). With
its parts stored, a page view is one query and the parts made for each request: the
comment form with its token, the addresses with the reader's host.

- Made by a page view that finds none (`render`, then `store`): the first reader after a
  change pays for the rendering, once. Nothing is made for pages no one reads, and a bulk
  change (an import, a topic renamed) costs no rendering at all.
- Thrown away by every change that shows on the page, in the writer's transaction
  (`forget`, called by pagecache.tags.bump_on_commit with the same tags that refresh cached
  pages): an article's own change, its comments, its related list, a change to a story
  its related block shows; SITE (a topic or author renamed...) throws away every article's.
- Only for the page most readers get: the first page of comments, without the reader's
  own comments awaiting moderation; other views render everything, as before.
- Kept at most ARTICLE_PARTS_SECONDS, and never past the moment a scheduled story in the
  related list goes live; comment "Reply" links follow comments closing by date.
  ARTICLE_PARTS_SECONDS=0 turns stored parts off.
"""

import json
import logging
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connections, router, transaction
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import now

from dateline.articles import structured
from dateline.articles.models import Article, ArticlePageParts
from dateline.comments.display import blank_form
from dateline.comments.forms import make_token
from dateline.topics.navigation import main_topics

logger = logging.getLogger(__name__)


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
    ):
        return None
    return parts


def version_read(article):
    """The parts' version as the article's query found it: None when it found no row."""
    try:
        return article.page_parts.version
    except ArticlePageParts.DoesNotExist:
        return None


def render(article, links, comments):
    """Render the parts from the models: `links`, the article's RelatedLinks to live and
    scheduled stories (RelatedLink.objects.live_or_scheduled); `comments`, its comment
    section (comments.display.comment_section)."""
    at = now()
    related = [link for link in links if link.related.published_at <= at]
    data = structured.news_article_data(article)
    head = {"article": article, "SITE_NAME": settings.SITE_NAME, "share_image": "image" in data}
    parts = ArticlePageParts(
        article=article,
        comments_open=comments["is_open_for_comments"],
        head=render_to_string("articles/_head.html", head),
        navigation=render_to_string("topics/_navigation.html", {"main_topics": main_topics()}),
        main=render_to_string("articles/_main.html", {"article": article}),
        comments=render_to_string("comments/_list.html", {"c": comments}),
        form=render_blank_form(article, comments),
        related=render_to_string("related/_block.html", {"related": related}),
        data=json.dumps(
            {"related_ids": [link.related_id for link in related], "structured": data},
            separators=(",", ":"),
        ),
    )
    parts.next_go_live = min(
        (link.related.published_at for link in links if link.related.published_at > at),
        default=None,
    )
    return parts


# Where the blank form's two per-reader values go: letters only, so no escaping changes
# them, and nothing else in the form's HTML (fixed text and the article's number) has them.
CSRF_HOLE = "DatelineCsrfTokenGoesHere"
TOKEN_HOLE = "DatelineFormTokenGoesHere"


def render_blank_form(article, comments):
    blank = {"form": blank_form(article, TOKEN_HOLE), "reply_to": None, "notice": None}
    context = {"article": article, "c": {**comments, **blank}, "csrf_token": CSRF_HOLE}
    return render_to_string("comments/_form.html", context)


def fill_blank_form(parts, request, article):
    """The stored blank form with this reader's CSRF token and a fresh signed time stamp."""
    return mark_safe(
        parts.form.replace(CSRF_HOLE, escape(get_token(request))).replace(
            TOKEN_HOLE, escape(make_token(article))
        )
    )


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
                fields = ["built_at", "expires_at", "comments_open", "head", "navigation"]
                fields += ["main", "comments", "form", "related", "data"]
                ArticlePageParts.objects.filter(pk=article.pk, version=version).update(
                    **{name: getattr(parts, name) for name in fields}
                )
    except DatabaseError:
        logger.warning("Could not store the page parts of article %s", article.pk)


def forget(tags):
    """Throw away the stored parts that show any of `tags` (pagecache.tags): those of the
    articles tagged, and of the articles whose related block shows one of them; with SITE,
    every article's. Each affected article gets a row with a new version, so a page view
    that read the old one cannot store what it rendered (see `store`)."""
    from dateline.pagecache import tags as cache_tags
    from dateline.related.models import RelatedLink

    tags = set(tags)
    if cache_tags.SITE in tags:
        upsert_tombstones("WHERE TRUE", [])
        return
    ids = {int(tag.split(":", 1)[1]) for tag in tags if tag.startswith("article:")}
    if not ids:
        return
    ids |= set(RelatedLink.objects.filter(related_id__in=ids).values_list("article_id", flat=True))
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
