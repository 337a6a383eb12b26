"""The media library (LibraryImage): pictures uploaded once for article bodies, held to the
lead images' checks, given the same renditions, found by their words or file name."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from dateline.images.forms import LibraryImageForm
from dateline.images.models import LibraryImage
from dateline.images.services import add_library_image
from dateline.images.tests.base import ImagesTestCase, camera_jpeg, image_bytes, upload


class MediaLibraryTestCase(ImagesTestCase):
    def test_a_picture_in_the_library_gets_the_lead_images_renditions(self):
        image = self.add_to_library("Harvest Chart.png")

        self.assertTrue(image.is_ready)
        self.assertEqual([r["width"] for r in image.webp_renditions], [480, 800, 1200])
        self.assertEqual((image.fallback["width"], image.fallback["height"]), (800, 450))
        self.assertEqual((image.width, image.height), (1200, 675))
        self.assertEqual(image.original_filename, "Harvest Chart.png")
        self.assertTrue(image.image.name.startswith("library/"))
        self.assertTrue(image.renditions[0]["name"].startswith(f"library/renditions/{image.pk}/"))
        self.assertEqual(self.stored_files(), set(image.stored_names()))

    def test_its_renditions_carry_no_camera_metadata(self):
        form = LibraryImageForm(
            {"alt_text": "Farmers wait", "caption": "", "credit": "Photo: Jane Doe"},
            {"image": upload(camera_jpeg(), "IMG_0042.JPG")},
        )
        self.assertTrue(form.is_valid(), form.errors)
        with self.captureOnCommitCallbacks(execute=True):
            image = form.save()
        image.refresh_from_db()

        self.assertEqual(image.original_filename, "IMG_0042.JPG")
        for rendition in image.renditions:
            self.assertNotIn(b"secret location", self.read_stored(rendition["name"]))

    def test_it_refuses_what_the_lead_image_form_refuses_with_the_same_message(self):
        form = LibraryImageForm(
            {"alt_text": "A thumbnail", "credit": "Dateline graphic"},
            {"image": upload(image_bytes(500, 400), "thumb.jpg")},
        )

        self.assertFalse(form.is_valid())
        self.assertEqual(
            form.errors["image"],
            [
                "“thumb.jpg” is 500 pixels wide; a picture must be at least 600 pixels "
                "wide to look sharp on large screens."
            ],
        )
        with self.assertRaises(ValidationError):
            add_library_image(ContentFile(b"not a picture", name="notes.jpg"), alt_text="x",
                              credit="y")  # fmt: skip
        self.assertFalse(LibraryImage.objects.exists())
        self.assertEqual(self.stored_files(), set())

    def test_alt_text_and_credit_are_required(self):
        form = LibraryImageForm({"caption": "A chart"}, {"image": upload(image_bytes(800, 450))})

        self.assertFalse(form.is_valid())
        self.assertEqual(set(form.errors), {"alt_text", "credit"})

    def test_its_file_stays_the_one_the_stories_show(self):
        image = self.add_to_library()

        form = LibraryImageForm(
            {"alt_text": "A new alt text", "caption": "", "credit": "Dateline graphic"},
            {"image": upload(image_bytes(900, 500), "other.jpg")},
            instance=image,
        )

        self.assertTrue(form.fields["image"].disabled)
        self.assertTrue(form.is_valid(), form.errors)
        self.assertNotIn("image", form.changed_data)

    def test_it_is_found_by_caption_credit_alt_text_or_file_name(self):
        harvest = self.add_to_library("soy-harvest.png", caption="The drought cut the harvest.")
        seats = self.add_to_library(
            "seats.png", alt_text="Bar chart of seats", caption="", credit="Photo: Jane Doe"
        )

        def found(words):
            return set(LibraryImage.objects.matching(words))

        self.assertEqual(found("drought"), {harvest})
        self.assertEqual(found("jane doe"), {seats})
        self.assertEqual(found("SEATS"), {seats})
        self.assertEqual(found("soy-harvest"), {harvest})
        self.assertEqual(found("chart graphic"), {harvest})  # every word, anywhere
        self.assertEqual(found(""), {harvest, seats})
