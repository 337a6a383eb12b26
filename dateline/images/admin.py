from django.contrib import admin
from django.utils.html import format_html

from dateline.images.forms import LeadImageForm
from dateline.images.models import LeadImage

PREVIEW_WIDTH = 240


class LeadImageInline(admin.StackedInline):
    """On the article form: the photo at the top of the article (one at most)."""

    model = LeadImage
    form = LeadImageForm
    extra = 1
    max_num = 1
    fields = ["preview", "image", "alt_text", "caption", "credit"]
    readonly_fields = ["preview"]
    verbose_name = "lead image"
    verbose_name_plural = "lead image"

    @admin.display(description="current image")
    def preview(self, lead_image):
        thumbnail = lead_image.thumbnail if lead_image and lead_image.pk else None
        if thumbnail is None:
            if lead_image and lead_image.pk:
                return "The resized copies are being made: reload this page in a minute."
            return "None yet."
        height = round(thumbnail["height"] * PREVIEW_WIDTH / thumbnail["width"])
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}">',
            thumbnail["url"],
            PREVIEW_WIDTH,
            height,
            lead_image.alt_text,
        )
