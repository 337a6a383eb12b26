"""Resized copies of a picture (a lead image or a library image), made once per upload by a
task (images/tasks.py): WebP and JPEG at the configured widths, recorded on the picture, the
pages of the articles that show it told."""

import io
import logging
import math
import os
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from PIL import Image, ImageCms, ImageOps

from dateline.articles.changes import announce_articles
from dateline.images import conf
from dateline.images.models import JPEG, WEBP
from dateline.images.validation import open_checked, upright_size

logger = logging.getLogger(__name__)

# Visually indistinguishable from the original at article sizes, a third of its bytes.
WEBP_QUALITY = 80
JPEG_QUALITY = 82
SRGB = ImageCms.createProfile("sRGB")


def rendition_widths(original_width):
    """The configured widths no wider than the original; the original's own width when it is
    narrower than all of them (we never enlarge)."""
    widths = [width for width in conf.rendition_widths() if width <= original_width]
    return widths or [original_width]


def fallback_width(widths):
    """The JPEG for browsers without WebP is made at the middle width (the lower of the two
    middle ones): sharp enough in the article column, small enough for an old phone."""
    return widths[(len(widths) - 1) // 2]


def generate_renditions(picture):
    """Make WebP copies at each width and one JPEG fallback, upright, in sRGB and without
    metadata; record them and delete the copies they replace. `picture`: a LeadImage or a
    LibraryImage (models.Picture)."""
    storage = picture.image.storage
    source_name = picture.image.name
    with storage.open(source_name, "rb") as source, open_checked(source, source_name) as image:
        width, height = upright_size(image)
        widths = rendition_widths(width)
        decode_no_larger_than_needed(image, widths[-1] / width)
        upright = prepare(image)
    # A new random part on every run: browsers and CDNs may cache a rendition forever.
    stem = slugify(os.path.splitext(os.path.basename(source_name))[0])[:40] or "lead"
    prefix = f"{picture.renditions_dir}/{picture.pk}/{stem}-{secrets.token_hex(4)}"

    made = []
    try:
        for rendition_width in widths:
            made.append(save_rendition(storage, upright, rendition_width, WEBP, prefix))
        made.append(save_rendition(storage, upright, fallback_width(widths), JPEG, prefix))
        recorded = record_renditions(picture, source_name, made, width, height)
    except BaseException:
        delete_files(storage, [rendition["name"] for rendition in made])
        raise
    if not recorded:
        delete_files(storage, [rendition["name"] for rendition in made])
    return recorded


def decode_no_larger_than_needed(image, scale):
    """Let libjpeg decode at 1/2, 1/4 or 1/8 size when the largest rendition allows it: a
    24-megapixel photo then takes a quarter of the time and memory."""
    if scale < 1 and image.format in ("JPEG", "MPO"):
        image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))


def prepare(image):
    """The picture readers see: turned upright, flattened onto white, in sRGB, RGB, and with
    no metadata carried along (camera, GPS position, comments)."""
    image = ImageOps.exif_transpose(image)
    profile = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        image = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image.alpha_composite(rgba)
    if image.mode not in ("RGB", "CMYK", "L"):
        image = image.convert("RGB")
    if profile:
        # Cameras often shoot Adobe RGB; without converting, colours look washed out once
        # the profile is stripped. A broken profile is ignored rather than fatal.
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            image = ImageCms.profileToProfile(image, source_profile, SRGB, outputMode="RGB")
        except Exception:
            logger.warning("Ignoring an unreadable colour profile", exc_info=True)
    if image.mode != "RGB":
        image = image.convert("RGB")
    image.info = {}
    return image


def save_rendition(storage, picture, width, image_format, prefix):
    height = max(1, round(picture.height * width / picture.width))
    if width == picture.width:
        resized = picture
    else:
        # reducing_gap: a fast box reduction first, then Lanczos; same look, much quicker.
        resized = picture.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    buffer = io.BytesIO()
    if image_format == WEBP:
        resized.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        resized.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    extension = "jpg" if image_format == JPEG else image_format
    name = storage.save(f"{prefix}-{width}w.{extension}", ContentFile(buffer.getvalue()))
    return {"width": width, "height": height, "format": image_format, "name": name}


@transaction.atomic
def record_renditions(picture, source_name, renditions, width, height):
    """Store the new list unless the image was deleted or replaced while we worked (the task
    for the newer upload makes its own renditions); delete the old copies once committed."""
    current = type(picture).objects.select_for_update().filter(pk=picture.pk).first()
    if current is None or current.image.name != source_name:
        return False
    old_names = [rendition["name"] for rendition in current.renditions]
    current.renditions, current.width, current.height = renditions, width, height
    current.save(update_fields=["renditions", "width", "height"])
    picture.renditions, picture.width, picture.height = renditions, width, height
    storage = picture.image.storage
    transaction.on_commit(lambda: delete_files(storage, old_names), robust=True)
    # The pages of the articles that show it (and any page listing them) now show the new
    # picture.
    if shown_in := current.shown_in():
        announce_articles(shown_in)
    return True


def delete_files(storage, names):
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            # A file left behind wastes space; stopping here would leave the rest too.
            logger.warning("Could not delete %s from storage", name, exc_info=True)
