"""Bring a parsed WordPress export into Dateline: authors, topics, articles, comments,
lead images and old addresses. `import_wordpress_export` is the one entry point; the
management command and the tests call it.

Safe to run again and to interrupt:
- every WordPress post, comment and author is remembered by its WordPress id (per site),
  so a second run updates what it made instead of making it again;
- posts are written BATCH at a time, each post whole (its article, topics, bylines,
  comments, old addresses and lead image) in its batch's transaction: an interrupted run
  leaves whole posts, and the next run carries on. A batch that fails is written again
  one post at a time, so that a bad post keeps only itself out;
- nothing is written before the whole file has been read and checked (`wxr.read_export`).

Imported articles are saved directly rather than through `publish_article`, which would
enqueue a related-lists refresh and a search-index update per article: the import
rebuilds both once at the end instead (`refresh_indexes`). Each batch is worked out post
by post first (`import_post`, no queries) and then written in a few bulk queries
(`write_posts`): a 10,000-post export with 50,000 comments took over 8 minutes with the
queries and the commit of each post, see bench/wxr_import.py. The pure part of a post,
converting its body and comments (`convert_post`), is done ahead by a second process when
the machine has a second CPU (parallel.py), while this one writes; should that process die,
this one converts the rest itself (the summary says so).
"""

import ipaddress
import json
import logging
import os
import re
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from hashlib import sha1
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer as PythonSerializer
from django.core.validators import URLValidator
from django.db import connection, router, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.text import slugify
from django.utils.timezone import now
from reversion.models import Revision, Version

from dateline import changes
from dateline.articles.models import Article, Byline
from dateline.articles.sanitize import sanitize_html
from dateline.articles.services import set_authors
from dateline.articles.text import make_excerpt, plain_text
from dateline.authors.models import Author
from dateline.comments.models import Comment, CommentDecision
from dateline.comments.services import refresh_comment_counts
from dateline.images.models import LeadImage, lead_image_of
from dateline.images.services import image_changed
from dateline.images.validation import inspect_upload
from dateline.topics.models import Topic
from dateline.wordpress import content, parallel
from dateline.wordpress.bulk import insert_new, insert_rows
from dateline.wordpress.models import (
    ImportedAuthor,
    ImportedComment,
    ImportedPost,
    WordPressRedirect,
)
from dateline.wordpress.summary import Summary
from dateline.wordpress.wxr import Author as WordPressAuthor

logger = logging.getLogger(__name__)
Status = Article.Status

# WordPress moves post_modified on every save: a typo fixed minutes after publishing, a
# tag added, a plugin re-saving posts. Dateline's "last updated" line is for updates
# readers should know about, so a modification time counts only when it is more than an
# hour after publication, and not when it falls on a day when a large share of the site
# was modified at once (a bulk edit, a search-and-replace, an earlier migration).
MEANINGFUL_UPDATE = timedelta(hours=1)
BULK_EDIT_POSTS = 20  # at least this many posts modified on one day...
BULK_EDIT_SHARE = 0.25  # ...and at least this share of all posts: a bulk edit

NOT_ARTICLES = {
    "page": "pages are not news articles (Dateline has no stand-alone pages)",
    "attachment": "media library entries: used for lead images and galleries, not articles",
    "nav_menu_item": "menu entries of the WordPress theme",
    "revision": "earlier revisions of a post",
    "custom_css": "theme settings",
    "customize_changeset": "theme settings",
    "wp_block": "reusable blocks: their content is already in the posts that use them",
}
SKIPPED_STATUSES = {
    "trash": "in the WordPress trash",
    "auto-draft": "an empty auto-draft WordPress made, never written",
    "inherit": "an autosave or revision",
}
COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.TRASH,
    "post-trashed": Comment.Status.TRASH,
}
DEFAULT_TOPIC = ("uncategorized", "Uncategorized")
DEFAULT_CREDIT = "Imported from WordPress"
HEADLINE_LENGTH = Article._meta.get_field("headline").max_length
SLUG_LENGTH = Article._meta.get_field("slug").max_length
# Article.save() makes the excerpt from the summary plus "...": leave room for it.
SUMMARY_LENGTH = Article._meta.get_field("dek").max_length - 4
TOPIC_LENGTH = Topic._meta.get_field("slug").max_length
# Posts imported per transaction. One transaction per post spent more time committing than
# importing; a batch of 200 holds the database's write lock for well under a second.
BATCH = 200
WEB_ADDRESS = URLValidator(schemes=["http", "https"])
# Values per `__in` lookup, well under SQLite's limit on query parameters.
IN_CHUNK = 500
IMPORTED_POST_FIELDS = [
    "article", "permalink", "imported_status", "featured_image_url", "lead_image_source",
    "updated_at",
]  # fmt: skip


def import_wordpress_export(
    export, *, uploads=None, dry_run=False, progress=None, source="", parallel=True
):
    """Import `export` (a `wxr.Export`); return the Summary. `uploads` is a local copy of
    wp-content/uploads for lead images; `progress(label, done, total)` is told how far it
    got. With `dry_run`, everything is done and then rolled back. With `parallel`, post
    bodies and comments are converted by a second process while this one writes (see
    parallel.py; the same result either way)."""
    run = WordPressImport(
        export, uploads=uploads, dry_run=dry_run, progress=progress, parallel=parallel
    )
    run.summary.source = source
    try:
        if dry_run:
            with transaction.atomic():
                run.import_everything()
                transaction.set_rollback(True)
        else:
            run.import_everything()
            if run.article_ids:
                run.refresh_indexes()
    except KeyboardInterrupt:
        run.summary.interrupted = True
        raise ImportInterrupted(run.summary) from None
    return run.summary


class ImportInterrupted(Exception):
    """Ctrl-C: every post finished so far is saved; `summary` says what was done."""

    def __init__(self, summary):
        super().__init__("Import interrupted.")
        self.summary = summary


