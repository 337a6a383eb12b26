"""`manage.py import_wordpress` on small hand-written exports."""

from datetime import UTC, datetime
from io import BytesIO
from unittest import mock

from django.contrib.auth.models import User
from django.core.management.base import CommandError
from PIL import Image

from dateline.articles.models import Article
from dateline.authors.models import Author
from dateline.comments.models import Comment
from dateline.images.models import LeadImage
from dateline.related.models import RelatedLink
from dateline.topics.models import Topic
from dateline.wordpress.tests.base import (
    ImportedComment,
    ImportedPost,
    ImportTestCase,
    WordPressImport,
    WordPressRedirect,
    comment_xml,
    item_xml,
    only_own_scripts,
    with_redirects,
    wxr,
)
from dateline.wordpress.tests.test_wxr import BILLION_LAUGHS, EXTERNAL_ENTITY

# "ειρήνη" (peace), percent-encoded as WordPress stores a non-Latin slug.
GREEK_SLUG = "%ce%b5%ce%b9%cf%81%ce%ae%ce%bd%ce%b7"
THREAD = (
    comment_xml(101, body="First!", email="first-secret@example.org", name="Ana"),
    comment_xml(102, body="A reply to Ana.", parent=101, email="reply-secret@example.org"),
    comment_xml(103, body="A reply to the reply.", parent=102),
    comment_xml(104, body="Held one.", approved="0"),
    comment_xml(105, body="Buy pills", approved="spam"),
    comment_xml(106, body="Binned", approved="trash"),
    comment_xml(107, body="Pinged", kind="pingback"),
)


