"""Load Dateline's demo content: topics, authors, 36+ original articles with their pictures
(drawn by code, demo/graphics.py) and an editor account.

Safe to run again: whatever is already there (matched by slug or username) is left as it
is, so edits made in the admin survive a re-run and nothing is duplicated.
"""

import html
import io
import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from dateline.articles.models import Article
from dateline.articles.services import after_change, publish_article, revision, set_authors
from dateline.authors.models import Author
from dateline.comments.models import Comment, CommentDecision
from dateline.comments.services import refresh_comment_counts
from dateline.demo import catalogue, pictures
from dateline.demo.content_files import (
    DemoContentError,
    demo_articles,
    demo_comments,
    demo_live,
)
from dateline.images.body_pictures import figure_markup, image_ids_in
from dateline.images.models import LibraryImage, lead_image_of
from dateline.images.services import add_lead_image, add_library_image
from dateline.live import services as live_services
from dateline.live.models import Coverage, Entry
from dateline.newsletters.models import Newsletter, Subscriber, Subscription
from dateline.newsroom import roles
from dateline.newsroom.models import ArticleUpdate
from dateline.newsroom.roles import ensure_roles
from dateline.related.models import RelatedLink
from dateline.related.rebuild import rebuild
from dateline.search.services import rebuild_search_index
from dateline.topics.models import Topic


def update_note(body_html):
    """The demo articles end an update with a paragraph "Update, <date>: ...": its first
    sentence becomes the public note."""
    match = re.search(r"<p>Update, [^:]{1,40}: ([^<]*?[.!?])(?:\s|</p>)", body_html)
    return html.unescape(match.group(1)) if match else "This story was updated."


def after_paragraph(body_html, number, insert):
    """`insert` put after the body's paragraph `number` (from 1), or at its end."""
    end = 0
    for _ in range(number):
        found = body_html.find("</p>", end)
        if found == -1:
            return body_html + insert
        end = found + len("</p>")
    return body_html[:end] + insert + body_html[end:]


