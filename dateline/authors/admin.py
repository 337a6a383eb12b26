from django.contrib import admin

from dateline.authors.models import Author


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["display_name", "slug", "user"]
    search_fields = ["display_name", "bio", "user__username", "user__email"]
    prepopulated_fields = {"slug": ["display_name"]}
    autocomplete_fields = ["user"]

    # Only those who manage accounts (Administrators) link an author to one; everyone else
    # sees the account's name, not a control or a link that leads to a refusal.
    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if request.user.has_perm("auth.view_user"):
            return fields
        return ["account" if name == "user" else name for name in fields]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "account"]

    @admin.display(description="user")
    def account(self, author):
        return author.user.get_username() if author.user_id else "-"
