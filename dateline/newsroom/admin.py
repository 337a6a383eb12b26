from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.timezone import localtime, now
from reversion_compare.admin import CompareVersionAdmin

from dateline.articles import services
from dateline.articles.changes import tags_for
from dateline.articles.models import Article, Byline
from dateline.images.admin import LeadImageInline
from dateline.images.widgets import BodyEditorWidget
from dateline.live import display as live_display
from dateline.live import forms as live_forms
from dateline.live import services as live_services
from dateline.live.models import Entry
from dateline.newsletters import services as newsletter_services
from dateline.newsletters import tasks as newsletter_tasks
from dateline.newsletters.models import Newsletter
from dateline.newsroom import roles
from dateline.newsroom.services import MINOR, record_change
from dateline.newsroom.suggestions import suggest_topics
from dateline.related.admin import RelatedChoiceInline, RelatedLinkInline
from dateline.topics.models import Topic

Status = Article.Status


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order; yours is added if you leave this empty)"


class AlertForm(forms.Form):
    newsletter = forms.ModelChoiceField(
        queryset=Newsletter.objects.filter(kind=Newsletter.Kind.ALERTS, is_active=True),
        empty_label=None,
    )
    subject = forms.CharField(max_length=200)
    paragraph = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=600,
        help_text="One paragraph: what happened. The e-mail adds the link to the story.",
    )

    def clean_subject(self):
        # A line break in a subject would start a new e-mail header.
        return " ".join(self.cleaned_data["subject"].split())


class ArticleForm(forms.ModelForm):
    change_kind = forms.ChoiceField(
        label="What kind of change is this?",
        choices=[
            (MINOR, "Minor (a typo, a link): no public trace"),
            ("update", "Update: new information; readers see the note and a new date"),
            ("correction", "Correction: we got something wrong; listed on /corrections/"),
        ],
        initial=MINOR,
        widget=forms.RadioSelect,
    )
    change_note = forms.CharField(
        label="Note for readers",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown at the foot of the article for an update or a correction.",
    )
    accept_topics = forms.ModelMultipleChoiceField(
        label="Suggested topics",
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Topics whose articles use words like this one's. Tick any to add them.",
    )

    class Meta:
        model = Article
        fields = [
            "headline", "slug", "dek", "body", "primary_topic", "topics", "status",
            "published_at", "comments_open",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.was_published = self.instance.pk is not None and (
            Article.objects.filter(pk=self.instance.pk, status=Status.PUBLISHED).exists()
        )
        if not self.was_published:
            del self.fields["change_kind"], self.fields["change_note"]
        if self.instance.pk is None:
            del self.fields["accept_topics"]  # suggestions need the text: after a first save
        else:
            suggestions = suggest_topics(self.instance)
            field = self.fields["accept_topics"]
            field.queryset = Topic.objects.filter(pk__in=[t.pk for t, _ in suggestions])
            scores = {t.pk: s for t, s in suggestions}
            field.label_from_instance = lambda t: f"{t.name} (fit {scores[t.pk]:.2f})"
            if not suggestions:
                field.help_text = "No other topic fits this text better than the ones it has."

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("change_kind", MINOR) != MINOR
            and not cleaned.get("change_note", "").strip()
        ):
            self.add_error("change_note", "Write a short note for readers: what changed, and why?")
        return cleaned


def short_time(moment):
    return format_date(localtime(moment), "j M Y, H:i") if moment else "-"