@dataclass
class PostPlan:
    """One post as `import_post` worked it out; `write_posts` writes it with its batch."""

    item: object
    report: Summary  # what the post adds to the summary, counted in once it is committed
    conversion: "PostConversion"
    changes: list
    outcome: str  # "created", "updated" or "unchanged"
    article: Article
    imported: ImportedPost
    headline: str
    further: list
    author: Author | None
    redirect: WordPressRedirect | None
    comments: "CommentsPlan"
    bylines: list = field(default_factory=list)  # a new article's, once written


@dataclass
class PostConversion:
    """A post's body and comments as Dateline stores them: the pure part of importing a
    post (`convert_post`), which a second process can work out ahead (parallel.py)."""

    body: content.Converted  # what convert_body() made of it, with its notes
    stored_body: str  # the body as Article.save() stores it (sanitised once more)
    plain_body: str  # ...and as plain text, for its excerpt
    comment_texts: dict  # WordPress comment id -> the comment's text


@dataclass
class ConversionFailed:
    """What `convert_post` raised, as the text the summary shows: the post fails alone."""

    message: str
    details: str  # the traceback, for the log


class PostNotConverted(Exception):
    """`convert_post` failed, here or in the worker process: the message is its error's,
    `details` its traceback."""

    def __init__(self, failure):
        super().__init__(failure.message)
        self.details = failure.details


def convert_post(item, media):
    """A PostConversion of `item`, or a ConversionFailed. No queries."""
    try:
        converted = content.convert_body(item.content, media=media, post_id=item.post_id)
        stored_body = sanitize_html(converted.html)
        texts = {}
        for comment in item.comments:
            # The first of any comments that share an id is the one imported (parents_first).
            if comment.id not in texts:
                texts[comment.id] = content.comment_text(comment.content)
        return PostConversion(converted, stored_body, plain_text(stored_body), texts)
    except Exception as exc:
        return ConversionFailed(str(exc), traceback.format_exc())


@dataclass(slots=True)
class NewComment:
    """What a new comment's moderation log entry and import record are made of: written
    as plain rows once the comment has its id (`write_comments`)."""

    comment: Comment
    site: str
    wp_id: int
    wp_status: str


@dataclass
class CommentsPlan:
    new: list = field(default_factory=list)  # Comments to create, parents before replies
    imported: list = field(default_factory=list)  # a NewComment for each of them
    changed: list = field(default_factory=list)  # Comments imported before, to save
    changed_rows: list = field(default_factory=list)  # ImportedComments whose status moved

    def approved(self):
        """How many approved comments a new article gets (its `comment_count`)."""
        return sum(c.status == Comment.Status.APPROVED for c in self.new + self.changed)


@dataclass
class Existing:
    """What earlier imports made for one batch of posts, read in a few queries."""

    posts: dict  # WordPress post id -> ImportedPost, with its article
    topics: dict  # article id -> {further topic ids}
    bylines: dict  # article id -> [author ids, in byline order]
    redirects: dict  # old path -> WordPressRedirect
    comments: dict  # WordPress comment id -> ImportedComment, with its comment

    @classmethod
    def for_posts(cls, site, items):
        posts = {
            row.wp_id: row
            for row in in_chunks_by_id(
                ImportedPost.objects.filter(site=site).select_related("article"),
                "wp_id", [item.post_id for item in items],
            )
        }  # fmt: skip
        article_ids = [row.article_id for row in posts.values()]
        topics, bylines = defaultdict(set), defaultdict(list)
        through = Article.topics.through.objects.values_list("article_id", "topic_id")
        for article_id, topic_id in in_chunks(through, "article_id", article_ids):
            topics[article_id].add(topic_id)
        credits = Byline.objects.order_by("position", "pk").values_list("article_id", "author_id")
        for article_id, author_id in in_chunks(credits, "article_id", article_ids):
            bylines[article_id].append(author_id)
        paths = [unquote(urlsplit(item.link).path) for item in items if item.link]
        redirects = {r.old_path: r for r in in_chunks(WordPressRedirect.objects, "old_path", paths)}
        comments = {
            row.wp_id: row
            for row in in_chunks_by_id(
                ImportedComment.objects.filter(site=site).select_related("comment"),
                "wp_id", [c.id for item in items for c in item.comments],
            )
        }  # fmt: skip
        return cls(posts, topics, bylines, redirects, comments)


