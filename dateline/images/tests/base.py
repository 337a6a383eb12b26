"""Images made in memory with Pillow, and a test case whose uploads go to a throwaway folder."""

import io
import os
import shutil
import struct
import tempfile
import zlib

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import ExifTags, Image, ImageCms

from dateline.articles.services import revision
from dateline.images.body_pictures import figure_markup
from dateline.images.forms import LeadImageForm
from dateline.images.models import LeadImage
from dateline.images.services import add_library_image
from dateline.test import BaseTestCase

RED, BLUE = (220, 30, 30), (30, 30, 220)


def image_bytes(width=2000, height=1333, *, image_format="JPEG", mode="RGB", **save_options):
    """A picture whose left half is red and right half blue (to see which way is up)."""
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    if mode != "RGB":
        image = image.convert(mode)
    return encode(image, image_format, **save_options)


def encode(image, image_format, **save_options):
    buffer = io.BytesIO()
    image.save(buffer, image_format, **save_options)
    return buffer.getvalue()


def camera_jpeg(width=2000, height=1333, *, orientation=None):
    """A JPEG carrying what cameras and phones add: EXIF, an orientation, XMP, a profile."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Strelna Optics"
    exif[ExifTags.Base.ImageDescription] = "Taken at the secret location"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return image_bytes(
        width, height, exif=exif, icc_profile=srgb, xmp=b"<x:xmpmeta>location</x:xmpmeta>"
    )


def huge_png(width, height):
    """A 1x1 PNG whose header claims width x height: a few dozen bytes that would decode to
    gigabytes (a decompression bomb)."""
    data = bytearray(image_bytes(1, 1, image_format="PNG", mode="1"))
    # The IHDR chunk follows the 8-byte signature: length (4), type (4), then width, height.
    data[16:24] = struct.pack(">II", width, height)
    ihdr_end = 8 + 4 + 4 + 13
    data[ihdr_end : ihdr_end + 4] = struct.pack(">I", zlib.crc32(bytes(data[12:ihdr_end])))
    return bytes(data)


def upload(data, name="strelna.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


class ImagesTestCase(BaseTestCase):
    """Uploads land in a temporary MEDIA_ROOT, removed after each test."""

    def setUp(self):
        super().setUp()
        self.media_root = tempfile.mkdtemp(prefix="dateline-images-")
        self.addCleanup(shutil.rmtree, self.media_root, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=self.media_root))
        self.article = self.make_article("Talks resume in Strelna")

    def lead_image_form(self, data=None, *, image=None, instance=None, article=None):
        fields = {
            "alt_text": "Negotiators shake hands across a long table",
            "caption": "The talks resumed on Monday.",
            "credit": "Photo: Jane Doe / Agency",
            **(data or {}),
        }
        files = {"image": image} if image is not None else {}
        instance = instance or LeadImage(article=article or self.article)
        return LeadImageForm(fields, files, instance=instance)

    def save_lead_image(self, image_data=None, *, name="strelna.jpg", **kwargs):
        """Upload through the admin's form; the task runs when the transaction commits."""
        image = upload(image_data if image_data is not None else camera_jpeg(), name)
        form = self.lead_image_form(image=image, **kwargs)
        self.assertTrue(form.is_valid(), form.errors)
        with self.captureOnCommitCallbacks(execute=True):
            lead_image = form.save()
        lead_image.refresh_from_db()
        return lead_image

    def add_to_library(self, name="harvest-chart.png", *, width=1200, height=675, **fields):
        """A picture in the media library, its renditions made (480, 800 and 1200 wide)."""
        fields = {
            "alt_text": "Bar chart: the soy harvest fell by a third",
            "caption": "The drought cut the harvest.",
            "credit": "Dateline graphic",
            **fields,
        }
        data = image_bytes(width, height, image_format="PNG")
        with self.captureOnCommitCallbacks(execute=True):
            image = add_library_image(ContentFile(data, name=name), **fields)
        image.refresh_from_db()
        return image

    def place_in_body(self, article, *images, before="", after=""):
        """Save the article with the pictures in its body, as the body editor writes them."""
        article.body = before + "".join(figure_markup(image) for image in images) + after
        with revision("Pictures placed"):
            article.save()
        return article

    def stored_files(self):
        found = set()
        for folder, _, files in os.walk(self.media_root):
            for file in files:
                found.add(os.path.relpath(os.path.join(folder, file), self.media_root))
        return found

    def open_stored(self, name):
        return Image.open(os.path.join(self.media_root, name))

    def read_stored(self, name):
        with open(os.path.join(self.media_root, name), "rb") as file:
            return file.read()