def jpeg(path, width):
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = BytesIO()
    Image.new("RGB", (width, width * 2 // 3), (30, 90, 200)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())


class ImportPostsTestCase(ImportTestCase):
    def test_it_imports_a_post_with_its_author_topics_dek_and_body(self):
        self.run_import(
            wxr(
                item_xml(
                    10,
                    title="Talks resume in Strelna",
                    excerpt="<p>Negotiators <em>returned</em>.</p>",
                    categories=(("news", "News"), ("europe", "Europe")),
                    tags=(("diplomacy", "Diplomacy"), (GREEK_SLUG, "ειρήνη")),
                )
            )
        )  # fmt: skip
        article = Article.objects.get(wordpress_post__wp_id=10)
        self.assertEqual(article.headline, "Talks resume in Strelna")
        self.assertEqual(article.dek, "Negotiators returned.")
        self.assertEqual(
            article.body,
            "<p>Negotiators met again on Monday.</p>\n<p>They will meet again next week.</p>",
        )
        self.assertEqual(article.status, Article.Status.PUBLISHED)
        self.assertEqual(article.published_at, datetime(2013, 1, 10, 14, 30, tzinfo=UTC))
        self.assertIsNone(article.updated_at)
        self.assertEqual(article.primary_topic.slug, "news")
        greek = Topic.objects.get(name="ειρήνη")
        self.assertRegex(greek.slug, r"^[a-z0-9-]+$")
        self.assertEqual({t.name for t in article.topics.all()}, {"Europe", "Diplomacy", "ειρήνη"})
        self.assertEqual([a.display_name for a in article.byline_authors], ["Jane Doe"])
        user = Author.objects.get(display_name="Jane Doe").user
        self.assertEqual((user.username, user.email), ("jdoe", "jdoe@old.example.com"))
        self.assertFalse(user.has_usable_password())
        # The greek topic's page works (its address is ASCII).
        self.assertEqual(self.client.get(greek.get_absolute_url()).status_code, 200)

    def test_statuses_map_to_the_workflow_and_odd_posts_are_reported(self):
        output = self.run_import(
            wxr(
                item_xml(1, status="publish"),
                item_xml(2, status="draft", date="0000-00-00 00:00:00"),
                item_xml(3, status="pending"),
                item_xml(4, status="future", date="2099-05-01 08:00:00"),
                item_xml(5, status="private"),
                item_xml(6, password="secret"),
                item_xml(7, sticky=True),
                item_xml(8, status="trash"),
                item_xml(9, post_type="page", title="About us"),
                item_xml(10, post_type="nav_menu_item", title="Home"),
            )
        )
        states = {
            p.wp_id: (p.article.status, p.article.is_scheduled)
            for p in ImportedPost.objects.select_related("article")
        }
        self.assertEqual(
            states,
            {
                1: ("published", False),
                2: ("draft", False),
                3: ("review", False),
                4: ("published", True),
                5: ("draft", False),
                6: ("draft", False),
                7: ("published", False),
            },
        )
        self.assertIn("password-protected post imported as a draft", output)
        self.assertIn("sticky post imported as an ordinary article", output)
        self.assertIn("private post imported as a draft", output)
        self.assertIn("in the WordPress trash", output)
        self.assertIn("1 page: pages are not news articles", output)
        self.assertIn("1 nav menu item: menu entries", output)
        self.assertIn("As articles: 2 published, 1 scheduled, 3 draft, 1 in review.", output)

    def test_a_scheduled_post_has_its_related_list_and_shows_in_none_before_its_time(self):
        pipeline = "Engineers repaired the Ardak gas pipeline near the pumping station."
        self.run_import(
            wxr(
                item_xml(1, title="Ardak pipeline sabotage foiled", body=pipeline),
                item_xml(2, title="Ardak pipeline repairs begin", body=pipeline + " Welders."),
                item_xml(3, title="Ardak pipeline reopens", body=pipeline + " Gas flows.",
                         status="future", date="2099-05-01 08:00:00"),
            )
        )  # fmt: skip
        posts = {p.wp_id: p.article for p in ImportedPost.objects.select_related("article")}

        self.assertTrue(posts[3].is_scheduled)
        self.assertEqual(
            set(RelatedLink.objects.filter(article=posts[3]).values_list("related", flat=True)),
            {posts[1].pk, posts[2].pk},
        )
        for live in (posts[1], posts[2]):
            page = self.client.get(live.get_absolute_url()).content.decode()
            self.assertNotIn("Ardak pipeline reopens", page)

    def test_last_updated_is_set_only_for_a_meaningful_later_change(self):
        self.run_import(
            wxr(
                item_xml(1, date="2013-01-10 14:30:00", modified="2013-01-10 14:50:00"),
                item_xml(2, date="2013-01-10 14:30:00", modified="2013-01-13 09:00:00"),
            )
        )
        typo_fix = Article.objects.get(wordpress_post__wp_id=1)
        updated = Article.objects.get(wordpress_post__wp_id=2)
        self.assertIsNone(typo_fix.updated_at)
        self.assertFalse(typo_fix.was_updated)
        self.assertEqual(updated.updated_at, datetime(2013, 1, 13, 9, 0, tzinfo=UTC))

    def test_a_bulk_edit_day_is_not_a_public_update(self):
        items = [
            item_xml(n, date=f"2012-03-{n:02d} 10:00:00", modified="2014-06-01 12:00:00")
            for n in range(1, 25)
        ]
        output = self.run_import(wxr(*items))
        self.assertFalse(Article.objects.filter(updated_at__isnull=False).exists())
        self.assertIn("a bulk edit", output)

    def test_long_addresses_and_long_excerpts_still_fit_the_card_excerpt(self):
        url = "https://www.instagram.com/p/" + "x" * 150 + "/"
        self.run_import(
            wxr(
                item_xml(1, body=f"Embeds:\n\n{url}\n\n{url}\n\n{url}\n\nThe end."),
                item_xml(2, excerpt="word " * 100),
            )
        )
        for article in Article.objects.all():
            self.assertLessEqual(len(article.excerpt), 400)
            self.assertLessEqual(len(article.dek), 400)
        # make_excerpt caps the excerpt itself; no summary is invented for the post.
        self.assertEqual(Article.objects.get(wordpress_post__wp_id=1).dek, "")

    def test_a_post_without_category_goes_under_uncategorized(self):
        self.run_import(wxr(item_xml(1, categories=(), tags=(("x", "X"),))))
        article = Article.objects.get()
        self.assertEqual(article.primary_topic.name, "Uncategorized")
        self.assertEqual([t.name for t in article.topics.all()], ["X"])

    def test_shortcodes_and_block_markup_never_reach_the_page(self):
        body = (
            "<!-- wp:paragraph -->\n<p>Intro</p>\n<!-- /wp:paragraph -->\n"
            '<!-- wp:shortcode -->\n[caption id="a" width="300"]<img src="https://old.example'
            '.com/a.jpg" /> A caption[/caption]\n<!-- /wp:shortcode -->\n'
            '<!-- wp:html -->\n<script>alert("x")</script>[polldaddy poll="1"]\n<!-- /wp:html -->'
        )
        output = self.run_import(wxr(item_xml(1, body=body)))
        page = self.client.get(Article.objects.get().get_absolute_url()).content.decode()
        for raw in ("[caption", "<!-- wp:", "[polldaddy", "alert("):
            self.assertNotIn(raw, page)
        self.assertEqual(only_own_scripts(page), [])
        self.assertIn("<figcaption>A caption</figcaption>", page)
        self.assertIn("shortcodes removed (nothing to show outside WordPress): [polldaddy]", output)


class ReimportTestCase(ImportTestCase):
    def test_importing_again_updates_instead_of_duplicating(self):
        first = wxr(item_xml(1, title="Old headline", comments=THREAD), item_xml(2))
        self.run_import(first)
        article = Article.objects.get(wordpress_post__wp_id=1)
        counts = (
            Article.objects.count(), Comment.objects.count(), Topic.objects.count(),
            Author.objects.count(), User.objects.count(), WordPressRedirect.objects.count(),
        )  # fmt: skip

        output = self.run_import(first)
        self.assertIn("0 created, 0 updated, 2 unchanged", output)

        second = wxr(
            item_xml(1, title="New headline", comments=THREAD[:2] + (comment_xml(108),)),
            item_xml(2),
        )
        output = self.run_import(second)
        self.assertIn("0 created, 1 updated, 1 unchanged", output)
        self.assertEqual(
            counts[:1] + counts[2:],
            (Article.objects.count(), Topic.objects.count(), Author.objects.count(),
             User.objects.count(), WordPressRedirect.objects.count()),
        )  # fmt: skip
        article.refresh_from_db()
        self.assertEqual(article.headline, "New headline")
        self.assertEqual(article.slug, "post-1")
        # Comments are matched by WordPress id: one more, none twice.
        self.assertEqual(Comment.objects.count(), counts[1] + 1)
        self.assertEqual(ImportedComment.objects.filter(wp_id=101).count(), 1)

    def test_an_editors_status_change_survives_another_import(self):
        export = wxr(item_xml(1, status="draft"))
        self.run_import(export)
        article = Article.objects.get()
        article.status, article.published_at = Article.Status.PUBLISHED, self.now()
        article.save()
        output = self.run_import(export)
        article.refresh_from_db()
        self.assertEqual(article.status, Article.Status.PUBLISHED)
        self.assertIn("kept the status an editor gave it", output)

    def test_a_moderators_verdict_survives_another_import(self):
        export = wxr(item_xml(1, comments=THREAD[3:4]))
        self.run_import(export)
        comment = Comment.objects.get()
        self.assertEqual(comment.status, Comment.Status.PENDING)
        comment.status = Comment.Status.APPROVED
        comment.save()
        self.run_import(export)
        comment.refresh_from_db()
        self.assertEqual(comment.status, Comment.Status.APPROVED)

    def test_an_interrupted_import_can_be_run_again(self):
        export = wxr(item_xml(1), item_xml(2), item_xml(3))
        original = WordPressImport.import_post

        def fail_on_second(run, item, *args):
            if item.post_id == 2:
                raise RuntimeError("the disk is full")
            return original(run, item, *args)

        with (
            mock.patch.object(WordPressImport, "import_post", fail_on_second),
            self.assertRaisesMessage(CommandError, "1 posts could not be imported"),
        ):
            self.run_import(export)
        # Whole posts only: 1 and 3 are in, nothing of 2.
        self.assertEqual(sorted(ImportedPost.objects.values_list("wp_id", flat=True)), [1, 3])
        output = self.run_import(export)
        self.assertIn("1 created, 0 updated, 2 unchanged, 0 failed", output)
        self.assertEqual(Article.objects.count(), 3)

    def test_ctrl_c_keeps_whole_posts_and_prints_what_was_done(self):
        export = wxr(item_xml(1), item_xml(2), item_xml(3))
        original = WordPressImport.import_post

        def interrupt_on_third(run, item, *args):
            if item.post_id == 3:
                raise KeyboardInterrupt
            return original(run, item, *args)

        with (
            mock.patch.object(WordPressImport, "import_post", interrupt_on_third),
            self.assertRaises(SystemExit) as caught,
        ):
            self.run_import(export)
        self.assertEqual(caught.exception.code, 130)
        self.assertEqual(sorted(ImportedPost.objects.values_list("wp_id", flat=True)), [1, 2])
        output = self.run_import(export)
        self.assertIn("1 created, 0 updated, 2 unchanged", output)

    def test_a_dry_run_saves_nothing(self):
        output = self.run_import(wxr(item_xml(1, comments=THREAD)), "--dry-run")
        self.assertIn("Dry run, nothing was saved", output)
        self.assertIn("1 created", output)
        self.assertFalse(Article.objects.exists())
        self.assertFalse(User.objects.filter(username="jdoe").exists())

    def now(self):
        from django.utils.timezone import now

        return now()


class CommentsTestCase(ImportTestCase):
    def test_comments_keep_their_threads_and_statuses(self):
        output = self.run_import(wxr(item_xml(1, comments=THREAD)))
        by_id = {
            row.wp_id: row.comment for row in ImportedComment.objects.select_related("comment")
        }
        self.assertNotIn(107, by_id)  # the pingback
        self.assertIn("pingbacks: notices from other blogs, not comments", output)
        self.assertIsNone(by_id[101].parent)
        self.assertEqual((by_id[102].parent, by_id[102].depth), (by_id[101], 1))
        self.assertEqual((by_id[103].parent, by_id[103].depth), (by_id[102], 2))
        self.assertEqual(
            {n: c.status for n, c in by_id.items()},
            {101: "approved", 102: "approved", 103: "approved", 104: "pending", 105: "spam",
             106: "trash"},
        )  # fmt: skip
        self.assertEqual(by_id[101].author_email, "first-secret@example.org")
        self.assertEqual(by_id[101].ip_address, "203.0.113.9")
        self.assertEqual(Article.objects.get().comment_count, 3)

    def test_commenters_emails_never_appear_on_the_article_page(self):
        self.run_import(wxr(item_xml(1, comments=THREAD)))
        page = self.client.get(Article.objects.get().get_absolute_url()).content.decode()
        self.assertIn("A reply to Ana.", page)
        self.assertIn("Ana", page)
        for secret in ("first-secret@example.org", "reply-secret@example.org", "203.0.113.9"):
            self.assertNotIn(secret, page)


class RedirectsTestCase(ImportTestCase):
    def setUp(self):
        super().setUp()
        self.enterContext(with_redirects())
        self.run_import(
            wxr(
                item_xml(41, slug="talks-resume", date="2013-01-10 14:30:00"),
                item_xml(42, slug="", link="https://old.example.com/?p=42"),
                item_xml(43, slug="unfinished", status="draft"),
            )
        )
        self.article = Article.objects.get(wordpress_post__wp_id=41)

    def test_the_old_permalink_redirects_for_good(self):
        for path in ("/2013/01/10/talks-resume/", "/2013/01/10/talks-resume"):
            response = self.client.get(path)
            self.assertEqual(response.status_code, 301)
            self.assertEqual(response["Location"], self.article.get_absolute_url())

    def test_the_p_short_link_redirects_for_good(self):
        response = self.client.get("/?p=41")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], self.article.get_absolute_url())
        other = Article.objects.get(wordpress_post__wp_id=42)
        self.assertRedirects(
            self.client.get("/index.php?p=42"), other.get_absolute_url(), status_code=301
        )

    def test_a_draft_is_not_redirected_to(self):
        self.assertEqual(self.client.get("/2013/01/10/unfinished/").status_code, 404)
        # The front page, without the parameter (each ?p= would be a cached page of its own).
        self.assertRedirects(self.client.get("/?p=43"), "/", status_code=301)
        self.assertRedirects(self.client.get("/?p=x&utm_source=a"), "/?utm_source=a",
                             status_code=301, fetch_redirect_response=False)  # fmt: skip
        self.assertRedirects(self.client.get("/?p=" + "9" * 40), "/", status_code=301)
        self.assertRedirects(self.client.get("/?p=²"), "/", status_code=301)
        self.assertEqual(self.client.get("/%00/").status_code, 404)
        self.assertEqual(self.client.get("/2013/01/10/unfinished/?p=²").status_code, 404)

    def test_other_pages_are_left_alone(self):
        self.assertEqual(self.client.get("/no/such/page/").status_code, 404)
        self.assertEqual(self.client.get("/").status_code, 200)