class WordPressImport:
    def __init__(self, export, *, uploads=None, dry_run=False, progress=None, parallel=True):
        self.export = export
        self.parallel = parallel
        self.site = export.site
        self.uploads = Path(uploads).resolve() if uploads else None
        self.dry_run = dry_run
        self.progress = progress or (lambda label, done, total: None)
        self.summary = Summary(
            site=self.site, title=export.title, version=export.version, dry_run=dry_run
        )
        self.summary.notes.extend(export.notes)
        self.media = {item.post_id: media_of(item) for item in export.items_of_type("attachment")}
        self.terms = {(t.taxonomy, t.slug): t for t in export.terms}
        self.authors = {}
        self.topics = {}
        self.article_ids = []
        self.saved_files = []
        self.existing = None  # what the database holds for the batch being imported

    # The whole run ---------------------------------------------------------------------

    def import_everything(self):
        if connection.vendor == "sqlite":
            # 10,000 posts and 50,000 comments go into indexed tables: with SQLite's
            # default 2 MB page cache most inserts read index pages back. 256 MB for this
            # connection.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")
        posts = self.posts_to_import()
        self.summary.posts_in_export = len(self.export.items_of_type("post"))
        with transaction.atomic():
            self.import_authors(posts)
            self.import_topics(posts)
        modified_days = bulk_edit_days(posts)
        batches = [posts[start : start + BATCH] for start in range(0, len(posts), BATCH)]
        with parallel.forked_results(
            self.convert_batch, batches, parallel=self.parallel, on_failure=self.convert_here
        ) as conversions:
            done = 0
            for batch, converted in zip(batches, conversions, strict=True):
                self.import_batch(batch, modified_days, converted)
                done += len(batch)
                self.progress("Posts", done, len(posts))

    def convert_batch(self, items):
        """[convert_post() of each item]: run by parallel.forked_results, in a second
        process when there is one."""
        return [convert_post(item, self.media) for item in items]

    def convert_here(self, failure):
        """The second process stopped (killed for want of memory, say): this one converts
        the posts it had not sent back, and the import carries on."""
        logger.warning("Converting the remaining posts in the importing process: %s", failure)
        self.summary.converter_failure = failure.reason

    def import_batch(self, items, modified_days, conversions):
        """Import `items` (with their `conversions`) in one transaction. When that fails,
        each post is imported on its own, so that a bad post keeps only itself out
        (reported as failed, nothing of it saved) and the rest go in."""
        try:
            self.write_batch(items, modified_days, conversions)
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            if len(items) > 1:
                for item, conversion in zip(items, conversions, strict=True):
                    self.import_batch([item], modified_days, [conversion])
                return
            logger.exception(
                "Could not import WordPress post %s%s",
                items[0].post_id,
                f"\nConverting it: {exc.details}" if isinstance(exc, PostNotConverted) else "",
            )
            self.summary.posts["failed"] += 1
            self.summary.change(label(items[0]), f"failed, nothing of it was saved: {exc}")

    def write_batch(self, items, modified_days, conversions):
        """Work out each post (`import_post`), then write them all (`write_posts`). What a
        post adds to the summary is counted in once it is committed. On Ctrl-C the posts
        worked out so far are still written, then the import stops."""
        plans, interrupted = [], False
        self.saved_files = []
        try:
            with transaction.atomic():
                self.existing = Existing.for_posts(self.site, items)
                for item, conversion in zip(items, conversions, strict=True):
                    try:
                        plans.append(self.import_post(item, modified_days, conversion))
                    except KeyboardInterrupt:
                        interrupted = True
                        break
                self.write_posts(plans)
        except BaseException:
            self.delete_saved_files()
            raise
        for plan in plans:
            self.summary.add(plan.report)
            self.article_ids.append(plan.article.pk)
        if interrupted:
            raise KeyboardInterrupt

    def posts_to_import(self):
        posts = []
        for item in self.export.items:
            if item.post_type != "post":
                reason = NOT_ARTICLES.get(
                    item.post_type, f"items of type “{item.post_type}” are not articles"
                )
                self.summary.skip(item.post_type, reason, label(item))
                for comment in item.comments:
                    self.summary.skip(
                        "comment", "on items that are not imported (pages...)",
                        f"comment {comment.id} on {label(item)}",
                    )  # fmt: skip
            elif item.status in SKIPPED_STATUSES:
                self.summary.skip("post", SKIPPED_STATUSES[item.status], label(item))
            else:
                posts.append(item)
        return posts

    def refresh_indexes(self):
        """Related lists and the search index for everything imported, then every cached
        page goes (the navigation may list new topics)."""
        from dateline.related.rebuild import rebuild
        from dateline.search.services import rebuild_search_index

        # From scratch: an earlier rebuild left half-way would carry on with stale counts.
        # Scheduled stories are listed too, shown to readers from their time on.
        rebuild(lambda label, done, total, elapsed: self.progress(label, done, total), restart=True)
        with transaction.atomic():
            # One transaction: readers keep the old index until the new one is complete.
            indexed = rebuild_search_index(
                lambda done, total: self.progress("Search index", done, total)
            )
        self.summary.indexed = indexed
        # Every cached page carries the SITE tag (pagecache.middleware): announcing it is
        # enough. Bumping each imported article's tag as well cost a cache write apiece,
        # minutes at 10,000 articles with the file cache.
        changes.announce(changes.SITE)

    # Authors -----------------------------------------------------------------------------

    def import_authors(self, posts):
        people = {author.login: author for author in self.export.authors}
        for item in posts:
            login = known_login(item.creator, people)
            if login and login != item.creator:
                self.summary.change(
                    label(item), f"its author “{item.creator}” read as the login “{login}”"
                )
                item.creator = login
            if item.creator and item.creator not in people:
                # No <wp:author> block (a hand-written file): dc:creator is all we have.
                people[item.creator] = WordPressAuthor(
                    login=item.creator, display_name=item.creator
                )
        for login, person in people.items():
            self.authors[login] = self.import_author(person)

    def import_author(self, person):
        display_name = (
            person.display_name
            or " ".join(part for part in (person.first_name, person.last_name) if part)
            or person.login
        )[:120]
        mapped = (
            ImportedAuthor.objects.filter(site=self.site, login=person.login[:150])
            .select_related("author__user")
            .first()
        )
        if mapped:
            author = mapped.author
            if author.display_name != display_name:
                author.display_name = display_name
                author.save(update_fields=["display_name"])
                self.summary.authors["updated"] += 1
            else:
                self.summary.authors["unchanged"] += 1
            return author
        user = self.create_user(person)
        slug = free_slug(Author, slugify(display_name) or slugify(person.login), 120)
        if not slug:
            slug = free_slug(Author, f"author-{digest(person.login)}", 120)
        author = Author.objects.create(user=user, display_name=display_name, slug=slug)
        ImportedAuthor.objects.create(site=self.site, login=person.login[:150], author=author)
        self.summary.authors["created"] += 1
        return author

    def create_user(self, person):
        """An account for the author, with no usable password: nobody can log in with it
        until an administrator sets one. It gets no role."""
        user_model = get_user_model()
        base = re.sub(r"[^\w.@+-]+", ".", person.login).strip(".")[:140] or "wordpress.author"
        username, number = base, 1
        while user_model.objects.filter(username=username).exists():
            number += 1
            username = f"{base}-wp{number if number > 2 else ''}"
        if username != person.login:
            self.summary.change(
                f"author {person.login!r}",
                f"their (password-less) account is named {username!r}"
                + (": the login was taken" if number > 1 else ""),
            )
        user = user_model(
            username=username,
            email=person.email[:254],
            first_name=person.first_name[:150],
            last_name=person.last_name[:150],
        )
        user.set_unusable_password()
        user.save()
        return user

    # Topics ------------------------------------------------------------------------------

    def import_topics(self, posts):
        used = {}
        for item in posts:
            for taxonomy, slug, name in item.terms:
                if taxonomy in ("category", "post_tag"):
                    used.setdefault(term_key(taxonomy, slug, name), (taxonomy, slug, name))
        for key, (taxonomy, slug, name) in used.items():
            term = self.terms.get((taxonomy, slug))
            self.topics[key] = self.topic_for(
                slug, (term.name if term and term.name else name) or unquote(slug),
                term.description if term else "",
            )  # fmt: skip
        nested = {t.slug for t in self.export.terms if t.parent and ("category", t.slug) in used}
        if nested:
            self.summary.notes.append(
                f"{len(nested)} nested categories became topics of their own (Dateline topics "
                "have no parents)."
            )
        defined = {(t.taxonomy, t.slug) for t in self.export.terms}
        self.summary.unused_terms = len(defined - set(used))
        if any(not self.categories_and_tags(item)[0] for item in posts):
            # Made here, before the posts: a batch that is rolled back must not take with it
            # a topic the next batches refer to.
            self.default_topic()

    def topic_for(self, wp_slug, name, description=""):
        name = " ".join(content.plain_title(name).split())[:80] or wp_slug[:80]
        slug = topic_slug(wp_slug, name)
        topic = Topic.objects.filter(slug=slug).first() or Topic.objects.filter(name=name).first()
        if topic:
            if topic.pk not in self.summary.topic_ids:
                self.summary.topics["existing"] += 1
        else:
            topic = Topic.objects.create(name=name, slug=slug, description=plain_text(description))
            self.summary.topics["created"] += 1
        self.summary.topic_ids.add(topic.pk)
        return topic

    def default_topic(self):
        if DEFAULT_TOPIC not in self.topics:
            self.topics[DEFAULT_TOPIC] = self.topic_for(*DEFAULT_TOPIC)
        return self.topics[DEFAULT_TOPIC]

    # Posts -------------------------------------------------------------------------------

    def import_post(self, item, modified_days, conversion):
        """Work out what `item` becomes: a PostPlan, written with its batch (`write_posts`).
        Reads only what `self.existing` holds: no query per post."""
        if isinstance(conversion, ConversionFailed):
            raise PostNotConverted(conversion)
        report = Summary(site=self.site)
        changes = []
        status, published_at, updated_at = self.post_state(item, modified_days, changes)
        headline = self.headline(item, changes)
        dek = content.plain_summary(item.excerpt)
        if len(dek) > SUMMARY_LENGTH:
            dek = content.truncate_words(dek, SUMMARY_LENGTH)
            changes.append(f"excerpt shortened to {SUMMARY_LENGTH} characters for the summary")
        converted = conversion.body
        self.note_conversion(converted, changes, report)
        primary, further = self.topics_of(item, changes)
        author = self.authors.get(item.creator)
        if author is None:
            changes.append("no author in the export: no byline")

        imported = self.existing.posts.get(item.post_id)
        wanted = {
            "headline": headline,
            "dek": dek,
            "body": converted.html,
            "primary_topic_id": primary.pk,
            "status": status,
            "published_at": published_at,
            "updated_at": updated_at,
            "comments_open": item.comment_status == "open",
        }
        if imported:
            article = imported.article
            if imported.imported_status and article.status != imported.imported_status:
                # An editor published, unpublished or sent it back since: their call stands.
                wanted["status"], wanted["published_at"] = article.status, article.published_at
                changes.append(f"kept the status an editor gave it ({article.workflow_state})")
            if article.updated_at and (
                wanted["updated_at"] is None or article.updated_at > wanted["updated_at"]
            ):
                # An update recorded in Dateline since: "last updated" never goes back.
                wanted["updated_at"] = article.updated_at
            differs = any(getattr(article, name) != value for name, value in wanted.items())
            differs = differs or self.existing.topics[article.pk] != {t.pk for t in further}
            differs = differs or self.existing.bylines[article.pk] != (
                [author.pk] if author else []
            )
            outcome = "updated" if differs else "unchanged"
        else:
            imported = ImportedPost(site=self.site, wp_id=item.post_id)
            article = Article(slug=self.article_slug(item, headline))
            outcome = "created"
        if outcome != "unchanged":
            for name, value in wanted.items():
                setattr(article, name, value)
        report.posts[outcome] += 1
        report.states[state_name(article)] += 1

        imported.article = article
        imported.permalink = item.link[:500]
        imported.imported_status = wanted["status"]
        return PostPlan(
            item=item,
            report=report,
            conversion=conversion,
            changes=changes,
            outcome=outcome,
            article=article,
            imported=imported,
            headline=headline,
            further=further,
            author=author,
            redirect=self.import_redirect(item, article, report),
            comments=self.import_comments(item, article, report, conversion.comment_texts),
        )

    def write_posts(self, plans):
        """Write a batch of worked-out posts in a few queries per kind of row, not a few
        per post: one INSERT for the new articles, one for their comments at each depth of
        the threads, and so on (a query per row made a 10,000-post import take minutes)."""
        self.check_new_slugs(plans)
        created = [plan for plan in plans if plan.outcome == "created"]
        updated = [plan for plan in plans if plan.outcome == "updated"]
        for plan in created:
            plan.article.comment_count = plan.comments.approved()
            # What Article.save() does first (its body is the converted one): not called,
            # so done here (a test checks that saving an imported article changes neither).
            plan.article.body = plan.conversion.stored_body
            plan.article.excerpt = make_excerpt(plan.article.dek or plan.conversion.plain_body)
        insert_new(Article, [plan.article for plan in created])
        insert_rows(
            Article.topics.through,
            ["article", "topic"],
            [(plan.article.pk, topic.pk) for plan in created for topic in plan.further],
        )
        for plan in created:
            if plan.author:
                plan.bylines = [Byline(article=plan.article, author=plan.author, position=0)]
        Byline.objects.bulk_create(byline for plan in created for byline in plan.bylines)
        for plan in updated:
            plan.article.save()
            plan.article.topics.set(plan.further)
            set_authors(plan.article, [plan.author] if plan.author else [])
        self.record_revisions(created + updated)

        redirects = [plan.redirect for plan in plans if plan.redirect]
        moved = [redirect for redirect in redirects if redirect.pk is not None]
        insert_new(WordPressRedirect, (r for r in redirects if r.pk is None))
        for redirect in moved:
            redirect.save(update_fields=["article"])
        write_comments([plan.comments for plan in plans])
        for plan in plans:
            self.import_lead_image(plan)
        imported = [plan.imported for plan in plans]
        again = [row for row in imported if row.pk is not None]
        insert_new(ImportedPost, (row for row in imported if row.pk is None))
        for row in again:
            row.updated_at = now()  # auto_now, which bulk_update leaves alone
        ImportedPost.objects.bulk_update(again, IMPORTED_POST_FIELDS)
        # Comment counts: a new article's is known (it has only the comments made here);
        # others are counted again where their comments or the article changed, which
        # also makes their cached pages go. New stories may show on any list: every
        # cached page goes (one tag; bumping each new article's would cost a cache write
        # apiece, and there is no page of them to clear yet).
        recount = [
            plan.article.pk
            for plan in plans
            if plan.outcome == "updated"
            or (plan.outcome == "unchanged" and (plan.comments.new or plan.comments.changed))
        ]
        if recount:
            refresh_comment_counts(recount)
        if created:
            changes.announce(changes.SITE)
        for plan in plans:
            for change in plan.changes:
                plan.report.change(label(plan.item), change)

    def record_revisions(self, plans):
        """A revision for each new or changed article, as every save of an article keeps
        one (`articles.services.revision`). django-reversion's `create_revision` costs five
        queries per article; here the batch's revisions and versions are written in one
        query each, with what reversion itself stores (the article and, since Article
        follows them, its bylines; test_generate_wxr checks that the two are the same)."""
        articles = [plan.article for plan in plans]
        # A new article's topics and bylines are those just written; a changed one's are
        # read (only the topics' ids are stored).
        prefetch_related_objects(
            [plan.article for plan in plans if plan.outcome != "created"],
            Prefetch("topics", Topic.objects.only("pk")),
            Prefetch("bylines", Byline.objects.select_related("author")),
        )
        for plan in plans:
            if plan.outcome == "created":
                # In the order reversion reads them: Topic.Meta.ordering.
                topics = sorted(plan.further, key=lambda topic: (topic.name, topic.pk))
                plan.article._prefetched_objects_cache = {"topics": topics}
        revisions = [
            Revision(
                date_created=now(),
                comment=f"Imported from WordPress ({self.site}, post {plan.item.post_id})",
            )
            for plan in plans
        ]
        insert_new(Revision, revisions)
        insert_new(
            Version,
            (
                version_of(instance, revision)
                for revision, plan in zip(revisions, plans, strict=True)
                for instance in (plan.article, *self.bylines_of(plan))
            ),
        )
        for article in articles:
            article._prefetched_objects_cache = {}

    @staticmethod
    def bylines_of(plan):
        return plan.bylines if plan.outcome == "created" else plan.article.bylines.all()

    def post_state(self, item, modified_days, changes):
        """(status, published_at, updated_at) from WordPress's status and times."""
        published_at = item.post_date_gmt or item.pub_date
        if published_at is None and item.post_date:
            published_at = item.post_date
            if item.status in ("publish", "future"):
                changes.append("no GMT time in the export: its local time was read as UTC")
        if item.password:
            changes.append(
                "password-protected post imported as a draft: Dateline has no per-article "
                "passwords, so whether to publish it is an editor's call (the password is "
                "not kept)"
            )
            return Status.DRAFT, None, None
        if item.status == "private":
            changes.append("private post imported as a draft (readers couldn't see it)")
            return Status.DRAFT, None, None
        if item.status == "pending":
            return Status.REVIEW, None, None
        if item.status == "draft":
            return Status.DRAFT, None, None
        if item.status not in ("publish", "future"):
            changes.append(f"unknown WordPress status “{item.status}”: imported as a draft")
            return Status.DRAFT, None, None
        if published_at is None:
            published_at = now()
            changes.append("no publication time in the export: published now")
        if item.status == "future" and published_at <= now():
            changes.append("scheduled for a time that has passed: published at that time")
        if item.sticky:
            changes.append(
                "sticky post imported as an ordinary article: Dateline has no sticky posts "
                "(the home page leads with the newest story)"
            )
        modified = item.modified_gmt or item.modified
        updated_at = None
        if (
            modified
            and published_at <= now()
            and modified - published_at > MEANINGFUL_UPDATE
            and modified <= now()
        ):
            if modified.date() in modified_days:
                changes.append(
                    f"modified on {modified:%Y-%m-%d} with many other posts (a bulk edit): "
                    "no “last updated” line"
                )
            else:
                updated_at = modified
        return Status.PUBLISHED, published_at, updated_at

    def headline(self, item, changes):
        headline = content.plain_title(item.title)
        if headline != " ".join(item.title.split()):
            changes.append("markup removed from the headline")
        if not headline:
            words = plain_text(content.convert_body(item.content).html).split()[:8]
            headline = " ".join(words) or f"Untitled (WordPress post {item.post_id})"
            changes.append(f"no title: headline made from its first words: “{headline}”")
        if len(headline) > HEADLINE_LENGTH:
            headline = content.truncate_words(headline, HEADLINE_LENGTH)
            changes.append(f"title shortened to {HEADLINE_LENGTH} characters")
        return headline

    def article_slug(self, item, headline):
        """The address a new article asks for; `check_new_slugs` makes sure it is free."""
        slug = slugify(unquote(item.post_name))[:SLUG_LENGTH].strip("-")
        if not slug:
            slug = slugify(headline)[:SLUG_LENGTH].strip("-") or f"wordpress-{item.post_id}"
        return slug

    def check_new_slugs(self, plans):
        """New articles whose address is taken (by an article already there or one earlier
        in the batch) get the WordPress post id added to it. One query per batch."""
        created = [plan for plan in plans if plan.outcome == "created"]
        taken = set()
        wanted = [plan.article.slug for plan in created]
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            taken.update(Article.objects.filter(slug__in=chunk).values_list("slug", flat=True))
        for plan in created:
            slug = plan.article.slug
            if slug in taken:
                plan.article.slug = f"{slug[: SLUG_LENGTH - 12]}-{plan.item.post_id}"
                plan.changes.append(f"the address “{slug}” was taken: it is “{plan.article.slug}”")
            taken.add(plan.article.slug)

    def categories_and_tags(self, item):
        categories, tags = [], []
        for taxonomy, slug, name in item.terms:
            topic = self.topics.get(term_key(taxonomy, slug, name))
            if topic is None:
                continue
            (categories if taxonomy == "category" else tags).append(topic)
        return categories, tags

    def topics_of(self, item, changes):
        categories, tags = self.categories_and_tags(item)
        if categories:
            primary = categories[0]
        else:
            primary = self.default_topic()
            changes.append(f"no category: filed under “{primary.name}”")
        further = []
        for topic in categories[1:] + tags:
            if topic != primary and topic not in further:
                further.append(topic)
        return primary, further

    def note_conversion(self, converted, changes, report):
        for kind, _ in converted.notes:
            report.content[kind] += 1
        removed = converted.kinds("unknown-shortcode")
        if removed:
            changes.append(f"shortcodes removed (nothing to show outside WordPress): "
                           f"{', '.join(sorted(set(removed)))}")  # fmt: skip
        dropped = converted.kinds("dynamic-block")
        if dropped:
            changes.append(
                "blocks WordPress fills in on each page view removed (the export has no "
                f"content for them): {', '.join(sorted(set(dropped)))}"
            )
        players = converted.kinds("embed")
        if players:
            changes.append(f"{len(players)} embedded media/players shown as links")
        for kind, text in (
            ("empty-gallery", "a gallery with none of its images in the export removed"),
            ("gallery-missing", "some gallery images are not in the export"),
            ("player-dropped", "an embedded player with no web address removed"),
        ):
            if converted.kinds(kind):
                changes.append(text)
        for url in re.findall(r"<img [^>]*src=\"(https?://[^\"]+)\"", converted.html):
            report.body_media.add(url)
        if not converted.html:
            changes.append("no content")

    # Old addresses -----------------------------------------------------------------------

    def import_redirect(self, item, article, report):
        """The post's old address: a WordPressRedirect to save, or None."""
        path = unquote(urlsplit(item.link).path) if item.link else ""
        if not path or path == "/" or len(path) > 500:
            return None  # a ?p=123 link: the middleware finds it by post id
        redirect = self.existing.redirects.get(path)
        if redirect is None:
            report.redirects["created"] += 1
            return WordPressRedirect(old_path=path, article=article)
        if redirect.article_id != article.pk:
            report.change(
                label(item), f"the old address {path} led to article {redirect.article_id}: "
                "it now leads here",
            )  # fmt: skip
            redirect.article = article
            report.redirects["updated"] += 1
            return redirect
        report.redirects["unchanged"] += 1
        return None

    # Comments ----------------------------------------------------------------------------

    def import_comments(self, item, article, report, texts):
        """The post's comments, worked out: a CommentsPlan for `write_comments`. `texts`:
        each comment's text by its WordPress id (`convert_post`)."""
        existing = self.existing.comments
        plan = CommentsPlan()
        made = {}
        post = label(item)
        for wp_comment in parents_first(item.comments):
            what = f"comment {wp_comment.id} on {post}"
            if wp_comment.type in ("pingback", "trackback"):
                report.skip(
                    "comment", f"{wp_comment.type}s: notices from other blogs, not comments",
                    what,
                )  # fmt: skip
                continue
            body = texts[wp_comment.id]
            if not body:
                report.skip("comment", "empty comments", what)
                continue
            status = COMMENT_STATUSES.get(wp_comment.approved)
            if status is None:
                status = Comment.Status.PENDING
                report.change(what, f"unknown status “{wp_comment.approved}”: held for moderation")
            parent = made.get(wp_comment.parent) if wp_comment.parent else None
            if wp_comment.parent and parent is None:
                report.change(
                    what, "a reply to a comment not in the export: shown as a top-level comment"
                )
            fields = {
                "article": article,
                "parent": parent,
                "depth": parent.depth + 1 if parent else 0,
                "author_name": wp_comment.author[:100],
                # Kept for moderation and privacy requests; never shown (for_display()).
                "author_email": wp_comment.email[:254],
                "author_url": valid_url(wp_comment.url),
                "body": body,
                "ip_address": valid_ip(wp_comment.ip),
                "created_at": wp_comment.date_gmt
                or wp_comment.date_local
                or article.published_at
                or now(),
            }
            row = existing.get(wp_comment.id)
            if row is None:
                comment = Comment(
                    **fields,
                    status=status,
                    reason="imported",
                    reason_detail=f"Imported from WordPress ({self.site}, comment "
                    f"{wp_comment.id})."[:300],
                )
                plan.new.append(comment)
                plan.imported.append(
                    NewComment(comment, self.site, wp_comment.id, wp_comment.approved[:40])
                )
                report.comments["created"] += 1
            else:
                comment = row.comment
                if comment.status != row.imported_status:
                    status = comment.status  # a moderator's verdict since the last import
                fields["status"] = status
                if would_change(comment, fields):
                    for name, value in fields.items():
                        setattr(comment, name, value)
                    plan.changed.append(comment)
                    report.comments["updated"] += 1
                else:
                    report.comments["unchanged"] += 1
                if row.imported_status != status:
                    row.imported_status = status
                    plan.changed_rows.append(row)
            report.comment_states[comment.status] += 1
            made[wp_comment.id] = comment
        return plan

    # Lead images -------------------------------------------------------------------------

    def import_lead_image(self, plan):
        """The featured image: with --uploads, the lead image (written here, once the
        article is saved); without, its address is kept."""
        item, article, imported, report = plan.item, plan.article, plan.imported, plan.report
        thumbnail_id = item.meta.get("_thumbnail_id", "")
        if not thumbnail_id:
            return
        media = self.media.get(int(thumbnail_id)) if thumbnail_id.isdigit() else None
        if media is None:
            report.change(
                label(item), f"its featured image (attachment {thumbnail_id}) is not in the export"
            )
            return
        imported.featured_image_url = media.url[:500]
        if self.uploads is None:
            report.images["kept"] += 1
            report.kept_urls.append((label(item), media.url))
            return
        relative = upload_path(media)
        path = (self.uploads / relative).resolve() if relative else None
        if path is None or not path.is_relative_to(self.uploads) or not path.is_file():
            report.images["kept"] += 1
            report.kept_urls.append((label(item), media.url))
            report.change(
                label(item), f"featured image {relative or media.url} not found under --uploads: "
                "kept its web address",
            )  # fmt: skip
            return
        current = lead_image_of(article)
        if current is not None and imported.lead_image_source == relative[:500]:
            report.images["unchanged"] += 1
            return
        with open(path, "rb") as handle:
            upload = File(handle, name=path.name)
            try:
                info = inspect_upload(upload)
            except ValidationError as exc:
                report.images["refused"] += 1
                report.kept_urls.append((label(item), media.url))
                report.change(
                    label(item), f"featured image refused as a lead image: {' '.join(exc.messages)}"
                )
                return
            if not self.dry_run:
                self.save_lead_image(article, current, upload, info, media, plan.headline)
        imported.lead_image_source = relative[:500]
        report.images["imported"] += 1

    def save_lead_image(self, article, current, upload, info, media, headline):
        """Through the same checks as an upload in the admin (`inspect_upload`) and the same
        aftermath (`image_changed`: renditions made once committed)."""
        lead_image = current or LeadImage(article=article)
        previous_name = lead_image.image.name if current else ""
        stem = slugify(Path(upload.name).stem)[:60] or "lead"
        lead_image.image.save(f"{stem}.{info.extension}", upload, save=False)
        self.saved_files.append((lead_image.image.storage, lead_image.image.name))
        lead_image.width, lead_image.height = info.width, info.height
        lead_image.alt_text = (media.alt or media.title or headline)[:250]
        lead_image.credit = (content.plain_title(media.caption) or DEFAULT_CREDIT)[:200]
        lead_image.save()
        image_changed(lead_image, previous_name=previous_name)

    def delete_saved_files(self):
        """Files are not transactional: those a rolled-back post saved are removed."""
        for storage, name in self.saved_files:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Could not delete %s from storage", name, exc_info=True)
        self.saved_files = []


