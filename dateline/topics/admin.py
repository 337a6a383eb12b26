from django.contrib import admin

from dateline.topics.models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "on_home_page", "position"]
    list_editable = ["on_home_page", "position"]
    list_filter = ["on_home_page"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
