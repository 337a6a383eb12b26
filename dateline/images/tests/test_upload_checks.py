import io

from django.template.defaultfilters import filesizeformat
from django.test import override_settings
from PIL import Image

from dateline.images.checks import check_images_setup
from dateline.images.tests.base import (
    ImagesTestCase,
    camera_jpeg,
    huge_png,
    image_bytes,
    upload,
)


class UploadChecksTestCase(ImagesTestCase):
    def image_errors(self, data, name="strelna.jpg"):
        form = self.lead_image_form(image=upload(data, name))
        self.assertFalse(form.is_valid())
        return form.errors["image"]

    def test_it_accepts_a_good_jpeg_and_records_its_size(self):
        form = self.lead_image_form(image=upload(camera_jpeg(2000, 1333)))
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["image"].image_info.width, 2000)
        self.assertEqual(form.cleaned_data["image"].image_info.height, 1333)

    def test_it_accepts_png_webp_and_gif(self):
        for image_format, name in [("PNG", "a.png"), ("WEBP", "a.webp"), ("GIF", "a.gif")]:
            with self.subTest(image_format):
                form = self.lead_image_form(
                    image=upload(image_bytes(800, 600, image_format=image_format), name)
                )
                self.assertTrue(form.is_valid(), form.errors)

    def test_it_accepts_a_phone_jpeg_that_pillow_calls_mpo(self):
        buffer = io.BytesIO()
        first, second = Image.new("RGB", (800, 600), "red"), Image.new("RGB", (160, 120))
        first.save(buffer, "MPO", save_all=True, append_images=[second])
        form = self.lead_image_form(image=upload(buffer.getvalue()))
        self.assertTrue(form.is_valid(), form.errors)

    def test_it_stores_the_file_under_the_extension_of_its_format(self):
        form = self.lead_image_form(image=upload(image_bytes(800, 600, image_format="PNG")))
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["image"].name, "strelna.png")

    def test_it_rejects_a_text_file_named_jpg(self):
        errors = self.image_errors(b"Minutes of the meeting, not a photo.\n" * 20, "notes.jpg")
        self.assertEqual(
            errors,
            [
                "“notes.jpg” isn't an image file that can be read. "
                "Upload a JPEG, PNG, WebP or GIF file."
            ],
        )

    def test_it_rejects_a_format_other_than_jpeg_png_webp_gif(self):
        errors = self.image_errors(image_bytes(800, 600, image_format="TIFF"), "scan.tif")
        self.assertEqual(
            errors, ["“scan.tif” is a TIFF image. Upload a JPEG, PNG, WebP or GIF file instead."]
        )

    @override_settings(IMAGES_MAX_UPLOAD_BYTES=50_000)
    def test_it_rejects_a_file_over_the_size_limit_and_says_both_sizes(self):
        data = image_bytes(800, 600) + b"\0" * 60_000
        errors = self.image_errors(data, "big.jpg")
        self.assertEqual(
            errors,
            [
                f"“big.jpg” is {filesizeformat(len(data))}; the limit is 48.8\xa0KB. Save it "
                "smaller (a JPEG at quality 85 is plenty) and upload it again."
            ],
        )

    def test_the_default_size_limit_is_10_mb(self):
        data = b"\xff\xd8" + b"\0" * (11 * 1024 * 1024)
        errors = self.image_errors(data, "big.jpg")
        self.assertIn("“big.jpg” is 11.0\xa0MB; the limit is 10.0\xa0MB.", errors[0])

    def test_it_rejects_an_image_with_too_many_pixels_and_says_the_limit(self):
        data = huge_png(8000, 6000)
        self.assertLess(len(data), 100)
        errors = self.image_errors(data, "big.png")
        self.assertEqual(
            errors,
            [
                "“big.png” is 8000 × 6000 pixels (48.0 megapixels); the limit is 40 "
                "megapixels. Resize it and upload it again."
            ],
        )

    def test_it_rejects_a_decompression_bomb_before_pillow_decodes_it(self):
        # 400 megapixels: Pillow itself refuses to open it (DecompressionBombError).
        errors = self.image_errors(huge_png(20000, 20000), "bomb.png")
        self.assertEqual(
            errors,
            [
                "“bomb.png” has far too many pixels; the limit is 40 megapixels. Resize it "
                "and upload it again."
            ],
        )

    @override_settings(IMAGES_MAX_PIXELS=1_000_000)
    def test_the_pixel_limit_is_a_setting(self):
        errors = self.image_errors(image_bytes(1600, 1000))
        self.assertIn("the limit is 1 megapixels", errors[0])

    @override_settings(IMAGES_MAX_PIXELS=10**12)
    def test_pillows_own_limit_caps_the_setting(self):
        # 100 megapixels: over Pillow's limit (DecompressionBombWarning), under ours.
        errors = self.image_errors(huge_png(10000, 10000), "bomb.png")
        self.assertEqual(
            errors,
            [
                "“bomb.png” has far too many pixels; the limit is 89.5 megapixels. Resize it "
                "and upload it again."
            ],
        )

    def test_it_rejects_an_image_narrower_than_the_minimum(self):
        errors = self.image_errors(image_bytes(500, 400), "thumb.jpg")
        self.assertEqual(
            errors,
            [
                "“thumb.jpg” is 500 pixels wide; a picture must be at least 600 pixels "
                "wide to look sharp on large screens."
            ],
        )

    @override_settings(IMAGES_MIN_WIDTH=300)
    def test_the_minimum_width_is_a_setting(self):
        form = self.lead_image_form(image=upload(image_bytes(500, 400)))
        self.assertTrue(form.is_valid(), form.errors)

    def test_it_measures_width_the_way_up_the_photo_is_shown(self):
        # Stored 1000 x 500 but tagged "turn a quarter": readers see it 500 pixels wide.
        errors = self.image_errors(camera_jpeg(1000, 500, orientation=6), "portrait.jpg")
        self.assertIn("is 500 pixels wide", errors[0])

    def test_it_rejects_a_file_cut_short(self):
        data = image_bytes(1600, 1000, quality=95)
        errors = self.image_errors(data[: len(data) // 2], "cut.jpg")
        self.assertEqual(
            errors,
            [
                "“cut.jpg” is damaged or cut short: it can't be read to the end. "
                "Export it again and upload the new file."
            ],
        )

    def test_no_malformed_file_raises_anything_but_a_form_error(self):
        png = image_bytes(800, 600, image_format="PNG")
        gif = image_bytes(800, 600, image_format="GIF")
        webp = image_bytes(800, 600, image_format="WEBP")
        samples = {
            "png-garbage.png": png[:40] + bytes(range(256)) * 4,
            "png-bad-crc.png": png[:29] + b"\0\0\0\0" + png[33:],
            "gif-header-only.gif": gif[:13],
            "webp-truncated.webp": webp[:30],
            "jpeg-marker-only.jpg": b"\xff\xd8\xff\xe0" + b"\0" * 50,
            "random.jpg": bytes((i * 97 + 13) % 256 for i in range(5000)),
        }
        for name, data in samples.items():
            with self.subTest(name):
                self.assertTrue(self.image_errors(data, name))

    def test_it_requires_alt_text_and_credit(self):
        form = self.lead_image_form(
            {"alt_text": "", "credit": ""}, image=upload(image_bytes(800, 600))
        )
        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors["alt_text"], ["This field is required."])
        self.assertEqual(form.errors["credit"], ["This field is required."])


class SystemChecksTestCase(ImagesTestCase):
    def test_the_setup_passes_its_checks(self):
        self.assertEqual(check_images_setup(None), [])

    @override_settings(IMAGES_RENDITION_WIDTHS=[800, "wide"], IMAGES_MIN_WIDTH=0)
    def test_malformed_settings_are_reported(self):
        self.assertEqual(
            [error.msg for error in check_images_setup(None)],
            [
                "IMAGES_MIN_WIDTH=0: use a whole number above zero.",
                "IMAGES_RENDITION_WIDTHS='wide': use a whole number above zero.",
            ],
        )