class RevisionSerializer(PythonSerializer):
    """Django's serializer as reversion calls it, minus two costs that dominated a large
    import: a many-to-many field whose rows were prefetched is read from them (Django
    builds, and drops, a queryset for it first), and the JSON is written by the C encoder
    (Django's `json.dump` to a stream takes the pure-Python one). The text is the same
    (test_generate_wxr compares it with reversion's own)."""

    def handle_m2m_field(self, obj, field):
        prefetched = getattr(obj, "_prefetched_objects_cache", {}).get(field.name)
        if (
            prefetched is None
            or self.use_natural_foreign_keys
            or not field.remote_field.through._meta.auto_created
        ):
            return super().handle_m2m_field(obj, field)
        self._current[field.name] = [
            self._value_from_field(related, related._meta.pk) for related in prefetched
        ]


def version_of(instance, revision):
    """The reversion Version of a registered model instance, as reversion makes it with
    the model's registration defaults (every field, JSON)."""
    opts = instance._meta.concrete_model._meta
    fields = [f.name for f in opts.local_fields + opts.local_many_to_many]
    (data,) = RevisionSerializer().serialize((instance,), fields=fields)
    return Version(
        revision=revision,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        db=router.db_for_write(type(instance), instance=instance),
        format="json",
        serialized_data="[" + json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False) + "]",
        object_repr=str(instance),
    )


