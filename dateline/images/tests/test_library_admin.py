"""The media library in the newsroom's admin: a list with thumbnails and a search, the
stories that use each picture, deletion refused while any does, the same upload checks as
lead images, and the picker the body editor opens."""

from html import unescape

from django.contrib.auth.models import Group, Permission

from dateline.images.body_pictures import figure_markup
from dateline.images.models import LibraryImage
from dateline.images.tests.base import ImagesTestCase, image_bytes, upload
from dateline.images.tests.test_body_pictures import body_of
from dateline.newsroom import roles
from dateline.test import make_staff

LIBRARY = "/admin/images/libraryimage/"
PICKER = "/admin/images/libraryimage/picker/"


class LibraryAdminTestCase(ImagesTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.alice)  # an editor
        self.chart = self.add_to_library("soy-harvest.png")

    def change_url(self, image):
        return f"{LIBRARY}{image.pk}/change/"

    def test_the_library_lists_each_picture_with_a_thumbnail_and_how_many_stories_use_it(self):
        self.place_in_body(self.article, self.chart)
        self.place_in_body(self.make_article("Harvest losses"), self.chart)
        thumbnail = self.chart.thumbnail

        r = self.client.get(LIBRARY)

        self.assertContains(
            r,
            f'<img src="{thumbnail["url"]}" width="120" height="68" '
            'alt="Bar chart: the soy harvest fell by a third">',
            html=True,
        )
        self.assertContains(r, "soy-harvest.png")
        self.assertContains(r, '<td class="field-uses">2</td>', html=True)

    def test_editors_search_it_by_caption_credit_file_name_or_alt_text(self):
        self.add_to_library(
            "seats.png", alt_text="Seats in Congress", caption="", credit="Photo: Jane Doe"
        )

        for words, shown in [
            ("drought", "soy-harvest.png"), ("Jane Doe", "seats.png"),
            ("soy-harvest", "soy-harvest.png"), ("congress", "seats.png"),
        ]:  # fmt: skip
            with self.subTest(words=words):
                r = self.client.get(LIBRARY, {"q": words})
                self.assertContains(r, shown)
                other = {"soy-harvest.png", "seats.png"} - {shown}
                self.assertNotContains(r, other.pop())

    def test_its_page_lists_the_stories_that_use_it_with_links(self):
        self.place_in_body(self.article, self.chart)

        r = self.client.get(self.change_url(self.chart))

        self.assertContains(
            r,
            f'<a href="/admin/articles/article/{self.article.pk}/change/">'
            "Talks resume in Strelna</a>",
            html=True,
        )

    def test_an_unused_picture_says_it_can_be_deleted(self):
        r = self.client.get(self.change_url(self.chart))
        self.assertContains(r, "No story yet: it can be deleted.")

    def test_deleting_a_picture_in_use_is_refused_with_the_stories_that_use_it(self):
        self.place_in_body(self.article, self.chart)
        delete_url = f"{LIBRARY}{self.chart.pk}/delete/"

        page = self.client.get(delete_url)
        refused = self.client.post(delete_url, {"post": "yes"})

        for r in (page, refused):
            self.assertContains(r, "would require deleting the following protected related")
            self.assertContains(
                r,
                f'“Bar chart: the soy harvest fell by a third” is in <a href="/admin/articles/'
                f'article/{self.article.pk}/change/">Talks resume in Strelna</a>',
            )
        self.assertTrue(LibraryImage.objects.filter(pk=self.chart.pk).exists())

    def test_deleting_several_pictures_at_once_is_refused_the_same_way(self):
        unused = self.add_to_library("unused.png", alt_text="An unused map")
        self.place_in_body(self.article, self.chart)
        selected = {"action": "delete_selected", "_selected_action": [self.chart.pk, unused.pk]}

        page = self.client.post(LIBRARY, selected)
        refused = self.client.post(LIBRARY, {**selected, "post": "yes"})

        for r in (page, refused):
            self.assertContains(r, "would require deleting the following protected related")
            self.assertContains(r, "Talks resume in Strelna</a>")
        self.assertEqual(LibraryImage.objects.count(), 2)

    def test_a_picture_no_story_uses_is_deleted_with_its_files(self):
        self.place_in_body(self.article, self.chart)
        self.place_in_body(self.article)  # taken out again

        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(f"{LIBRARY}{self.chart.pk}/delete/", {"post": "yes"})

        self.assertRedirects(r, LIBRARY)
        self.assertFalse(LibraryImage.objects.exists())
        self.assertEqual(self.stored_files(), set())

    def test_an_upload_gets_the_lead_images_checks_and_messages(self):
        fields = {"alt_text": "Farmers wait", "caption": "", "credit": "Photo: Jane Doe"}

        refused = self.client.post(
            f"{LIBRARY}add/", {**fields, "image": upload(b"Not a photo.\n" * 10, "notes.jpg")}
        )
        with self.captureOnCommitCallbacks(execute=True):
            added = self.client.post(
                f"{LIBRARY}add/", {**fields, "image": upload(image_bytes(1000, 600), "Farm.jpg")}
            )

        self.assertContains(refused, "isn&#x27;t an image file that can be read")
        self.assertContains(refused, "at least 600 pixels wide")
        self.assertEqual(added.status_code, 302)
        image = LibraryImage.objects.get(alt_text="Farmers wait")
        self.assertEqual(image.original_filename, "Farm.jpg")
        self.assertTrue(image.is_ready)

    def test_new_words_show_in_every_story_that_uses_the_picture(self):
        other = self.make_article("Harvest losses")
        for article in (self.article, other):
            self.place_in_body(article, self.chart)
            self.assertContains(self.client.get(article.get_absolute_url()), "The drought cut")

        r = self.client.post(
            self.change_url(self.chart),
            {"alt_text": "Chart", "caption": "Corrected caption.", "credit": "Dateline graphic"},
        )

        self.assertEqual(r.status_code, 302)
        for article in (self.article, other):
            body = body_of(self.client.get(article.get_absolute_url()))
            self.assertIn("Corrected caption.", body)
            self.assertNotIn("The drought cut", body)

    def test_the_picker_offers_each_ready_picture_to_insert(self):
        waiting = self.add_to_library("waiting.png", alt_text="Not ready yet")
        LibraryImage.objects.filter(pk=waiting.pk).update(renditions=[])

        r = self.client.get(PICKER)

        self.assertContains(r, 'src="/static/images/picker.js"')
        figures = [unescape(f) for f in r.content.decode().split('data-figure="')[1:]]
        self.assertEqual(len(figures), 1)
        self.assertTrue(figures[0].startswith(figure_markup(self.chart) + '"'))
        self.assertContains(r, "Not ready yet")  # listed, without an "Insert" button

    def test_the_picker_searches_the_library(self):
        self.add_to_library("seats.png", alt_text="Seats in Congress")

        r = self.client.get(PICKER, {"q": "congress"})

        self.assertContains(r, "Seats in Congress")
        self.assertNotContains(r, "soy harvest")

    def test_a_new_picture_uploaded_in_the_picker_is_offered_at_once(self):
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(
                PICKER,
                {
                    "image": upload(image_bytes(1000, 600), "Seats.png"),
                    "alt_text": "Seats in Congress",
                    "caption": "",
                    "credit": "Dateline graphic",
                },
            )
        self.assertRedirects(r, PICKER, fetch_redirect_response=False)

        page = self.client.get(PICKER)

        image = LibraryImage.objects.get(alt_text="Seats in Congress")
        self.assertContains(page, f"data-image=&quot;{image.pk}&quot;")
        self.assertContains(page, "“Seats in Congress” is in the library.")

    def test_the_body_editor_has_the_picture_button_and_the_pickers_address(self):
        r = self.client.get("/admin/articles/article/add/")

        self.assertContains(r, "BodyPicture")
        self.assertContains(r, "/static/images/body_pictures.js")
        self.assertContains(r, PICKER)

    def test_authors_get_the_picture_button(self):
        self.client.force_login(make_staff("erin", roles.AUTHORS))

        r = self.client.get("/admin/articles/article/add/")

        self.assertContains(r, PICKER)
        self.assertEqual(self.client.get(PICKER).status_code, 200)

    def test_a_writer_who_may_not_open_the_library_gets_no_button_but_keeps_pictures(self):
        writer = make_staff("dana", roles.AUTHORS)
        # A site that keeps the library from its writers: articles, and nothing of images.
        stringers = Group.objects.create(name="Stringers")
        stringers.permissions.set(
            Permission.objects.filter(content_type__app_label="articles", codename__in=[
                "add_article", "change_article", "view_article",
            ])
        )  # fmt: skip
        writer.groups.set([stringers])
        self.client.force_login(writer)

        r = self.client.get("/admin/articles/article/add/")

        self.assertContains(r, "BodyPicture")
        self.assertContains(r, "/static/images/body_pictures.js")  # reads and writes them
        self.assertNotContains(r, PICKER)
        self.assertEqual(self.client.get(PICKER).status_code, 403)

    def test_readers_and_outsiders_get_no_picker(self):
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(PICKER).status_code, 302)  # to the admin's log-in
