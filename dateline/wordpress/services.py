"""Bring a parsed WordPress export into Dateline: authors, topics, articles, comments,
lead images and old addresses. `import_wordpress_export` is the one entry point; the
management command and the tests call it.

Safe to run again and to interrupt:
- every WordPress post, comment and author is remembered by its WordPress id (per site),
  so a second run updates what it made instead of making it again;
- each post (its article, topics, bylines, comments, old addresses and lead image) is
  written in one transaction: an interrupted run leaves whole posts, and the next run
  carries on;
- nothing is written before the whole file has been read and checked (`wxr.read_export`).

Imported articles are saved directly rather than through `publish_article`, which would
enqueue a related-lists refresh and a search-index update per article: the import
rebuilds both once at the end instead (`refresh_indexes`).
"""

import ipaddress
import logging
import os
import re
from collections import Counter, defaultdict
from datetime import timedelta
from hashlib import sha1
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.articles.services import revision, set_authors
from dateline.articles.text import plain_text
from dateline.authors.models import Author
from dateline.comments.models import Comment, CommentDecision
from dateline.comments.services import refresh_comment_counts
from dateline.images.models import LeadImage, lead_image_of
from dateline.images.services import image_changed
from dateline.images.validation import inspect_upload
from dateline.topics.models import Topic
from dateline.wordpress import content
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


def import_wordpress_export(export, *, uploads=None, dry_run=False, progress=None, source=""):
    """Import `export` (a `wxr.Export`); return the Summary. `uploads` is a local copy of
    wp-content/uploads for lead images; `progress(label, done, total)` is told how far it
    got. With `dry_run`, everything is done and then rolled back."""
    run = WordPressImport(export, uploads=uploads, dry_run=dry_run, progress=progress)
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