def write_comments(plans):
    """Comments of a batch of posts, from their CommentsPlans. New ones go in one INSERT per
    depth of the threads: a reply's parent must have its id before the reply is written."""
    new = [comment for plan in plans for comment in plan.new]
    for depth in sorted({comment.depth for comment in new}):
        insert_new(Comment, [comment for comment in new if comment.depth == depth])
    for plan in plans:
        for comment in plan.changed:
            comment.save()
    # Their moderation log entries and import records, as rows: 100,000 model instances
    # for 50,000 comments cost more than writing them.
    imported = [new for plan in plans for new in plan.imported]
    decided_at = CommentDecision._meta.get_field("decided_at").get_db_prep_save(now(), connection)
    insert_rows(
        CommentDecision,
        ["comment", "previous_status", "status", "reason", "detail", "decided_at"],
        [
            (new.comment.pk, "", new.comment.status, "imported",
             f"WordPress status “{new.wp_status}”.", decided_at)
            for new in imported
        ],
    )  # fmt: skip
    insert_rows(
        ImportedComment,
        ["site", "wp_id", "comment", "imported_status"],
        [(new.site, new.wp_id, new.comment.pk, new.comment.status) for new in imported],
    )
    ImportedComment.objects.bulk_update(
        [row for plan in plans for row in plan.changed_rows], ["imported_status"]
    )


