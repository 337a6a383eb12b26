"""Checks on an uploaded picture (a lead image or a library image), each with a message
the editor can act on.

`inspect_upload` runs them cheapest first: the file size, what Pillow makes of the header
(format, pixel count), then a full decode. Nothing an upload contains may raise anything but
a ValidationError from here: a broken file is an editor's mistake, not a server error.
"""

import os
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import ExifTags, Image

from dateline.images import conf

# Pillow's format name -> (what editors call it, file extension, MIME type).
# MPO is how Pillow names the JPEGs many phones and cameras write (a JPEG with a second,
# smaller picture appended): it is a JPEG to everyone else, so it is accepted as one.
ALLOWED_FORMATS = {
    "JPEG": ("JPEG", "jpg", "image/jpeg"),
    "MPO": ("JPEG", "jpg", "image/jpeg"),
    "PNG": ("PNG", "png", "image/png"),
    "WEBP": ("WebP", "webp", "image/webp"),
    "GIF": ("GIF", "gif", "image/gif"),
}
ALLOWED_NAMES = "JPEG, PNG, WebP or GIF"

# EXIF orientations that turn the picture a quarter turn: width and height swap.
# See https://exiftool.org/TagNames/EXIF.html (Orientation, 0x0112).
QUARTER_TURNS = {5, 6, 7, 8}


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int  # upright, after the orientation tag is applied
    height: int
    extension: str
    mime_type: str


def inspect_upload(upload):
    """Check an uploaded file; return its ImageInfo or raise a ValidationError."""
    name = os.path.basename(upload.name or "") or "The file"
    check_file_size(upload, name)
    pillow_format, width, height = read_header(upload, name)
    check_pixels(width, height, name)
    if decode(upload, name):
        width, height = height, width
    check_width(width, name)
    upload.seek(0)
    _, extension, mime_type = ALLOWED_FORMATS[pillow_format]
    return ImageInfo(pillow_format, width, height, extension, mime_type)


def check_file_size(upload, name):
    limit = conf.max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            "“%(name)s” is %(size)s; the limit is %(limit)s. Save it smaller (a JPEG at "
            "quality 85 is plenty) and upload it again.",
            code="file_size",
            params={
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
        )


def read_header(upload, name):
    """Open the file (Pillow reads only the header here): its format, width and height."""
    try:
        with _open(upload, name) as image:
            pillow_format, (width, height) = image.format, image.size
    except ValidationError:
        raise
    # Django's forms.ImageField catches everything here too: Pillow's parsers raise many
    # kinds of error on malformed files (OSError, SyntaxError, ValueError, struct.error...).
    except Exception:
        raise not_an_image(name) from None
    if pillow_format not in ALLOWED_FORMATS:
        raise ValidationError(
            "“%(name)s” is a %(format)s image. Upload a %(allowed)s file instead.",
            code="format",
            params={"name": name, "format": pillow_format, "allowed": ALLOWED_NAMES},
        )
    return pillow_format, width, height


def check_pixels(width, height, name):
    limit = conf.max_pixels()
    if width * height > limit:
        raise ValidationError(
            "“%(name)s” is %(width)s × %(height)s pixels (%(megapixels)s megapixels); the "
            "limit is %(limit)s megapixels. Resize it and upload it again.",
            code="pixels",
            params={
                "name": name,
                "width": width,
                "height": height,
                "megapixels": f"{width * height / 1_000_000:.1f}",
                "limit": megapixels(limit),
            },
        )


def decode(upload, name):
    """Pillow's verify() (checksums, structure), then a full decode of a fresh copy: verify
    leaves the image unusable, and only decoding finds a file cut short. Returns whether
    the orientation tag turns the picture a quarter turn (read only now: for a PNG, reading
    it decodes the whole image, which must wait for the pixel check)."""
    try:
        with _open(upload, name) as image:
            image.verify()
        with _open(upload, name) as image:
            turned = quarter_turned(image)
            if image.format in ("JPEG", "MPO"):
                # Decode at 1/8 scale: every byte is still read, in a fraction of the memory.
                image.draft(None, (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
            return turned
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(
            "“%(name)s” is damaged or cut short: it can't be read to the end. Export it "
            "again and upload the new file.",
            code="damaged",
            params={"name": name},
        ) from None


def check_width(width, name):
    minimum = conf.min_width()
    if width < minimum:
        raise ValidationError(
            "“%(name)s” is %(width)s pixels wide; a picture must be at least %(minimum)s "
            "pixels wide to look sharp on large screens.",
            code="too_narrow",
            params={"name": name, "width": width, "minimum": minimum},
        )


def not_an_image(name):
    return ValidationError(
        "“%(name)s” isn't an image file that can be read. Upload a %(allowed)s file.",
        code="not_an_image",
        params={"name": name, "allowed": ALLOWED_NAMES},
    )


def quarter_turned(image):
    return image.getexif().get(ExifTags.Base.Orientation) in QUARTER_TURNS


def upright_size(image):
    """Width and height as readers see the picture, once its orientation tag is applied."""
    width, height = image.size
    return (height, width) if quarter_turned(image) else (width, height)


def open_checked(fileobj, name="The image"):
    """Open an image already stored, with the same pixel limit as uploads (for renditions)."""
    image = _open(fileobj, name)
    check_pixels(image.width, image.height, name)
    return image


def _open(fileobj, name):
    """Image.open, with Pillow's decompression-bomb guards turned into our message.

    Pillow warns above Image.MAX_IMAGE_PIXELS (about 89 megapixels) and refuses above twice
    that, before our own check can run: a header claiming 20000 x 20000 pixels stops here.
    The warning is made an error too, so Pillow's limit caps IMAGES_MAX_PIXELS. (Before
    Python 3.14, catch_warnings is process-wide: a thread opening an image at that moment
    gets the same strictness, which is harmless.)
    """
    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(fileobj)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        limit = min(conf.max_pixels(), Image.MAX_IMAGE_PIXELS or conf.max_pixels())
        raise ValidationError(
            "“%(name)s” has far too many pixels; the limit is %(limit)s megapixels. Resize "
            "it and upload it again.",
            code="pixels",
            params={"name": name, "limit": megapixels(limit)},
        ) from None


def megapixels(pixels):
    return f"{pixels / 1_000_000:,.1f}".removesuffix(".0")
