"""The two real WordPress exports in ../shared/data/wxr import whole and render clean.

The counts are taken from the files here with the standard library's own parser, not
from the importer's reader, so the two check each other. Skipped with the reason where
the data is absent (DATELINE_WXR_DATA points elsewhere).
"""

import re
import xml.etree.ElementTree as ElementTree

from django.test import TestCase

from dateline.articles.models import Article
from dateline.comments.models import Comment
from dateline.topics.models import Topic
from dateline.wordpress.tests.base import (
    ImportedComment,
    ImportedPost,
    import_wordpress_export,
    only_own_scripts,
    real_export,
    with_redirects,
)
from dateline.wordpress.wxr import read_export

RAW_MARKUP = ("[caption", "[/caption]", "[gallery", "[embed", "[audio", "<!-- wp:", "<!--more")


def local(tag):
    return tag.rsplit("}", 1)[-1]


def field(element, name):
    found = next((child for child in element if local(child.tag) == name), None)
    return (found.text or "").strip() if found is not None else ""


def count_in_file(path):
    """{post id: [(comment id, parent id, type, email)]} for every post item in the file."""
    posts = {}
    for item in ElementTree.parse(path).getroot().iter("item"):
        if field(item, "post_type") != "post":
            continue
        post_id = field(item, "post_id") or re.search(r"\?p=(\d+)", field(item, "guid"))[1]
        posts[int(post_id)] = [
            (
                int(field(comment, "comment_id")),
                int(field(comment, "comment_parent") or 0),
                field(comment, "comment_type"),
                field(comment, "comment_author_email"),
            )
            for comment in item
            if local(comment.tag) == "comment"
        ]
    return posts


class RealExportTestCase(TestCase):
    file_name = ""

    @classmethod
    def setUpClass(cls):
        # Skip before TestCase opens its class-wide transaction: pytest's skip is not an
        # Exception, so raised inside setUpTestData it would leave that transaction (and the
        # SQLite write lock) open for every test after it.
        if cls.file_name:
            real_export(cls.file_name)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.path = real_export(cls.file_name)
        cls.in_file = count_in_file(cls.path)
        export = read_export(str(cls.path))
        cls.site = export.site
        cls.summary = import_wordpress_export(export, source=cls.file_name)

    def imported(self):
        return ImportedPost.objects.filter(site=self.site)

    def assert_every_post_is_imported(self):
        self.assertEqual(
            sorted(self.imported().values_list("wp_id", flat=True)), sorted(self.in_file)
        )
        self.assertEqual(Article.objects.count(), len(self.in_file))
        self.assertEqual(self.summary.posts["failed"], 0)

    def assert_comments_are_imported_with_their_threads(self):
        pings = ("pingback", "trackback")
        comments = [c for cs in self.in_file.values() for c in cs if c[2] not in pings]
        self.assertEqual(Comment.objects.count(), len(comments))
        made = {
            row.wp_id: row.comment
            for row in ImportedComment.objects.filter(site=self.site).select_related("comment")
        }
        self.assertEqual(set(made), {c[0] for c in comments})
        for wp_id, parent_id, _, _ in comments:
            expected = made.get(parent_id) if parent_id else None
            self.assertEqual(made[wp_id].parent, expected, f"comment {wp_id}")
        return made

    def assert_pages_are_clean(self):
        emails = {c[3] for cs in self.in_file.values() for c in cs if c[3]}
        for article in Article.objects.published().select_related("primary_topic"):
            response = self.client.get(article.get_absolute_url())
            self.assertEqual(response.status_code, 200, article.slug)
            page = response.content.decode()
            body = page.split('<div class="article-body">', 1)[1].split("</div>", 1)[0]
            for raw in RAW_MARKUP:
                self.assertNotIn(raw, body, f"{raw} on {article.slug}")
            self.assertEqual(only_own_scripts(page), [], article.slug)
            for email in emails:
                self.assertNotIn(email, page, article.slug)


class ThemeUnitTestDataTestCase(RealExportTestCase):
    file_name = "themeunittestdata.wordpress.xml"

    def test_every_post_is_imported(self):
        self.assertEqual(len(self.in_file), 51)
        self.assert_every_post_is_imported()
        states = self.summary.states
        self.assertEqual((states["published"], states["scheduled"], states["draft"]), (48, 1, 2))

    def test_pages_menus_and_attachments_are_skipped_with_a_reason(self):
        skipped = {kind: len(labels) for (kind, _), labels in self.summary.skipped.items()}
        self.assertEqual(skipped["page"], 21)
        self.assertEqual(skipped["attachment"], 38)
        self.assertEqual(skipped["nav_menu_item"], 70)

    def test_comments_keep_their_threads(self):
        made = self.assert_comments_are_imported_with_their_threads()
        self.assertTrue(any(comment.depth >= 2 for comment in made.values()))

    def test_topics_include_the_non_latin_tag(self):
        greek = Topic.objects.get(name="content περιεχόμενο")
        self.assertTrue(Article.objects.in_topic(greek).exists())
        self.assertEqual(self.client.get(greek.get_absolute_url()).status_code, 200)

    def test_password_protected_and_sticky_posts_are_reported(self):
        changes = " ".join(what for _, what in self.summary.changes)
        self.assertIn("password-protected post imported as a draft", changes)
        self.assertIn("sticky post imported as an ordinary article", changes)

    def test_pages_show_nothing_raw_or_unsafe(self):
        self.assert_pages_are_clean()

    def test_old_permalinks_redirect(self):
        article = self.imported().get(wp_id=1177).article
        with with_redirects():
            response = self.client.get("/2013/01/10/markup-image-alignment/")
            self.assertEqual(response.status_code, 301)
            self.assertEqual(response["Location"], article.get_absolute_url())


class ThemePreviewTestCase(RealExportTestCase):
    file_name = "theme-preview.xml"

    def test_every_post_and_comment_is_imported(self):
        self.assertEqual(len(self.in_file), 7)
        self.assert_every_post_is_imported()
        self.assert_comments_are_imported_with_their_threads()
        self.assertEqual(Comment.objects.approved().count(), 2)

    def test_bare_categories_become_topics(self):
        article = self.imported().get(wp_id=19).article
        self.assertEqual(article.primary_topic.name, "Uncategorized")
        self.assertEqual(sorted(t.name for t in article.topics.all()), ["boat", "lake"])

    def test_pages_show_nothing_raw_or_unsafe(self):
        self.assert_pages_are_clean()

    def test_short_links_redirect(self):
        article = self.imported().get(wp_id=36).article
        with with_redirects():
            self.assertRedirects(
                self.client.get("/?p=36"), article.get_absolute_url(), status_code=301
            )
