"""Posting from the newsroom: an article's authors and the editors post, pin, edit and take
down updates in seconds; editors start and end coverage."""

import shutil
import tempfile

from django.test import override_settings
from django.urls import reverse
from lxml import html as lxml_html
from reversion.models import Version

from dateline.articles.models import Byline
from dateline.authors.models import Author
from dateline.images.tests.base import image_bytes, upload
from dateline.live.models import Coverage, Entry
from dateline.live.tests.base import LiveTestCase
from dateline.test import make_staff


class ComposerTestCase(LiveTestCase):
    def setUp(self):
        super().setUp()
        self.composer = reverse("admin:articles_article_live", args=[self.article.pk])
        self.reporter = make_staff("rita", "Authors")
        Byline.objects.create(
            article=self.article,
            author=Author.objects.create(user=self.reporter, display_name="Rita", slug="rita"),
        )

    def test_a_reporter_on_the_story_posts_an_update_readers_see(self):
        self.client.force_login(self.reporter)
        page = self.client.get(self.composer)
        self.assertContains(page, "Ctrl+Enter")
        self.assertNotContains(page, "End live coverage")  # editors' call
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.composer,
                {"post": "", "body": "Delegations arrive.\n\nTalks start at noon.",
                 "author": self.reporter.author.pk},
            )  # fmt: skip
        self.assertRedirects(response, self.composer)
        entry = Entry.objects.get()
        self.assertEqual(entry.body, "<p>Delegations arrive.</p><p>Talks start at noon.</p>")
        self.assertEqual(entry.author.display_name, "Rita")
        self.assertContains(self.client.get(self.url), "Talks start at noon.")

    def test_an_empty_update_or_a_picture_without_alt_text_is_sent_back_with_a_message(self):
        self.client.force_login(self.alice)
        response = self.client.post(self.composer, {"post": "", "body": "  "})
        self.assertContains(response, "Write the update first.")
        self.assertFalse(Entry.objects.exists())

    def test_a_reporter_not_on_the_story_cannot_post(self):
        outsider = make_staff("otto", "Authors")
        self.client.force_login(outsider)
        self.assertEqual(self.client.get(self.composer).status_code, 403)
        self.client.post(self.composer, {"post": "", "body": "Hello"})
        self.assertFalse(Entry.objects.exists())

    def test_an_editor_ends_and_restarts_coverage(self):
        self.client.force_login(self.alice)
        self.client.post(self.composer, {"end": ""})
        self.assertFalse(Coverage.objects.get().is_running)
        self.client.post(self.composer, {"start": ""})
        self.assertTrue(Coverage.objects.get().is_running)

    def test_a_reporter_cannot_end_coverage(self):
        self.client.force_login(self.reporter)
        self.assertEqual(self.client.post(self.composer, {"end": ""}).status_code, 403)
        self.assertTrue(Coverage.objects.get().is_running)

    def test_taking_an_update_down_needs_a_reason(self):
        entry = self.post("An unconfirmed report.")
        self.client.force_login(self.alice)
        response = self.client.post(self.composer, {"delete": "", "entry": entry.pk, "reason": ""})
        self.assertContains(response, "Say why: the reason is kept in the log.")
        entry.refresh_from_db()
        self.assertIsNone(entry.deleted_at)
        self.client.post(self.composer, {"delete": "", "entry": entry.pk, "reason": "Unconfirmed"})
        entry.refresh_from_db()
        self.assertEqual(entry.deleted_reason, "Unconfirmed")
        self.assertContains(self.client.get(self.composer), "Taken down")

    def test_pinning_makes_a_key_event(self):
        entry = self.post("Ceasefire signed.")
        self.client.force_login(self.reporter)
        self.client.post(self.composer, {"pin": "", "entry": entry.pk})
        entry.refresh_from_db()
        self.assertTrue(entry.is_pinned)

    def test_an_edit_needs_a_reason_and_keeps_the_old_version(self):
        entry = self.post("Three delegations arrive.")
        self.client.force_login(self.alice)
        change = reverse("admin:live_entry_change", args=[entry.pk])
        response = self.client.post(change, {"body": "Four delegations arrive.", "edit_reason": ""})
        self.assertContains(response, "Say why the update changed")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                change, {"body": "Four delegations arrive.", "edit_reason": "There were four."}
            )
        entry.refresh_from_db()
        self.assertEqual(entry.edit_reason, "There were four.")
        versions = Version.objects.get_for_object(entry)
        self.assertEqual(
            [v.field_dict["body"] for v in versions],
            ["<p>Four delegations arrive.</p>", "<p>Three delegations arrive.</p>"],
        )


class PictureTestCase(LiveTestCase):
    def setUp(self):
        super().setUp()
        media = tempfile.mkdtemp(prefix="dateline-live-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))
        self.composer = reverse("admin:articles_article_live", args=[self.article.pk])
        self.client.force_login(self.alice)

    def send(self, alt):
        picture = upload(image_bytes(800, 600), "harbour.jpg")
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                self.composer,
                {"post": "", "body": "The harbour at dawn.", "image": picture, "image_alt": alt},
            )

    def test_a_picture_shows_with_its_alt_text_and_size(self):
        self.send("Container ships at anchor outside Calvera harbour")
        doc = lxml_html.fromstring(self.client.get(self.url).content)
        img = doc.xpath("//figure[@class='live-entry-image']/img")[0]
        self.assertEqual(img.get("alt"), "Container ships at anchor outside Calvera harbour")
        self.assertEqual((img.get("width"), img.get("height")), ("800", "600"))

    def test_a_picture_without_alt_text_is_sent_back_with_what_was_typed(self):
        response = self.send("")
        self.assertContains(response, "Describe the picture for readers who cannot see it.")
        self.assertContains(response, "The harbour at dawn.")
        self.assertFalse(Entry.objects.exists())

    def test_a_file_that_is_not_a_picture_is_refused_with_a_message(self):
        response = self.client.post(
            self.composer,
            {"post": "", "body": "Hello", "image_alt": "x",
             "image": upload(b"not an image", "harbour.jpg")},
        )  # fmt: skip
        self.assertContains(response, "Upload a valid image")
        self.assertFalse(Entry.objects.exists())
