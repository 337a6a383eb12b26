from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse

from dateline.related import stories
from dateline.related.models import RelatedChoice, RelatedLink, Story, StoryMember


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


class StoryMemberInline(admin.TabularInline):
    """The story's articles. One added here stays in it; one deleted here is taken out and
    never put back automatically."""

    model = StoryMember
    extra = 0
    raw_id_fields = ["article"]
    fields = ["article", "published", "by_editor"]
    readonly_fields = ["published", "by_editor"]
    verbose_name_plural = "articles in this story"

    @admin.display(description="published")
    def published(self, member):
        return member.article.published_at if member.pk else "-"


class SplitForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the new story")


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["name", "articles", "named_by_editor", "created_at"]
    search_fields = ["name", "members__article__headline"]
    fields = ["name", "slug"]
    readonly_fields = ["slug"]
    inlines = [StoryMemberInline]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(count=Count("members"))

    @admin.display(description="articles", ordering="count")
    def articles(self, story):
        return story.count

    def save_model(self, request, obj, form, change):
        if change and "name" in form.changed_data:
            stories.rename(obj, form.cleaned_data["name"])
        else:
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not StoryMember:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for member in formset.deleted_objects:
            stories.take_out(form.instance, member.article)
        for member in formset.new_objects + [m for m, _ in formset.changed_objects]:
            stories.put_in(form.instance, member.article)
        return None

    @admin.action(description="Merge the selected stories into one (the oldest keeps its address)")
    def merge_selected(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(request, "Tick two stories or more to merge.", messages.WARNING)
            return
        kept = stories.merge(list(queryset))
        self.message_user(request, f'Merged into "{kept}".', messages.SUCCESS)


@admin.register(StoryMember)
class StoryMemberAdmin(admin.ModelAdmin):
    """Every article's story; tick some of one story's articles to split them off."""

    list_display = ["article", "story", "by_editor"]
    list_filter = ["by_editor"]
    search_fields = ["article__headline", "story__name"]
    list_select_related = ["article", "story"]
    raw_id_fields = ["article", "story"]
    actions = ["split_off"]

    @admin.action(description="Split the selected articles off into a new story")
    def split_off(self, request, queryset):
        story_ids = set(queryset.values_list("story_id", flat=True))
        if len(story_ids) != 1:
            self.message_user(
                request, "Tick articles of one story to split them off.", messages.WARNING
            )
            return None
        form = SplitForm(request.POST if "name" in request.POST else None)
        if form.is_valid():
            story = Story.objects.get(pk=story_ids.pop())
            new = stories.split(
                story,
                list(queryset.values_list("article_id", flat=True)),
                form.cleaned_data["name"],
            )
            self.message_user(request, f'Split off as "{new}".', messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Split articles off into a new story",
            "form": form,
            "members": queryset.select_related("article"),
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/related/story_split.html", context)
