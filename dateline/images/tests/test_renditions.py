from unittest import mock

from django.core.files.storage import default_storage
from django.test import override_settings
from django_tasks import TaskResultStatus
from PIL import Image

from dateline.images import renditions
from dateline.images.models import LeadImage
from dateline.images.tasks import generate_renditions_task
from dateline.images.tests.base import (
    BLUE,
    RED,
    ImagesTestCase,
    camera_jpeg,
    encode,
    image_bytes,
    upload,
)


def close_to(colour, expected, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


class RenditionsTestCase(ImagesTestCase):
    def test_a_good_jpeg_gets_webp_at_each_width_and_one_jpeg_fallback(self):
        lead_image = self.save_lead_image(camera_jpeg(2000, 1333))

        webp = [(r["width"], r["height"]) for r in lead_image.renditions if r["format"] == "webp"]
        jpeg = [(r["width"], r["height"]) for r in lead_image.renditions if r["format"] == "jpeg"]
        self.assertEqual(webp, [(480, 320), (800, 533), (1200, 800), (1600, 1066)])
        self.assertEqual(jpeg, [(800, 533)])
        self.assertEqual((lead_image.width, lead_image.height), (2000, 1333))
        for rendition in lead_image.renditions:
            with self.open_stored(rendition["name"]) as image:
                self.assertEqual(image.format, rendition["format"].upper())
                self.assertEqual(image.size, (rendition["width"], rendition["height"]))
                self.assertEqual(image.mode, "RGB")

    def test_renditions_carry_no_metadata(self):
        lead_image = self.save_lead_image(camera_jpeg(2000, 1333, orientation=1))

        for rendition in lead_image.renditions:
            with self.open_stored(rendition["name"]) as image:
                self.assertFalse({"exif", "icc_profile", "xmp"} & set(image.info), image.info)
                self.assertEqual(dict(image.getexif()), {})
                self.assertNotIn(b"secret location", self.read_stored(rendition["name"]))

    def test_the_original_and_renditions_are_all_the_files_kept(self):
        lead_image = self.save_lead_image()
        self.assertEqual(self.stored_files(), set(lead_image.stored_names()))
        self.assertEqual(len(lead_image.stored_names()), 1 + 4 + 1)
        self.assertTrue(lead_image.image.name.startswith("lead/"))

    def test_renditions_are_made_once_per_upload(self):
        with mock.patch.object(
            renditions, "generate_renditions", wraps=renditions.generate_renditions
        ) as generate:
            lead_image = self.save_lead_image()
            files = self.stored_files()

            # Editing the words only: no new renditions.
            form = self.lead_image_form({"alt_text": "A long table"}, instance=lead_image)
            self.assertTrue(form.is_valid(), form.errors)
            with self.captureOnCommitCallbacks(execute=True):
                form.save()

        self.assertEqual(generate.call_count, 1)
        self.assertEqual(self.stored_files(), files)

    def test_an_exif_rotated_photo_comes_out_upright(self):
        # Stored landscape, left half red; orientation 6 says "turn a quarter clockwise",
        # so readers see a portrait picture with red on top.
        lead_image = self.save_lead_image(camera_jpeg(1200, 800, orientation=6))

        self.assertEqual((lead_image.width, lead_image.height), (800, 1200))
        widths = [r["width"] for r in lead_image.renditions if r["format"] == "webp"]
        self.assertEqual(widths, [480, 800])
        for rendition in lead_image.renditions:
            with self.open_stored(rendition["name"]) as image:
                image = image.convert("RGB")
                self.assertGreater(image.height, image.width)
                self.assertTrue(close_to(image.getpixel((image.width // 2, 5)), RED))
                self.assertTrue(
                    close_to(image.getpixel((image.width // 2, image.height - 5)), BLUE)
                )

    def test_a_large_photo_is_decoded_at_reduced_size_with_the_same_result(self):
        lead_image = self.save_lead_image(camera_jpeg(6400, 4000, orientation=8))

        self.assertEqual((lead_image.width, lead_image.height), (4000, 6400))
        self.assertEqual(
            [(r["width"], r["height"]) for r in lead_image.renditions],
            [(480, 768), (800, 1280), (1200, 1920), (1600, 2560), (800, 1280)],
        )
        with self.open_stored(lead_image.renditions[0]["name"]) as image:
            # Orientation 8 turns it a quarter anticlockwise: the red left half ends up below.
            image = image.convert("RGB")
            self.assertTrue(close_to(image.getpixel((240, 5)), BLUE))
            self.assertTrue(close_to(image.getpixel((240, 760)), RED))

    def test_it_never_enlarges(self):
        lead_image = self.save_lead_image(image_bytes(1000, 600))
        self.assertEqual(
            [(r["width"], r["format"]) for r in lead_image.renditions],
            [(480, "webp"), (800, "webp"), (480, "jpeg")],
        )

    @override_settings(IMAGES_MIN_WIDTH=300)
    def test_an_original_narrower_than_every_width_keeps_its_own_width(self):
        lead_image = self.save_lead_image(image_bytes(400, 300))
        self.assertEqual(
            [(r["width"], r["format"]) for r in lead_image.renditions],
            [(400, "webp"), (400, "jpeg")],
        )

    @override_settings(IMAGES_RENDITION_WIDTHS=["640", 320, 960])
    def test_the_widths_are_a_setting(self):
        lead_image = self.save_lead_image(image_bytes(1000, 600))
        self.assertEqual(
            [(r["width"], r["format"]) for r in lead_image.renditions],
            [(320, "webp"), (640, "webp"), (960, "webp"), (640, "jpeg")],
        )

    def test_transparent_png_is_flattened_onto_white(self):
        transparent = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
        lead_image = self.save_lead_image(encode(transparent, "PNG"), name="logo.png")
        for rendition in lead_image.renditions:
            with self.open_stored(rendition["name"]) as image:
                self.assertEqual(image.mode, "RGB")
                self.assertTrue(close_to(image.getpixel((10, 10)), (255, 255, 255), 5))

    def test_cmyk_and_greyscale_come_out_rgb(self):
        for mode in ("CMYK", "L"):
            with self.subTest(mode):
                lead_image = self.save_lead_image(
                    image_bytes(800, 600, mode=mode), article=self.make_article(f"A {mode} story")
                )
                with self.open_stored(lead_image.renditions[0]["name"]) as image:
                    self.assertEqual(image.mode, "RGB")

    def test_a_new_upload_replaces_the_old_original_and_renditions(self):
        lead_image = self.save_lead_image(camera_jpeg(2000, 1333))
        old_files = set(lead_image.stored_names())

        lead_image = self.save_lead_image(
            image_bytes(1200, 900, image_format="PNG"), name="new.png", instance=lead_image
        )

        new_files = set(lead_image.stored_names())
        self.assertFalse(old_files & new_files)
        self.assertEqual(self.stored_files(), new_files)
        self.assertEqual((lead_image.width, lead_image.height), (1200, 900))
        self.assertEqual(
            [r["width"] for r in lead_image.renditions if r["format"] == "webp"], [480, 800, 1200]
        )

    def test_deleting_the_lead_image_deletes_its_files(self):
        lead_image = self.save_lead_image()
        with self.captureOnCommitCallbacks(execute=True):
            lead_image.delete()
        self.assertEqual(self.stored_files(), set())

    def test_deleting_the_article_deletes_the_lead_images_files(self):
        self.save_lead_image()
        with self.captureOnCommitCallbacks(execute=True):
            self.article.delete()
        self.assertFalse(LeadImage.objects.exists())
        self.assertEqual(self.stored_files(), set())

    def test_a_task_for_a_replaced_upload_keeps_nothing(self):
        # Two uploads in quick succession: the first task may finish after the second
        # upload. Its renditions must not overwrite the second's, nor be left on disk.
        lead_image = self.save_lead_image()
        stale = LeadImage.objects.get(pk=lead_image.pk)
        lead_image = self.save_lead_image(
            image_bytes(1200, 900), name="newer.jpg", instance=lead_image
        )
        stale.image.name = default_storage.save("lead/older.jpg", lead_image.image.open("rb"))

        self.assertFalse(renditions.generate_renditions(stale))

        lead_image.refresh_from_db()
        self.assertEqual(self.stored_files(), {*lead_image.stored_names(), "lead/older.jpg"})

    def test_the_task_ignores_a_deleted_lead_image(self):
        result = generate_renditions_task.enqueue(123456)
        self.assertEqual(result.status, TaskResultStatus.SUCCESSFUL)

    def test_a_refused_upload_stores_nothing(self):
        # The checks run on upload; nothing unreadable reaches storage.
        form = self.lead_image_form(image=upload(b"not an image", "x.jpg"))
        self.assertFalse(form.is_valid())
        self.assertEqual(self.stored_files(), set())
