from django.contrib import admin
from django.db.models import BooleanField, Case, Prefetch, When
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.timezone import now

from dateline.frontpage import services
from dateline.frontpage.models import Arrangement, Slot
from dateline.topics.models import Topic


class SlotFormSet(BaseInlineFormSet):
    def clean(self):
        # Before Django's own check of the unique constraints, whose message names no story.
        slots, stories = {}, {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("article"):
                continue
            article, zone = data["article"], data.get("zone")
            slot = (zone, data.get("topic"), data.get("position"))
            if slot in slots:
                where = data.get("topic") or Slot.Zone(zone).label
                form.add_error("position", f"{where}, slot {slot[2]}, already has “{slots[slot]}”.")
            else:
                slots[slot] = article
            if article in stories:
                form.add_error(
                    "article", f"“{article}” is placed twice: a story appears once on the page."
                )
            stories[article] = True
        super().clean()


class SlotInline(admin.TabularInline):
    model = Slot
    formset = SlotFormSet
    fields = ["zone", "topic", "position", "article"]
    autocomplete_fields = ["article"]
    verbose_name = "placed story"
    verbose_name_plural = (
        "placed stories (slots left out fill by rule: the newest stories, or the newest of "
        "the block's topic)"
    )

    def get_extra(self, request, obj=None, **kwargs):
        # A new arrangement starts as a copy of the one in force (`get_formset_kwargs`).
        return 3 + (Slot.objects.in_force().count() if obj is None else 0)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "topic":
            kwargs["queryset"] = Topic.objects.on_home_page()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Arrangement)
class ArrangementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "state", "starts_at", "lead", "created_by"]
    list_select_related = ["created_by"]
    fields = ["starts_at", "note"]
    inlines = [SlotInline]
    # "Save as new" on an arrangement: the quickest way to schedule a variation of it.
    save_as = True

    def get_queryset(self, request):
        current = Arrangement.objects.in_force().values("pk")[:1]
        return (
            super()
            .get_queryset(request)
            .annotate(
                is_current=Case(
                    When(pk=current, then=True), default=False, output_field=BooleanField()
                )
            )
            .prefetch_related(
                Prefetch(
                    "slots",
                    queryset=Slot.objects.filter(zone=Slot.Zone.LEAD).select_related("article"),
                    to_attr="lead_slots",
                )
            )
        )

    @admin.display(description="state")
    def state(self, arrangement):
        if arrangement.is_current:
            return format_html("<strong>{}</strong>", "In force")
        return "Scheduled" if arrangement.starts_at > now() else "Past"

    @admin.display(description="lead story")
    def lead(self, arrangement):
        slots = arrangement.lead_slots
        return slots[0].article.headline if slots else "The newest story"

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if obj.pk is None and request.method == "GET":
            kwargs["initial"] = [
                {"zone": s.zone, "topic": s.topic_id, "position": s.position,
                 "article": s.article_id}
                for s in Slot.objects.in_force().order_by("zone", "topic", "position")
            ]  # fmt: skip
        return kwargs

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.refresh_front_page()

    def delete_model(self, request, obj):
        services.delete_arrangements(Arrangement.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_arrangements(queryset)
