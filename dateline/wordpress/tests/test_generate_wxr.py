"""`manage.py generate_wxr` writes an export that `import_wordpress` takes whole, and what
the import writes in bulk is what the one-at-a-time code would have written."""

import io
from datetime import UTC, datetime
from unittest import mock

import reversion
from django.core.management import call_command
from django.db.models import Count
from reversion.models import Version

from dateline.articles.models import Article
from dateline.comments.models import Comment
from dateline.wordpress import services
from dateline.wordpress.management.commands.generate_wxr import generate_export
from dateline.wordpress.tests.base import ImportedComment, ImportTestCase
from dateline.wordpress.wxr import read_export

POSTS, COMMENTS = 30, 150
NEWEST = datetime(2024, 6, 1, tzinfo=UTC)


class GeneratedExportTestCase(ImportTestCase):
    def setUp(self):
        super().setUp()
        out = io.StringIO()
        self.counts = generate_export(out, posts=POSTS, comments=COMMENTS, newest=NEWEST)
        self.export = out.getvalue()

    def test_the_command_writes_a_readable_export(self):
        path = self.folder / "generated.xml"
        out = io.StringIO()
        call_command("generate_wxr", str(path), "--posts", "12", "--comments", "40", stdout=out)
        self.assertIn("12 posts", out.getvalue())
        export = read_export(str(path))
        self.assertEqual(len(export.items_of_type("post")), 12)
        self.assertEqual(sum(len(item.comments) for item in export.items), 40)

    def test_it_imports_with_the_counts_it_was_made_with(self):
        with mock.patch.object(services, "BATCH", 7):  # several batches, one cut short
            output = self.run_import(self.export)
        posts, comments = self.counts.posts, self.counts.comments
        self.assertIn(f"Posts: {POSTS} in the export: {POSTS} created, 0 updated", output)
        published = posts["publish"] - self.counts.password_protected
        drafts = posts["draft"] + posts["private"] + self.counts.password_protected
        self.assertIn(
            f"As articles: {published} published, {posts['future']} scheduled, {drafts} draft, "
            f"{posts['pending']} in review.",
            output,
        )
        self.assertIn(
            f"Comments: {COMMENTS} created, 0 updated, 0 unchanged; now {comments['1']} "
            f"approved, {comments['0']} pending, {comments['spam']} spam",
            output,
        )
        self.assertEqual(Article.objects.count(), POSTS)
        self.assertEqual(Comment.objects.count(), COMMENTS)
        replies = Comment.objects.filter(parent__isnull=False)
        self.assertEqual(replies.count(), self.counts.replies)
        for reply in replies.select_related("parent"):
            self.assertEqual(reply.depth, reply.parent.depth + 1)
            self.assertEqual(reply.article_id, reply.parent.article_id)
        for article in Article.objects.all():
            self.assertEqual(article.comment_count, article.comments.approved().count())

    def test_importing_it_again_changes_nothing(self):
        self.run_import(self.export)
        with mock.patch.object(services, "BATCH", 7):
            output = self.run_import(self.export)
        self.assertIn(f"0 created, 0 updated, {POSTS} unchanged, 0 failed", output)
        self.assertIn(f"Comments: 0 created, 0 updated, {COMMENTS} unchanged", output)
        self.assertEqual(ImportedComment.objects.count(), COMMENTS)

    def test_articles_are_stored_as_saving_them_would_store_them(self):
        self.run_import(self.export)
        for article in Article.objects.all():
            stored = (article.body, article.excerpt)
            article.save()
            article.refresh_from_db()
            self.assertEqual((article.body, article.excerpt), stored, article.slug)

    def test_revisions_hold_what_reversion_itself_stores(self):
        self.run_import(self.export)
        # One with several topics: their ids are stored in reversion's order (by name).
        article = (
            Article.objects.filter(bylines__isnull=False)
            .annotate(topic_count=Count("topics", distinct=True))
            .filter(topic_count__gte=2)
            .first()
        )
        self.assertIsNotNone(article, "the generated export has no post with two tags")
        imported = Version.objects.get_for_object(article).get()
        with reversion.create_revision():
            reversion.add_to_revision(article)
        own = Version.objects.get_for_object(article).exclude(pk=imported.pk).get()

        def stored(version):
            return sorted(
                (v.content_type_id, v.object_id, v.db, v.format, v.serialized_data, v.object_repr)
                for v in version.revision.version_set.all()
            )

        self.assertEqual(stored(imported), stored(own))
        self.assertEqual(len(stored(own)), 1 + article.bylines.count())
        self.assertIn("Imported from WordPress", imported.revision.comment)
