from django.contrib import admin

from dateline.wordpress.models import ImportedPost, WordPressRedirect


@admin.register(WordPressRedirect)
class WordPressRedirectAdmin(admin.ModelAdmin):
    """Old WordPress addresses and the articles they lead to (made by import_wordpress)."""

    list_display = ["old_path", "article", "created_at"]
    search_fields = ["old_path", "article__headline"]
    raw_id_fields = ["article"]


@admin.register(ImportedPost)
class ImportedPostAdmin(admin.ModelAdmin):
    list_display = ["wp_id", "site", "article", "featured_image_url", "updated_at"]
    list_filter = ["site"]
    search_fields = ["wp_id", "article__headline", "permalink"]
    raw_id_fields = ["article"]
    readonly_fields = ["imported_at", "updated_at"]
