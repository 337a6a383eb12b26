from django.contrib import admin, messages
from django.utils.timezone import now

from dateline.banners import services
from dateline.banners.models import Banner


@admin.register(Banner)
class BannerAdmin(admin.ModelAdmin):
    list_display = ["text", "state", "ends_at", "article", "changed_at", "changed_by"]
    list_filter = ["is_on"]
    list_select_related = ["article", "changed_by"]
    search_fields = ["text"]
    fields = ["text", "article", "is_on", "ends_at"]
    autocomplete_fields = ["article"]
    actions = ["switch_off"]

    @admin.display(description="state", ordering="is_on")
    def state(self, banner):
        if not banner.is_on:
            return "Off"
        return "Ended" if banner.ends_at and banner.ends_at <= now() else "Showing"

    def save_model(self, request, obj, form, change):
        services.save_banner(obj, by=request.user)
        if obj.is_on:
            self.message_user(request, "The banner is on: readers see it within seconds.")

    def delete_model(self, request, obj):
        services.delete_banners(Banner.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_banners(queryset)

    @admin.action(description="Switch the selected banners off")
    def switch_off(self, request, queryset):
        services.switch_off_banners(queryset, by=request.user)
        self.message_user(request, "Switched off: readers stop seeing it within seconds.",
                          messages.SUCCESS)  # fmt: skip
