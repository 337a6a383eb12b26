from html.parser import HTMLParser
from unittest import mock

from django.contrib import admin

from dateline.articles.models import Article
from dateline.images.admin import LeadImageInline
from dateline.images.models import LeadImage
from dateline.images.tests.base import ImagesTestCase, camera_jpeg, huge_png, upload


class FormValues(HTMLParser):
    """What a browser would send back from the admin's article form, unchanged."""

    def __init__(self):
        super().__init__()
        self.values, self.in_form, self.select, self.textarea = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "article_form":
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("file", "submit", "button", "reset", "image"):
                self.values.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name and "__prefix__" not in name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.values.setdefault(self.select, []).append(attrs.get("value", ""))
        elif tag == "textarea" and name and "__prefix__" not in name:
            self.textarea = name
            self.values[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea][0] += data


class LeadImageInlineTestCase(ImagesTestCase):
    def setUp(self):
        super().setUp()
        article_admin = admin.site._registry[Article]
        if LeadImageInline not in article_admin.inlines:
            self.enterContext(
                mock.patch.object(
                    article_admin, "inlines", [*article_admin.inlines, LeadImageInline]
                )
            )
        self.client.force_login(self.alice)
        self.draft = self.make_article("Harvest talks stall", status=Article.Status.DRAFT)
        self.change_url = f"/admin/articles/article/{self.draft.pk}/change/"

    def post_with_image(self, image, **fields):
        page = self.client.get(self.change_url)
        self.assertEqual(page.status_code, 200)
        parser = FormValues()
        parser.feed(page.content.decode())
        data = {
            **parser.values,
            "lead_image-0-image": image,
            "lead_image-0-alt_text": "Farmers wait outside the ministry",
            "lead_image-0-caption": "",
            "lead_image-0-credit": "Photo: Jane Doe / Agency",
            **fields,
        }
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.change_url, data)

    def test_the_article_form_offers_a_lead_image(self):
        r = self.client.get(self.change_url)
        self.assertContains(r, 'enctype="multipart/form-data"')
        self.assertContains(r, 'name="lead_image-TOTAL_FORMS"')
        self.assertContains(r, 'name="lead_image-0-image"')
        self.assertContains(r, "at least 600 pixels wide")

    def test_editors_add_a_lead_image_and_see_its_preview(self):
        r = self.post_with_image(upload(camera_jpeg(2000, 1333)))

        self.assertEqual(r.status_code, 302)
        lead_image = LeadImage.objects.get(article=self.draft)
        self.assertEqual(len(lead_image.renditions), 5)
        page = self.client.get(self.change_url)
        self.assertContains(page, f'<img src="/media/{lead_image.renditions[0]["name"]}"')

    def test_a_text_file_named_jpg_is_refused_with_the_reason(self):
        r = self.post_with_image(upload(b"Not a photo at all.\n" * 10, "notes.jpg"))

        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "isn&#x27;t an image file that can be read")
        self.assertContains(r, "Farmers wait outside the ministry")
        self.assertFalse(LeadImage.objects.exists())
        self.assertEqual(self.stored_files(), set())

    def test_a_decompression_bomb_is_refused_with_the_limit(self):
        r = self.post_with_image(upload(huge_png(30000, 30000), "bomb.png"))

        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "the limit is 40 megapixels")
        self.assertFalse(LeadImage.objects.exists())

    def test_a_missing_credit_is_refused(self):
        r = self.post_with_image(upload(camera_jpeg()), **{"lead_image-0-credit": ""})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "This field is required.")
        self.assertFalse(LeadImage.objects.exists())

    def test_editors_remove_the_lead_image_and_its_files(self):
        self.post_with_image(upload(camera_jpeg()))
        page = self.client.get(self.change_url)
        parser = FormValues()
        parser.feed(page.content.decode())

        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(self.change_url, {**parser.values, "lead_image-0-DELETE": "on"})

        self.assertEqual(r.status_code, 302)
        self.assertFalse(LeadImage.objects.exists())
        self.assertEqual(self.stored_files(), set())