def would_change(instance, fields):
    """Whether setting `fields` ({name: value}) would change `instance`. Foreign keys are
    compared by id, so that no related row is fetched; an unsaved one is a change."""
    for name, value in fields.items():
        model_field = instance._meta.get_field(name)
        if model_field.is_relation:
            if value is not None and value.pk is None:
                return True
            if getattr(instance, model_field.attname) != (value.pk if value else None):
                return True
        elif getattr(instance, name) != value:
            return True
    return False


def in_chunks(queryset, field_name, values):
    """The rows of `queryset` whose `field_name` is one of `values`, IN_CHUNK at a time."""
    values = list(values)
    for start in range(0, len(values), IN_CHUNK):
        yield from queryset.filter(**{f"{field_name}__in": values[start : start + IN_CHUNK]})


def in_chunks_by_id(queryset, field_name, ids):
    """in_chunks() for whole numbers, asking first whether any row lies between the least
    and the greatest: on a first import none does, and that one query saves building the
    IN lists' SQL, which took seconds for the 50,000 comments of a large export."""
    ids = list(ids)
    if ids and queryset.filter(**{f"{field_name}__range": (min(ids), max(ids))}).exists():
        yield from in_chunks(queryset, field_name, ids)


def known_login(creator, people):
    """`creator` as one of the export's logins: "themereviewteam>" (a stray character, as
    in the Theme Unit Test data) is read as "themereviewteam" when that login exists."""
    creator = creator.strip()
    if not creator or creator in people:
        return creator
    # WordPress logins are letters, digits, space and _ . - * @ (sanitize_user).
    cleaned = re.sub(r"[^\w .@*-]+", "", creator).strip()
    matches = [login for login in people if login.lower() == cleaned.lower()]
    return matches[0] if len(matches) == 1 else creator