@admin.register(Article)
class ArticleAdmin(CompareVersionAdmin):
    form = ArticleForm
    list_display = ["headline_cell", "state", "primary_topic", "byline", "published", "updated"]
    list_display_links = ["headline_cell"]
    list_filter = ["status", "primary_topic", "authors", "comments_open"]
    list_select_related = ["primary_topic"]
    search_fields = ["headline", "dek", "body", "slug"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["primary_topic", "topics"]
    date_hierarchy = "published_at"
    inlines = [BylineInline, LeadImageInline, RelatedChoiceInline, RelatedLinkInline]
    actions = ["publish_selected", "unpublish_selected"]

    class Media:
        css = {"all": ["dateline/newsroom.css"]}

    # The list fits 1280 px: long headlines are cut short (the whole one shows on hover),
    # times are short.
    @admin.display(description="headline", ordering="headline")
    def headline_cell(self, article):
        return format_html('<span class="truncate" title="{}">{}</span>', *[article.headline] * 2)

    @admin.display(description="state", ordering="status")
    def state(self, article):
        return article.workflow_state

    @admin.display(description="authors")
    def byline(self, article):
        names = ", ".join(b.author.display_name for b in article.bylines.all())
        return format_html('<span class="truncate short" title="{}">{}</span>', names, names)

    @admin.display(description="publication time", ordering="published_at")
    def published(self, article):
        return short_time(article.published_at)

    @admin.display(description="last updated", ordering="updated_at")
    def updated(self, article):
        return short_time(article.updated_at)

    # Who sees and edits what (dateline/newsroom/roles.py).
    def get_queryset(self, request):
        queryset = super().get_queryset(request).with_bylines()
        if roles.can_edit_any(request.user):
            return queryset
        return queryset.filter(bylines__author__user=request.user).distinct()

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or roles.can_edit_any(request.user):
            return allowed
        return roles.is_author_of(request.user, obj) and obj.status in (Status.DRAFT, Status.REVIEW)

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            # The body editor reads and writes pictures from the media library; its button
            # for placing one shows to those who may open the library's picker.
            kwargs["widget"] = BodyEditorWidget(
                with_picker=request.user.has_perm("images.view_libraryimage")
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = ["updated_at", "created_at", "modified_at"]
        if not roles.can_publish(request.user):
            fields += ["published_at", "comments_open"]
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not roles.can_publish(request.user):
            kwargs["choices"] = [(Status.DRAFT, "Draft"), (Status.REVIEW, "In review")]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        topics = ["primary_topic", "topics"] + (["accept_topics"] if obj is not None else [])
        fieldsets = [
            (None, {"fields": ["headline", "slug", "dek", "body"]}),
            ("Topics", {"fields": topics}),
            ("Publication", {"fields": ["status", "published_at", "updated_at", "comments_open"]}),
            ("Record", {"fields": ["created_at", "modified_at"], "classes": ["collapse"]}),
        ]
        if obj is not None and obj.status == Status.PUBLISHED:
            fieldsets.insert(1, ("This change", {"fields": ["change_kind", "change_note"]}))
        return fieldsets

    def get_urls(self):
        return [
            path(
                "<path:object_id>/alert/",
                self.admin_site.admin_view(self.alert_view),
                name="articles_article_alert",
            ),
            path(
                "<path:object_id>/live/",
                self.admin_site.admin_view(self.live_view),
                name="articles_article_live",
            ),
            *super().get_urls(),
        ]

    def alert_view(self, request, object_id):
        """A breaking-news alert for a live story: write it, see how many will get it,
        confirm, and it goes (as a background task, like any issue)."""
        if not request.user.has_perm("newsletters.add_issue"):
            raise PermissionDenied
        article = self.get_object(request, object_id)
        if article is None or not article.is_live:
            raise Http404("No such live article.")
        initial = {"subject": article.headline, "paragraph": article.dek}
        form = AlertForm(request.POST or None, initial=initial)
        context = {
            **self.admin_site.each_context(request),
            "title": "Send a breaking-news alert",
            "opts": self.model._meta,
            "article": article,
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            newsletter = form.cleaned_data["newsletter"]
            if "confirmed" not in request.POST:
                count = newsletter_services.recipients_of(newsletter)
                context.update(confirm=True, count=count)
            else:
                issue = newsletter_services.compose_alert(
                    newsletter,
                    article,
                    subject=form.cleaned_data["subject"],
                    paragraph=form.cleaned_data["paragraph"],
                )
                newsletter_services.queue_issue(issue)
                newsletter_tasks.enqueue_sending(issue)
                self.message_user(
                    request,
                    f"The alert is on its way to {issue.deliveries.count()} subscriber(s); "
                    "Issues shows how far it got.",
                    messages.SUCCESS,
                )
                return redirect("admin:newsletters_issue_change", issue.pk)
        return TemplateResponse(request, "admin/articles/article/alert.html", context)

    def live_view(self, request, object_id):
        """Live coverage from the newsroom: start or end it, post an update in seconds
        (Ctrl+Enter), pin, edit or take one down with a reason. The article's authors and
        the editors may post; editors start and end coverage."""
        article = Article.objects.filter(pk=object_id).first()
        if article is None:
            raise Http404("No such article.")
        may_post = request.user.has_perm("live.add_entry") and (
            roles.can_edit_any(request.user) or roles.is_author_of(request.user, article)
        )
        if not may_post:
            raise PermissionDenied
        may_run = request.user.has_perm("live.change_coverage")
        coverage = live_display.coverage_of(article)
        own = {"author": getattr(request.user, "author", None)}
        form, delete_form = live_forms.EntryForm(initial=own), None
        if request.method == "POST":
            done = self.live_action(request, article, may_run)
            if done is not None:
                return done
            if "post" in request.POST:
                form = live_forms.EntryForm(request.POST, request.FILES)
                if form.is_valid() and coverage is not None:
                    data = form.cleaned_data
                    live_services.post_entry(
                        article, data["body"], by=request.user, author=data["author"],
                        image=data["image"], image_alt=data["image_alt"],
                        pinned=data["is_pinned"],
                    )  # fmt: skip
                    self.message_user(request, "Posted: readers see it within seconds.")
                    return redirect("admin:articles_article_live", article.pk)
            elif "delete" in request.POST:
                delete_form = live_forms.DeleteEntryForm(request.POST)
                entry = get_object_or_404(Entry, pk=request.POST.get("entry"), article=article)
                if delete_form.is_valid():
                    live_services.delete_entry(
                        entry, reason=delete_form.cleaned_data["reason"], by=request.user
                    )
                    self.message_user(request, "Taken down; the reason is kept in the log.")
                    return redirect("admin:articles_article_live", article.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Live: {article.headline}",
            "opts": self.model._meta,
            "article": article,
            "coverage": coverage,
            "may_run": may_run,
            "form": form,
            "delete_form": delete_form,
            "entries": Entry.objects.filter(article=article)
            .select_related("author")
            .newest_first()[:200],
        }
        return TemplateResponse(request, "admin/articles/article/live.html", context)

    def live_action(self, request, article, may_run):
        """Start, end, pin or unpin: a redirect when done, else None."""
        if "start" in request.POST or "end" in request.POST:
            if not may_run:
                raise PermissionDenied
            if "start" in request.POST:
                live_services.start_coverage(article)
                self.message_user(request, "Live coverage is on: the article shows it now.")
            else:
                live_services.end_coverage(article)
                self.message_user(request, "Live coverage has ended; every update stays.")
            return redirect("admin:articles_article_live", article.pk)
        if "pin" in request.POST or "unpin" in request.POST:
            entry = get_object_or_404(Entry, pk=request.POST.get("entry"), article=article)
            live_services.pin_entry(entry, "pin" in request.POST)
            return redirect("admin:articles_article_live", article.pk)
        return None

    def view_on_site(self, article):
        if article.is_live:
            return article.get_absolute_url()
        return reverse("pages:preview", args=[article.pk])

    def save_model(self, request, obj, form, change):
        if obj.status == Status.PUBLISHED and obj.published_at is None:
            obj.published_at = now()
        # The pages of the topics and authors it leaves must drop it too.
        self.previous_tags = tags_for([obj.pk]) if change else []
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        author = getattr(request.user, "author", None)
        if author is not None and not article.bylines.exists():
            services.set_authors(article, [author])
        if form.cleaned_data.get("accept_topics"):
            article.topics.add(*form.cleaned_data["accept_topics"])
        kind = form.cleaned_data.get("change_kind", MINOR)
        if kind != MINOR:
            record_change(
                article, kind=kind, note=form.cleaned_data["change_note"], by=request.user
            )
        else:
            services.after_change(article, previous_tags=getattr(self, "previous_tags", ()))

    @admin.action(description="Publish selected articles (now, or at their scheduled time)",
                  permissions=["publish"])  # fmt: skip
    def publish_selected(self, request, queryset):
        for article in queryset:
            services.publish_article(article, by=request.user)
        self.message_user(request, f"Published {len(queryset)} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        for article in queryset:
            services.unpublish_article(article, by=request.user)
        self.message_user(
            request,
            f"Unpublished {len(queryset)} article(s). Publish them again to bring them back.",
            messages.SUCCESS,
        )
