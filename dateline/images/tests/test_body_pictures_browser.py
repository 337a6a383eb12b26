"""Library pictures in a real browser, Playwright driving Debian's Chromium under the
production settings (DEBUG off, the Content-Security-Policy on): an editor places one with
the body editor's button and the library's picker, and readers' pages load it lazily, from
the WebP renditions its srcset offers, in a box that keeps its size."""

import re
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.articles.sanitize import sanitize_html
from dateline.articles.services import publish_article, set_authors
from dateline.authors.models import Author
from dateline.images.body_pictures import figure_markup
from dateline.images.models import LibraryImage
from dateline.images.renditions import delete_files
from dateline.images.services import add_library_image
from dateline.images.tests.base import image_bytes
from dateline.newsroom import roles
from dateline.test import BrowserTestCase, expect, make_staff
from dateline.topics.models import Topic

PARAGRAPH = "<p>{}: negotiators met again on Monday and agreed to meet again next week.</p>"


class BodyPicturesInBrowserTestCase(BrowserTestCase):
    def setUp(self):
        super().setUp()
        # The media folder the live server serves is the run's own (MEDIA_ROOT, read when
        # the URLs were loaded): the pictures made here are removed from it afterwards.
        self.addCleanup(self.delete_picture_files)
        self.world = Topic.objects.create(name="World", slug="world")
        self.author = Author.objects.create(display_name="Alice Example", slug="alice-example")
        self.chart = add_library_image(
            ContentFile(image_bytes(1200, 675, image_format="PNG"), name="harvest-chart.png"),
            alt_text="Bar chart: the soy harvest fell by a third",
            caption="The drought cut the harvest.",
            credit="Dateline graphic",
        )
        self.chart.refresh_from_db()  # its renditions were made as it was committed

    def delete_picture_files(self):
        for image in LibraryImage.objects.all():
            delete_files(image.image.storage, image.stored_names())

    def test_a_picture_far_down_the_story_waits_for_the_reader_then_loads_from_srcset(self):
        body = "".join(PARAGRAPH.format(n) for n in range(1, 60))
        article = Article.objects.create(
            headline="Harvest talks", slug="harvest-talks", primary_topic=self.world,
            body=body + figure_markup(self.chart) + PARAGRAPH.format("Last"),
        )  # fmt: skip
        set_authors(article, [self.author])
        publish_article(article, at=now() - timedelta(hours=1))
        page = self.open_page()
        page.set_viewport_size({"width": 390, "height": 800})
        fetched = []
        page.on("request", lambda r: r.resource_type == "image" and fetched.append(r.url))

        page.goto(self.live_server_url + article.get_absolute_url(), wait_until="load")

        picture = page.locator(".article-body .body-picture img")
        self.assertEqual(picture.get_attribute("loading"), "lazy")
        offered = [
            self.live_server_url + candidate.split()[0]
            for candidate in page.locator(".article-body .body-picture source")
            .get_attribute("srcset")
            .split(", ")
        ]
        before = picture.bounding_box()
        self.assertGreater(before["y"], 4000)  # far below the fold
        self.assertEqual([url for url in fetched if url in offered], [])
        # Its width and height attributes give it its shape before a byte of it arrives.
        self.assertAlmostEqual(before["height"], before["width"] * 450 / 800, delta=1)

        picture.scroll_into_view_if_needed()
        picture.evaluate("image => image.decode()")  # waits until it has loaded

        current = picture.evaluate("image => image.currentSrc")
        self.assertIn(current, offered)
        self.assertTrue(current.endswith("-480w.webp"), current)  # the column on a phone
        after = picture.bounding_box()
        self.assertAlmostEqual(after["height"], before["height"], delta=1)  # nothing shifts
        caption = page.locator(".article-body .body-picture figcaption")
        expect(caption).to_have_text("The drought cut the harvest. Dateline graphic")
        self.assertEqual(page.problems, [])

    def test_an_editor_places_a_picture_from_the_library_with_the_toolbar(self):
        editor = make_staff("eli", roles.EDITORS)
        Author.objects.create(user=editor, display_name="Eli Editor", slug="eli-editor")
        page = self.open_page()
        self.log_in(page, "eli")
        page.goto(self.live_server_url + "/admin/articles/article/add/")
        page.fill("#id_headline", "Harvest losses mount")
        page.locator(".prose-editor .ProseMirror[contenteditable=true]").click()
        page.keyboard.type("Farmers counted their losses on Monday.")

        # What goes wrong in the picker's window counts too (a blocked script is an error).
        page.context.on(
            "console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}")
        )
        with page.expect_popup() as opened:
            page.locator(".prose-menubar button[data-name=bodyPicture]").click()
        picker = opened.value
        picker.wait_for_load_state()
        picker.fill("#picker-q", "harvest")
        picker.click("#changelist-search button")
        with picker.expect_event("close"):
            picker.get_by_role("button", name="Insert").click()

        expect(page.locator(".ProseMirror figure.body-picture img")).to_have_attribute(
            "alt", "Bar chart: the soy harvest fell by a third"
        )
        written = page.input_value("#id_body")
        self.assertEqual(
            written, "<p>Farmers counted their losses on Monday.</p>" + figure_markup(self.chart)
        )
        self.assertEqual(sanitize_html(written), written)

        page.locator(".field-primary_topic .select2-selection").click()
        page.locator(".select2-container--open .select2-search__field").fill("Wor")
        page.locator(".select2-results__option", has_text="World").click()
        page.select_option("#id_status", Article.Status.PUBLISHED)
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
        article = Article.objects.get(headline="Harvest losses mount")
        self.assertEqual(article.body, written)
        self.assertEqual([use.image for use in article.library_image_uses.all()], [self.chart])

        # Opened again and edited around it, the picture is written back as it was read.
        page.goto(self.live_server_url + f"/admin/articles/article/{article.pk}/change/")
        page.locator(".ProseMirror p", has_text="Farmers").click()
        page.keyboard.press("End")
        page.keyboard.type(" Prices rose.")
        self.assertEqual(
            page.input_value("#id_body"),
            "<p>Farmers counted their losses on Monday. Prices rose.</p>"
            + figure_markup(self.chart),
        )

        page.goto(self.live_server_url + article.get_absolute_url())
        shown = page.locator(".article-body .body-picture img")
        self.assertTrue(re.search(r"-\d+w\.jpg$", shown.get_attribute("src")))
        self.assertEqual(page.problems, [])
