from django.contrib import admin, messages
from django.utils.timezone import now

from dateline.articles import services
from dateline.articles.models import Article, Byline
from dateline.related.admin import RelatedChoiceInline, RelatedLinkInline


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    min_num = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order)"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "primary_topic", "status", "published_at", "updated_at"]
    list_filter = ["status", "primary_topic", "authors", "comments_open"]
    list_select_related = ["primary_topic"]
    search_fields = ["headline", "dek", "body", "slug"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["primary_topic", "topics"]
    date_hierarchy = "published_at"
    inlines = [BylineInline, RelatedChoiceInline, RelatedLinkInline]
    actions = ["publish_selected", "unpublish_selected"]
    readonly_fields = ["created_at", "modified_at"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body"]}),
        ("Topics", {"fields": ["primary_topic", "topics"]}),
        (
            "Publication",
            {"fields": ["status", "published_at", "updated_at", "comments_open"]},
        ),
        ("Record", {"fields": ["created_at", "modified_at"], "classes": ["collapse"]}),
    ]

    def save_model(self, request, obj, form, change):
        if obj.status == Article.Status.PUBLISHED and obj.published_at is None:
            obj.published_at = now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Bylines, topics and related-story choices are saved by now: recompute the lists.
        super().save_related(request, form, formsets, change)
        services.after_change(form.instance)

    @admin.action(description="Publish selected articles (now, or at their scheduled time)")
    def publish_selected(self, request, queryset):
        for article in queryset:
            services.publish_article(article)
        self.message_user(request, f"Published {len(queryset)} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected articles (back to draft)")
    def unpublish_selected(self, request, queryset):
        for article in queryset:
            services.unpublish_article(article)
        self.message_user(request, f"Unpublished {len(queryset)} article(s).", messages.SUCCESS)