class Command(BaseCommand):
    help = "Load the demo topics, authors and articles, and create the demo editor account."

    def handle(self, *args, **options):
        try:
            articles = demo_articles()
        except DemoContentError as exc:
            raise CommandError(f"Demo content is malformed: {exc}") from None

        topics = self.load_topics()
        authors = self.load_authors()
        added = 0
        for number, item in enumerate(articles, start=1):
            if not Article.objects.filter(slug=item.slug).exists():
                self.add_article(item, topics, authors)
                added += 1
            if self.stdout.isatty():
                self.stdout.write(f"\rArticles: {number}/{len(articles)}", ending="")
        if self.stdout.isatty():
            self.stdout.write("")
        self.stdout.write(
            f"Articles: {added} added, {len(articles) - added} already there "
            f"({Article.objects.count()} in the database)."
        )
        self.load_comments()
        self.load_pictures()
        self.load_library_pictures()
        if added or not RelatedLink.objects.exists():
            rebuild(lambda label, done, total, elapsed: None)
            self.stdout.write("Related lists: rebuilt.")
            rebuild_search_index(lambda done, total: None)
            self.stdout.write("Search index: rebuilt.")
        self.load_live(authors)
        self.load_newsletters()
        ensure_roles()
        self.ensure_staff(catalogue.DEMO_EDITOR_USERNAME, roles.EDITORS)
        self.ensure_staff(catalogue.DEMO_MODERATOR_USERNAME, roles.MODERATORS)
        self.ensure_staff(catalogue.DEMO_AUTHOR_USERNAME, roles.AUTHORS)

    def load_pictures(self):
        """A lead image for each story pictures.PICTURES names that has none: a map, a chart
        or an illustration drawn now (graphics.py), through the admin's checks and
        renditions. A story whose picture an editor removed gets it back, as a deleted
        story comes back."""
        added = there = 0
        for item in pictures.PICTURES:
            article = Article.objects.select_related("lead_image").filter(slug=item.slug).first()
            if article is None:
                continue
            if lead_image_of(article) is not None:
                there += 1
                continue
            png = io.BytesIO()
            # Level 1: half the time of the default, a little larger; readers get the
            # renditions, not this file.
            item.draw().save(png, "PNG", compress_level=1)
            # One transaction each: the renditions are made as each one commits.
            with transaction.atomic():
                add_lead_image(
                    article,
                    ContentFile(png.getvalue(), name=f"{item.slug}.png"),
                    alt_text=item.alt_text(),
                    caption=item.caption,
                    credit=pictures.CREDIT,
                )
            added += 1
        self.stdout.write(f"Pictures: {added} added, {there} already there.")

    def load_library_pictures(self):
        """The charts of pictures.LIBRARY_PICTURES in the media library (found again by file
        name), each placed in its stories' bodies after the paragraph that reports its
        figures. A story whose chart an editor took out gets it back, as with lead images."""
        added = placed = 0
        for item in pictures.LIBRARY_PICTURES:
            image = LibraryImage.objects.filter(original_filename=item.filename).first()
            if image is None:
                png = io.BytesIO()
                item.draw().save(png, "PNG", compress_level=1)
                # Committed on its own: the renditions are made as it commits.
                with transaction.atomic():
                    image = add_library_image(
                        ContentFile(png.getvalue(), name=item.filename),
                        alt_text=item.alt_text(),
                        caption=item.caption,
                        credit=pictures.CREDIT,
                    )
                added += 1
                image.refresh_from_db()
            for slug, paragraph in item.placements:
                article = Article.objects.filter(slug=slug).first()
                if article is None or image.pk in image_ids_in(article.body):
                    continue
                with transaction.atomic(), revision("A chart from the media library"):
                    article.body = after_paragraph(article.body, paragraph, figure_markup(image))
                    article.save(update_fields=["body", "modified_at"])
                    after_change(article)
                placed += 1
        self.stdout.write(
            f"Library pictures: {added} added, {len(pictures.LIBRARY_PICTURES) - added} already "
            f"there; {placed} placed in stories."
        )

    @transaction.atomic
    def load_live(self, authors):
        """One story covered live through a day: updates, two key events, one corrected."""
        try:
            live = demo_live()
        except DemoContentError as exc:
            raise CommandError(f"Demo content is malformed: {exc}") from None
        article = Article.objects.filter(slug=live.article).first()
        if article is None or Coverage.objects.filter(article=article).exists():
            return
        Coverage.objects.create(article=article, started_at=live.started, ended_at=live.ended)
        for item in live.entries:
            body = f"<p>{html.escape(item.body)}</p>"
            entry = Entry.objects.create(
                article=article, author=authors.get(item.author), is_pinned=item.pinned,
                body=f"<p>{html.escape(item.was)}</p>" if item.was else body,
                posted_at=item.time,
            )  # fmt: skip
            if item.was:
                entry.refresh_from_db()
                live_services.edit_entry(entry, body=body, reason=item.correction)
                Entry.objects.filter(pk=entry.pk).update(
                    edited_at=item.time + timedelta(minutes=25)
                )
        rebuild_search_index(lambda done, total: None)
        self.stdout.write(f"Live coverage: {len(live.entries)} updates on {article.headline!r}.")

    def load_newsletters(self):
        """The daily briefing and breaking-news alerts, and a few confirmed demo readers
        (addresses at example.org, which no mail reaches)."""
        for position, (slug, name, kind, description) in enumerate(catalogue.NEWSLETTERS):
            Newsletter.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "kind": kind, "description": description,
                          "position": position},
            )  # fmt: skip
        daily = Newsletter.objects.get(slug=catalogue.NEWSLETTERS[0][0])
        for email in catalogue.DEMO_SUBSCRIBERS:
            subscriber, created = Subscriber.objects.get_or_create(
                email=email, defaults={"confirmed_at": timezone.now(), "signup_page": "/"}
            )
            if created:
                Subscription.objects.create(
                    subscriber=subscriber, newsletter=daily, status=Subscription.Status.ACTIVE
                )
        self.stdout.write(
            f"Newsletters: {Newsletter.objects.count()}, "
            f"{Subscriber.objects.confirmed().count()} confirmed subscribers."
        )

    def load_topics(self):
        topics = {}
        for position, (slug, name, description) in enumerate(catalogue.TOPICS):
            topics[slug], created = Topic.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "on_home_page": True,
                    "position": position,
                },
            )
        self.stdout.write(f"Topics: {len(topics)} ready.")
        return topics

    def load_authors(self):
        user_model = get_user_model()
        authors = {}
        for slug, name, bio in catalogue.AUTHORS:
            author = Author.objects.filter(slug=slug).first()
            if author is None:
                first, _, last = name.partition(" ")
                user, created = user_model.objects.get_or_create(
                    username=slug.replace("-", "."),
                    defaults={"first_name": first, "last_name": last},
                )
                if created:
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                author = Author.objects.create(user=user, slug=slug, display_name=name, bio=bio)
            authors[slug] = author
        self.stdout.write(f"Authors: {len(authors)} ready.")
        return authors

    @transaction.atomic
    def add_article(self, item, topics, authors):
        try:
            primary = topics[item.topic]
            further = [topics[slug] for slug in item.topics]
            bylines = [authors[slug] for slug in item.authors]
        except KeyError as exc:
            raise CommandError(f"{item.slug}: unknown topic or author {exc}") from None
        article = Article.objects.create(
            headline=item.headline,
            slug=item.slug,
            dek=item.dek,
            body=item.body_html,
            primary_topic=primary,
            updated_at=item.updated,
        )
        article.topics.set(further)
        set_authors(article, bylines)
        publish_article(article, at=item.published)
        if item.updated:
            ArticleUpdate.objects.create(
                article=article, kind="update", note=update_note(item.body_html),
                created_at=item.updated,
            )  # fmt: skip

    @transaction.atomic
    def load_comments(self):
        try:
            items = demo_comments()
        except DemoContentError as exc:
            raise CommandError(f"Demo comments are malformed: {exc}") from None
        by_number = {}
        added = 0
        for item in items:
            article = Article.objects.filter(slug=item.article).first()
            if article is None:
                raise CommandError(f"comments.txt: no article {item.article!r}")
            comment = Comment.objects.filter(article=article, body=item.body).first()
            if comment is None:
                parent = by_number.get(item.reply_to)
                comment = Comment.objects.create(
                    article=article,
                    parent=parent,
                    depth=parent.depth + 1 if parent else 0,
                    author_name=item.name,
                    author_email=item.email,
                    author_url=item.website,
                    body=item.body,
                    status=item.status,
                    reason="demo",
                    reason_detail="Demo content.",
                    created_at=article.published_at + timedelta(hours=item.hours_after),
                )
                CommentDecision.objects.create(
                    comment=comment, status=item.status, reason="demo", detail="Demo content."
                )
                added += 1
            by_number[item.number] = comment
        refresh_comment_counts(Article.objects.values_list("pk", flat=True))
        self.stdout.write(f"Comments: {added} added, {len(items) - added} already there.")

    def ensure_staff(self, username, role):
        """A demo log-in with one role. The author account is the first demo author's."""
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None or not user.groups.filter(name=role).exists():
            user = user or user_model(username=username, email=f"{username}@localhost")
            user.email = user.email or f"{username}@localhost"
            user.is_staff = True
            user.set_password(catalogue.DEMO_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=role))
            password = f"password {catalogue.DEMO_PASSWORD!r}"
        else:
            password = f"password {catalogue.DEMO_PASSWORD!r} unless it was changed"
        self.stdout.write(
            self.style.SUCCESS(f"{role[:-1]} log-in at /admin/: username {username!r}, {password}.")
        )