class WordPressImport:
    def __init__(self, export, *, uploads=None, dry_run=False, progress=None):
        self.export = export
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

    # The whole run ---------------------------------------------------------------------

    def import_everything(self):
        posts = self.posts_to_import()
        self.summary.posts_in_export = len(self.export.items_of_type("post"))
        with transaction.atomic():
            self.import_authors(posts)
            self.import_topics(posts)
        modified_days = bulk_edit_days(posts)
        for done, item in enumerate(posts, start=1):
            try:
                with transaction.atomic():
                    self.saved_files = []
                    self.import_post(item, modified_days)
            except KeyboardInterrupt:
                self.delete_saved_files()
                raise
            except Exception as exc:
                self.delete_saved_files()
                logger.exception("Could not import WordPress post %s", item.post_id)
                self.summary.posts["failed"] += 1
                self.summary.change(label(item), f"failed, nothing of it was saved: {exc}")
            self.progress("Posts", done, len(posts))

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
        from dateline.pagecache import tags
        from dateline.related.rebuild import rebuild
        from dateline.related.services import refresh_related
        from dateline.search.services import rebuild_search_index

        # From scratch: an earlier rebuild left half-way would carry on with stale counts.
        rebuild(lambda label, done, total, elapsed: self.progress(label, done, total), restart=True)
        # The rebuild lists live stories only; a scheduled one takes its place now, as on
        # publish (its list shows it from its time on).
        scheduled = Article.objects.filter(
            pk__in=self.article_ids, status=Status.PUBLISHED, published_at__gt=now()
        )
        for article in scheduled:
            refresh_related(article)
        with transaction.atomic():
            # One transaction: readers keep the old index until the new one is complete.
            indexed = rebuild_search_index(
                lambda done, total: self.progress("Search index", done, total)
            )
        self.summary.indexed = indexed
        tags.bump(tags.SITE, *tags.for_articles(self.article_ids))

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

    def import_post(self, item, modified_days):
        changes = []
        status, published_at, updated_at = self.post_state(item, modified_days, changes)
        headline = self.headline(item, changes)
        dek = content.plain_summary(item.excerpt)
        if len(dek) > SUMMARY_LENGTH:
            dek = content.truncate_words(dek, SUMMARY_LENGTH)
            changes.append(f"excerpt shortened to {SUMMARY_LENGTH} characters for the summary")
        converted = content.convert_body(item.content, media=self.media, post_id=item.post_id)
        self.note_conversion(converted, changes)
        primary, further = self.topics_of(item, changes)
        author = self.authors.get(item.creator)
        if author is None:
            changes.append("no author in the export: no byline")

        imported = (
            ImportedPost.objects.filter(site=self.site, wp_id=item.post_id)
            .select_related("article")
            .first()
        )
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
            differs = differs or set(article.topics.values_list("pk", flat=True)) != {
                t.pk for t in further
            }
            differs = differs or [b.author_id for b in article.bylines.all()] != (
                [author.pk] if author else []
            )
            outcome = "updated" if differs else "unchanged"
        else:
            imported = ImportedPost(site=self.site, wp_id=item.post_id)
            article = Article(slug=self.article_slug(item, headline, changes))
            outcome = "created"
        if outcome != "unchanged":
            for name, value in wanted.items():
                setattr(article, name, value)
            with revision(f"Imported from WordPress ({self.site}, post {item.post_id})"):
                article.save()
                article.topics.set(further)
                set_authors(article, [author] if author else [])
        self.summary.posts[outcome] += 1
        self.summary.states[state_name(article)] += 1

        imported.article = article
        imported.permalink = item.link[:500]
        imported.imported_status = wanted["status"]
        self.import_redirect(item, article)
        self.import_comments(item, article)
        self.import_lead_image(item, article, imported, headline)
        imported.save()
        refresh_comment_counts([article.pk])
        self.article_ids.append(article.pk)
        for change in changes:
            self.summary.change(label(item), change)

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

    def article_slug(self, item, headline, changes):
        slug = slugify(unquote(item.post_name))[:SLUG_LENGTH].strip("-")
        if not slug:
            slug = slugify(headline)[:SLUG_LENGTH].strip("-") or f"wordpress-{item.post_id}"
        if Article.objects.filter(slug=slug).exists():
            taken = slug
            slug = f"{slug[: SLUG_LENGTH - 12]}-{item.post_id}"
            changes.append(f"the address “{taken}” was taken: it is “{slug}”")
        return slug

    def topics_of(self, item, changes):
        categories, tags = [], []
        for taxonomy, slug, name in item.terms:
            topic = self.topics.get(term_key(taxonomy, slug, name))
            if topic is None:
                continue
            (categories if taxonomy == "category" else tags).append(topic)
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

    def note_conversion(self, converted, changes):
        for kind, _ in converted.notes:
            self.summary.content[kind] += 1
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
            self.summary.body_media.add(url)
        if not converted.html:
            changes.append("no content")

    # Old addresses -----------------------------------------------------------------------

    def import_redirect(self, item, article):
        path = unquote(urlsplit(item.link).path) if item.link else ""
        if not path or path == "/" or len(path) > 500:
            return  # a ?p=123 link: the middleware finds it by post id
        redirect = WordPressRedirect.objects.filter(old_path=path).first()
        if redirect is None:
            WordPressRedirect.objects.create(old_path=path, article=article)
            self.summary.redirects["created"] += 1
        elif redirect.article_id != article.pk:
            self.summary.change(
                label(item), f"the old address {path} led to article {redirect.article_id}: "
                "it now leads here",
            )  # fmt: skip
            redirect.article = article
            redirect.save(update_fields=["article"])
            self.summary.redirects["updated"] += 1
        else:
            self.summary.redirects["unchanged"] += 1

    # Comments ----------------------------------------------------------------------------

    def import_comments(self, item, article):
        existing = {
            row.wp_id: row
            for row in ImportedComment.objects.filter(
                site=self.site, wp_id__in=[c.id for c in item.comments]
            ).select_related("comment")
        }
        made = {}
        for wp_comment in parents_first(item.comments):
            what = f"comment {wp_comment.id} on {label(item)}"
            if wp_comment.type in ("pingback", "trackback"):
                self.summary.skip(
                    "comment", f"{wp_comment.type}s: notices from other blogs, not comments",
                    what,
                )  # fmt: skip
                continue
            body = content.comment_text(wp_comment.content)
            if not body:
                self.summary.skip("comment", "empty comments", what)
                continue
            status = COMMENT_STATUSES.get(wp_comment.approved)
            if status is None:
                status = Comment.Status.PENDING
                self.summary.change(
                    what, f"unknown status “{wp_comment.approved}”: held for moderation"
                )
            parent = made.get(wp_comment.parent) if wp_comment.parent else None
            if wp_comment.parent and parent is None:
                self.summary.change(
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
                comment = Comment.objects.create(
                    **fields,
                    status=status,
                    reason="imported",
                    reason_detail=f"Imported from WordPress ({self.site}, comment "
                    f"{wp_comment.id})."[:300],
                )
                CommentDecision.objects.create(
                    comment=comment,
                    status=status,
                    reason="imported",
                    detail=f"WordPress status “{wp_comment.approved[:40]}”.",
                    decided_at=now(),
                )
                ImportedComment.objects.create(
                    site=self.site, wp_id=wp_comment.id, comment=comment, imported_status=status
                )
                self.summary.comments["created"] += 1
            else:
                comment = row.comment
                if comment.status != row.imported_status:
                    status = comment.status  # a moderator's verdict since the last import
                fields["status"] = status
                if any(getattr(comment, name) != value for name, value in fields.items()):
                    for name, value in fields.items():
                        setattr(comment, name, value)
                    comment.save()
                    self.summary.comments["updated"] += 1
                else:
                    self.summary.comments["unchanged"] += 1
                row.imported_status = status
                row.save(update_fields=["imported_status"])
            self.summary.comment_states[comment.status] += 1
            made[wp_comment.id] = comment

    # Lead images -------------------------------------------------------------------------

    def import_lead_image(self, item, article, imported, headline):
        thumbnail_id = item.meta.get("_thumbnail_id", "")
        if not thumbnail_id:
            return
        media = self.media.get(int(thumbnail_id)) if thumbnail_id.isdigit() else None
        if media is None:
            self.summary.change(
                label(item), f"its featured image (attachment {thumbnail_id}) is not in the export"
            )
            return
        imported.featured_image_url = media.url[:500]
        if self.uploads is None:
            self.summary.images["kept"] += 1
            self.summary.kept_urls.append((label(item), media.url))
            return
        relative = upload_path(media)
        path = (self.uploads / relative).resolve() if relative else None
        if path is None or not path.is_relative_to(self.uploads) or not path.is_file():
            self.summary.images["kept"] += 1
            self.summary.kept_urls.append((label(item), media.url))
            self.summary.change(
                label(item), f"featured image {relative or media.url} not found under --uploads: "
                "kept its web address",
            )  # fmt: skip
            return
        current = lead_image_of(article)
        if current is not None and imported.lead_image_source == relative[:500]:
            self.summary.images["unchanged"] += 1
            return
        with open(path, "rb") as handle:
            upload = File(handle, name=path.name)
            try:
                info = inspect_upload(upload)
            except ValidationError as exc:
                self.summary.images["refused"] += 1
                self.summary.kept_urls.append((label(item), media.url))
                self.summary.change(
                    label(item), f"featured image refused as a lead image: {' '.join(exc.messages)}"
                )
                return
            if not self.dry_run:
                self.save_lead_image(article, current, upload, info, media, headline)
        imported.lead_image_source = relative[:500]
        self.summary.images["imported"] += 1

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
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return ""
    return value


def uploads_folder_problem(folder):
    """Why `folder` can't be used as --uploads, or None."""
    if not os.path.isdir(folder):
        return f"{folder} is not a folder"
    return None
