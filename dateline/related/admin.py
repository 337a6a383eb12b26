from django.contrib import admin

from dateline.related.models import RelatedChoice, RelatedLink


class RelatedChoiceInline(admin.TabularInline):
    """On the article form: pin stories into its "You May Also Like" block, or keep some out."""

    model = RelatedChoice
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["other"]
    fields = ["other", "kind", "position"]
    verbose_name_plural = "You May Also Like: pinned and excluded stories"


class RelatedLinkInline(admin.TabularInline):
    """What the block shows now, and why (read-only: it is computed)."""

    model = RelatedLink
    fk_name = "article"
    extra = 0
    can_delete = False
    fields = ["position", "related", "reason", "score"]
    readonly_fields = fields
    verbose_name_plural = "You May Also Like: the current list"

    def has_add_permission(self, request, obj=None):
        return False
