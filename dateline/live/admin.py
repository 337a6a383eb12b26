from django.contrib import admin, messages
from reversion.admin import VersionAdmin

from dateline.live import services
from dateline.live.forms import EditEntryForm
from dateline.live.models import Coverage, Entry


@admin.register(Coverage)
class CoverageAdmin(admin.ModelAdmin):
    list_display = ["article", "started_at", "ended_at"]
    raw_id_fields = ["article"]


@admin.register(Entry)
class EntryAdmin(VersionAdmin):
    """Every entry, with its history (django-reversion). Nothing is deleted here: the
    composer hides an entry with a reason, which this list shows."""

    form = EditEntryForm
    list_display = ["posted_at", "article", "author", "is_pinned", "edited_at", "deleted_reason"]
    list_filter = ["is_pinned", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["body", "article__headline"]
    list_select_related = ["article", "author"]
    raw_id_fields = ["article"]
    readonly_fields = ["article", "posted_at", "edited_at", "deleted_at", "deleted_reason"]
    actions = ["restore_selected"]

    def get_queryset(self, request):
        # Authors edit the updates of their own articles; editors any (newsroom/roles.py).
        queryset = super().get_queryset(request)
        if request.user.has_perm("articles.edit_any_article"):
            return queryset
        return queryset.filter(article__bylines__author__user=request.user).distinct()

    def has_add_permission(self, request):
        return False  # entries are posted from the article's live coverage page

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.edit_entry(
            obj,
            body=form.cleaned_data["body"],
            reason=form.cleaned_data["edit_reason"],
        )

    @admin.action(description="Show the selected entries to readers again")
    def restore_selected(self, request, queryset):
        for entry in queryset.exclude(deleted_at=None):
            services.restore_entry(entry)
        self.message_user(request, "Restored.", messages.SUCCESS)