class HostileFilesTestCase(ImportTestCase):
    def assert_refused(self, data, line, words):
        self.run_import(wxr(item_xml(1)))
        before = (Article.objects.count(), Topic.objects.count(), User.objects.count(),
                  Comment.objects.count(), ImportedPost.objects.count())  # fmt: skip
        with self.assertRaises(CommandError) as caught:
            self.run_import(data)
        message = str(caught.exception)
        self.assertIn(f"line {line}:", message)
        self.assertIn(words, message)
        self.assertIn("Nothing was imported", message)
        after = (Article.objects.count(), Topic.objects.count(), User.objects.count(),
                 Comment.objects.count(), ImportedPost.objects.count())  # fmt: skip
        self.assertEqual(before, after)

    def test_a_billion_laughs_file_changes_nothing(self):
        self.assert_refused(BILLION_LAUGHS, 2, "billion laughs")

    def test_an_external_entity_file_changes_nothing(self):
        self.assert_refused(EXTERNAL_ENTITY, 3, "external entities")

    def test_a_truncated_file_changes_nothing(self):
        full = wxr(item_xml(2, title="Second"), item_xml(3, title="Third"))
        cut = full[: full.index("<wp:post_id>3")]
        self.assert_refused(cut, cut.count("\n") + 1, "cut short")