def label(item):
    title = content.plain_title(item.title)
    title = title if len(title) <= 60 else title[:59] + "…"
    name = f"{item.post_type} {item.post_id}"
    return f"{name} “{title}”" if title else name


def state_name(article):
    if article.is_scheduled:
        return "scheduled"
    return article.status


def media_of(item):
    return content.Media(
        id=item.post_id,
        url=item.attachment_url or item.guid,
        title=content.plain_title(item.title),
        caption=item.excerpt,
        alt=item.meta.get("_wp_attachment_image_alt", ""),
        parent=item.parent,
        menu_order=item.menu_order,
        file=item.meta.get("_wp_attached_file", ""),
    )


def upload_path(media):
    """Where the file is under wp-content/uploads: the _wp_attached_file meta, else the
    part of its address after /uploads/ (WordPress.com: the whole path)."""
    if media.file:
        return media.file.lstrip("/")
    path = unquote(urlsplit(media.url).path)
    if "/uploads/" in path:
        return path.split("/uploads/", 1)[1]
    if "/files/" in path:  # multisite's old /files/2013/01/x.jpg addresses
        return path.split("/files/", 1)[1]
    return path.lstrip("/")


def term_key(taxonomy, slug, name):
    return (taxonomy, slug or slugify(name) or name)


