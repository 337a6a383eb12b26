from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from dateline.images import body_pictures, services
from dateline.images.forms import LeadImageForm, LibraryImageForm
from dateline.images.models import LeadImage, LibraryImage, LibraryImageUse

PREVIEW_WIDTH = 240
THUMBNAIL_WIDTH = 120
# The picker shows the newest matching images; a search finds the others.
PICKER_LIMIT = 60


def preview(picture, width=PREVIEW_WIDTH):
    thumbnail = picture.thumbnail if picture and picture.pk else None
    if thumbnail is None:
        if picture and picture.pk:
            return "The resized copies are being made: reload this page in a minute."
        return "None yet."
    height = round(thumbnail["height"] * width / thumbnail["width"])
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}">',
        thumbnail["url"],
        width,
        height,
        picture.alt_text,
    )


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
        return preview(lead_image)


@admin.register(LibraryImage)
class LibraryImageAdmin(admin.ModelAdmin):
    """The media library: pictures for article bodies, each placed in as many stories as
    need it. The body editor's toolbar opens `picker_view` to place one."""

    form = LibraryImageForm
    list_display = ["thumbnail", "alt_text", "caption", "credit", "original_filename", "uses"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["caption", "credit", "original_filename", "alt_text"]
    date_hierarchy = "created_at"
    fields = ["preview", "image", "alt_text", "caption", "credit", "used_in", "original_filename"]
    readonly_fields = ["preview", "used_in", "original_filename"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["image", "alt_text", "caption", "credit"]
        return super().get_fields(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(use_count=Count("uses"))

    @admin.display(description="picture")
    def thumbnail(self, image):
        return preview(image, THUMBNAIL_WIDTH)

    @admin.display(description="current image")
    def preview(self, image):
        return preview(image)

    @admin.display(description="stories", ordering="use_count")
    def uses(self, image):
        return image.use_count

    @admin.display(description="used in")
    def used_in(self, image):
        if image.pk is None:
            return "-"
        uses = image.uses.select_related("article").order_by("article__headline")
        if not uses:
            return "No story yet: it can be deleted."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                (
                    (reverse("admin:articles_article_change", args=[use.article_id]), use)
                    for use in uses
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "image" in form.changed_data:
            services.image_changed(obj, previous_name=form.previous_image_name)
        elif change:
            services.library_image_edited(obj)

    def get_deleted_objects(self, objs, request):
        """Django refuses to delete an image a story uses (LibraryImageUse: PROTECT) and
        lists the uses; here each names the story, with a link to it."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            uses = LibraryImageUse.objects.filter(image__in=objs).select_related("image", "article")
            protected = [
                format_html(
                    '“{}” is in <a href="{}">{}</a>',
                    use.image,
                    reverse("admin:articles_article_change", args=[use.article_id]),
                    use,
                )
                for use in uses.order_by("image_id", "article__headline")
            ]
        return deleted, counts, perms_needed, protected

    def get_urls(self):
        return [
            path(
                "picker/",
                self.admin_site.admin_view(self.picker_view),
                name="images_libraryimage_picker",
            ),
            *super().get_urls(),
        ]

    def picker_view(self, request):
        """The body editor's picker, in a window of its own: search the library, upload a
        new picture (the same form and checks as the library's), insert one."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        may_add = self.has_add_permission(request)
        form = None
        if may_add:
            form = LibraryImageForm(request.POST or None, request.FILES or None)
            if request.method == "POST" and form.is_valid():
                image = form.save()
                self.log_addition(request, image, [{"added": {}}])
                messages.success(request, f"“{image}” is in the library.")
                return redirect("admin:images_libraryimage_picker")
        query = request.GET.get("q", "").strip()
        images = LibraryImage.objects.matching(query).newest_first()[:PICKER_LIMIT]
        context = {
            **self.admin_site.each_context(request),
            "title": "Insert a picture from the library",
            "opts": self.model._meta,
            "is_popup": True,
            "query": query,
            "form": form,
            "pictures": [
                {"image": image, "preview": preview(image), "figure": picker_figure(image)}
                for image in images
            ],
            "limit": PICKER_LIMIT,
        }
        return TemplateResponse(request, "admin/images/libraryimage/picker.html", context)


def picker_figure(image):
    """What "Insert" places in the body, or None until the image can be shown."""
    return body_pictures.figure_markup(image) if image.is_ready else None
