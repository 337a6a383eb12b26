"""System checks (`manage.py check`, and before runserver and migrate): the images app needs
a Pillow that writes WebP, and settings it can read."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from PIL import features

from dateline.images import conf


@checks.register()
def check_images_setup(app_configs, **kwargs):
    errors = []
    if not features.check("webp"):
        errors.append(
            checks.Error(
                "Pillow was built without WebP support: lead-image renditions can't be made.",
                hint="Install Pillow from its wheels (pip), or build it with libwebp.",
                id="images.E001",
            )
        )
    for read in (conf.max_upload_bytes, conf.max_pixels, conf.min_width, conf.rendition_widths):
        try:
            read()
        except ImproperlyConfigured as exc:
            errors.append(checks.Error(str(exc), id="images.E002"))
    return errors