class LeadImagesTestCase(ImportTestCase):
    def export_with_featured_image(self, attached_file):
        return wxr(
            item_xml(
                500, post_type="attachment", title="Harbour at dawn", status="inherit",
                parent=1, excerpt="Photo: Ana Lima", attachment_url=(
                    "https://old.example.com/wp-content/uploads/2013/01/harbour.jpg"),
                meta=(("_wp_attached_file", attached_file),
                      ("_wp_attachment_image_alt", "Fishing boats in the harbour at dawn")),
            ),
            item_xml(1, meta=(("_thumbnail_id", "500"),)),
        )  # fmt: skip

    def test_with_uploads_the_featured_image_becomes_the_lead_image(self):
        uploads = self.folder / "uploads"
        jpeg(uploads / "2013/01/harbour.jpg", 1200)
        output = self.run_import(
            self.export_with_featured_image("2013/01/harbour.jpg"), "--uploads", str(uploads)
        )
        lead = LeadImage.objects.get()
        self.assertEqual(lead.alt_text, "Fishing boats in the harbour at dawn")
        self.assertEqual(lead.credit, "Photo: Ana Lima")
        self.assertEqual((lead.width, lead.height), (1200, 800))
        self.assertTrue(lead.renditions)  # made once the post was committed
        self.assertIn("Lead images: 1 imported", output)
        # Again: nothing new is copied.
        output = self.run_import(
            self.export_with_featured_image("2013/01/harbour.jpg"), "--uploads", str(uploads)
        )
        self.assertIn("Lead images: 0 imported, 1 unchanged", output)
        self.assertEqual(LeadImage.objects.count(), 1)

    def test_an_image_the_checks_refuse_keeps_its_address(self):
        uploads = self.folder / "uploads"
        jpeg(uploads / "2013/01/harbour.jpg", 300)
        output = self.run_import(
            self.export_with_featured_image("2013/01/harbour.jpg"), "--uploads", str(uploads)
        )
        self.assertFalse(LeadImage.objects.exists())
        self.assertIn("featured image refused as a lead image", output)
        self.assertIn("at least 600 pixels wide", output)

    def test_a_path_outside_the_uploads_folder_is_not_read(self):
        uploads = self.folder / "uploads"
        jpeg(self.folder / "secret.jpg", 1200)
        uploads.mkdir()
        output = self.run_import(
            self.export_with_featured_image("../secret.jpg"), "--uploads", str(uploads)
        )
        self.assertFalse(LeadImage.objects.exists())
        self.assertIn("not found under --uploads", output)

    def test_without_uploads_the_address_is_kept_and_listed(self):
        output = self.run_import(self.export_with_featured_image("2013/01/harbour.jpg"))
        self.assertFalse(LeadImage.objects.exists())
        self.assertEqual(
            ImportedPost.objects.get(wp_id=1).featured_image_url,
            "https://old.example.com/wp-content/uploads/2013/01/harbour.jpg",
        )
        self.assertIn(
            "post 1 “Talks resume in Strelna”: "
            "https://old.example.com/wp-content/uploads/2013/01/harbour.jpg",
            output,
        )
