from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html
from django.utils.text import Truncator

from dateline.comments import services
from dateline.comments.models import BlockedTerm, Comment, CommentDecision

Status = Comment.Status


class CommentDecisionInline(admin.TabularInline):
    model = CommentDecision
    extra = 0
    can_delete = False
    fields = ["decided_at", "previous_status", "status", "reason", "detail", "decided_by_name"]
    readonly_fields = fields
    verbose_name_plural = "moderation log"

    def has_add_permission(self, request, obj=None):
        return False

    # The name, not Django's link to the account: moderators may not open accounts.
    @admin.display(description="decided by")
    def decided_by_name(self, decision):
        return decision.decided_by.get_username() if decision.decided_by else "-"


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue. Filter by status and reason; the bulk actions apply to the rows
    ticked, or, with "Select all", to everything the filter matches, on the server."""

    list_display = [
        "excerpt",
        "author_name",
        "article_link",
        "status",
        "why",
        "score",
        "created_at",
    ]
    list_filter = ["status", "reason", "created_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_fields = ["body", "author_name", "author_email", "article__headline"]
    list_select_related = ["article__primary_topic"]
    list_per_page = 50
    date_hierarchy = "created_at"
    actions = ["approve", "mark_as_spam", "move_to_trash", "undo_last_verdict"]
    inlines = [CommentDecisionInline]
    fields = [
        "article_page", "parent", "author_name", "author_email", "author_url", "body", "status",
        "reason", "reason_detail", "spam_score", "created_at", "ip_address", "ip_hash",
        "user_agent", "anonymized_at",
    ]  # fmt: skip
    readonly_fields = [
        "article_page", "parent", "status", "reason", "reason_detail", "spam_score", "created_at",
        "ip_address", "ip_hash", "user_agent", "anonymized_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        # Through the service, so the article's page shows the edit at once.
        services.edit_comment(obj, fields=form.changed_data)

    @admin.display(description="comment")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(90)

    @admin.display(description="article", ordering="article__headline")
    def article_link(self, comment):
        return Truncator(comment.article.headline).chars(50)

    # The story as readers see it, not Django's link to the article's form, which only
    # editors may open.
    @admin.display(description="article")
    def article_page(self, comment):
        article = comment.article
        if not article.is_live:
            return article.headline
        return format_html('<a href="{}">{}</a>', article.get_absolute_url(), article.headline)

    @admin.display(description="why", ordering="reason")
    def why(self, comment):
        return f"{comment.reason}: {comment.reason_detail}" if comment.reason else ""

    @admin.display(description="spam score", ordering="spam_score")
    def score(self, comment):
        return "" if comment.spam_score is None else f"{comment.spam_score:.2f}"

    def _moderate(self, request, queryset, status, verb):
        changed = services.moderate_comments(queryset, status, by=request.user)
        self.message_user(
            request,
            f'{verb} {changed} comment(s). The action "Undo the latest verdict" puts them back.',
            messages.SUCCESS,
        )

    @admin.action(description="Approve (this is not spam)", permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, Status.APPROVED, "Approved")

    @admin.action(description="Mark as spam", permissions=["change"])
    def mark_as_spam(self, request, queryset):
        self._moderate(request, queryset, Status.SPAM, "Marked as spam")

    @admin.action(description="Move to trash", permissions=["change"])
    def move_to_trash(self, request, queryset):
        self._moderate(request, queryset, Status.TRASH, "Moved to trash")

    @admin.action(description="Undo the latest verdict", permissions=["change"])
    def undo_last_verdict(self, request, queryset):
        restored = services.undo_last_verdict(queryset, by=request.user)
        self.message_user(request, f"Restored {restored} comment(s).", messages.SUCCESS)


@admin.register(BlockedTerm)
class BlockedTermAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "note", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]
