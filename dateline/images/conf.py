"""The images app's settings, read when used (so `override_settings` works in tests) and with
defaults here, so the app runs before they are added to settings.py."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# 10 MB is more than a full-size JPEG from a newsroom camera needs.
DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# 40 megapixels covers current full-frame cameras (about 24 to 33 megapixels) and keeps a
# decoded image under about 160 MB of memory.
DEFAULT_MAX_PIXELS = 40_000_000
# Narrower than this looks soft in the article column on large, high-density screens.
DEFAULT_MIN_WIDTH = 600
DEFAULT_RENDITION_WIDTHS = (480, 800, 1200, 1600)


def _positive_int(name, value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number <= 0:
        raise ImproperlyConfigured(f"{name}={value!r}: use a whole number above zero.")
    return number


def max_upload_bytes():
    value = getattr(settings, "IMAGES_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)
    return _positive_int("IMAGES_MAX_UPLOAD_BYTES", value)


def max_pixels():
    return _positive_int(
        "IMAGES_MAX_PIXELS", getattr(settings, "IMAGES_MAX_PIXELS", DEFAULT_MAX_PIXELS)
    )


def min_width():
    return _positive_int(
        "IMAGES_MIN_WIDTH", getattr(settings, "IMAGES_MIN_WIDTH", DEFAULT_MIN_WIDTH)
    )


def rendition_widths():
    """The configured widths, smallest first, each once."""
    values = getattr(settings, "IMAGES_RENDITION_WIDTHS", DEFAULT_RENDITION_WIDTHS)
    widths = sorted({_positive_int("IMAGES_RENDITION_WIDTHS", value) for value in values})
    if not widths:
        raise ImproperlyConfigured("IMAGES_RENDITION_WIDTHS is empty: give at least one width.")
    return widths