def topic_slug(wp_slug, name):
    """Topic addresses are ASCII (the URL pattern is <slug:...>). A WordPress slug that
    is not (percent-encoded Greek, Japanese...) keeps its ASCII part plus a short hash of
    the original, so every term gets its own topic and the same one on every import."""
    original = unquote(wp_slug) if wp_slug else name
    slug = slugify(original)[:TOPIC_LENGTH].strip("-")
    if slug and original.isascii():
        return slug
    return f"{slug[: TOPIC_LENGTH - 9]}-{digest(original)}".strip("-")


def digest(text):
    return sha1(text.encode()).hexdigest()[:8]


def free_slug(model, slug, length):
    slug = slug[:length].strip("-")
    if not slug:
        return ""
    candidate, number = slug, 1
    while model.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{slug[: length - 4]}-{number}"
    return candidate


def bulk_edit_days(posts):
    """Days on which a large share of the posts were modified: a bulk edit."""
    days = Counter(
        (item.modified_gmt or item.modified).date()
        for item in posts
        if item.modified_gmt or item.modified
    )
    threshold = max(BULK_EDIT_POSTS, BULK_EDIT_SHARE * len(posts))
    return {day for day, count in days.items() if count >= threshold}


def parents_first(comments):
    """Comments ordered so that each comes after the one it replies to."""
    ids = {c.id for c in comments}
    children = defaultdict(list)
    roots = []
    for comment in sorted(comments, key=lambda c: c.id):
        if comment.parent and comment.parent in ids and comment.parent != comment.id:
            children[comment.parent].append(comment)
        else:
            roots.append(comment)
    ordered, stack = [], list(reversed(roots))
    seen = set()
    while stack:
        comment = stack.pop()
        if comment.id in seen:
            continue
        seen.add(comment.id)
        ordered.append(comment)
        stack.extend(reversed(children[comment.id]))
    # A reply cycle (a hand-edited file) leaves some unreached: they come last, top level.
    ordered += [c for c in sorted(comments, key=lambda c: c.id) if c.id not in seen]
    return ordered


def valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip())) if value and value.strip() else None
    except ValueError:
        return None


def valid_url(value):
    value = (value or "").strip()
    if not value or len(value) > 200:
        return ""
    try:
        WEB_ADDRESS(value)
    except ValidationError:
        return ""
    return value


def uploads_folder_problem(folder):
    """Why `folder` can't be used as --uploads, or None."""
    if not os.path.isdir(folder):
        return f"{folder} is not a folder"
    return None
