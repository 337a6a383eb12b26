from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.views.decorators.http import require_POST

from dateline.articles.sanitize import sanitize_html
from dateline.newsletters import services, tasks
from dateline.newsletters.models import Delivery, Issue, Newsletter, Subscriber, Subscription


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "topic", "is_active", "subscribers", "schedule"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["compose_selected"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "topic", "description", "is_active",
                           "position"]}),
        ("Sender", {"fields": ["sender_name", "sender_email"]}),
        ("Schedule", {
            "fields": ["cadence", "send_time", "compose_minutes", "order", "max_stories"],
            "description": "A scheduled newsletter fills its issue from the newest stories "
            "before the send time; editors may change or hold it until then, or let it go.",
        }),
    ]  # fmt: skip

    @admin.action(description="Compose an issue of the newest stories (a draft to check)")
    def compose_selected(self, request, queryset):
        for newsletter in queryset:
            issue = services.compose_issue(newsletter)
            if issue is None:
                self.message_user(
                    request, f"{newsletter}: no new stories since its last issue.", messages.INFO
                )
            else:
                self.message_user(
                    request,
                    f'{newsletter}: a draft issue, "{issue.subject}", is ready in Issues: '
                    "check it, then send it.",
                    messages.SUCCESS,
                )

    def get_queryset(self, request):
        active = Q(subscriptions__status=Subscription.Status.ACTIVE)
        return super().get_queryset(request).annotate(active=Count("subscriptions", filter=active))

    @admin.display(description="subscribers", ordering="active")
    def subscribers(self, newsletter):
        return newsletter.active

    @admin.display(description="next edition")
    def schedule(self, newsletter):
        if not services.is_scheduled(newsletter):
            return "by hand"
        return newsletter.next_edition or "-"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not services.is_scheduled(obj):
            tasks.schedule(obj)  # forgets a schedule it had
            return
        if not tasks.can_schedule():
            self.message_user(
                request,
                "This newsletter has a schedule, but the task queue cannot run a task later: "
                "scheduled issues need the database queue and its worker "
                "(TASKS_BACKEND=django_tasks_db.DatabaseBackend, make worker). Until then, "
                "compose and send its issues by hand.",
                messages.WARNING,
            )
            return
        day, compose_at = tasks.schedule(obj)
        if day is not None:
            self.message_user(
                request,
                f"The next issue fills itself at {compose_at:%Y-%m-%d %H:%M} and goes at "
                f"{obj.send_time:%H:%M}.",
                messages.INFO,
            )


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    fields = ["newsletter", "status", "created_at", "changed_at"]
    readonly_fields = ["created_at", "changed_at"]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "confirmed_at", "created_at", "signup_page", "suppressed_reason"]
    list_filter = ["subscriptions__newsletter", "subscriptions__status"]
    search_fields = ["email"]
    readonly_fields = [
        "created_at", "confirmed_at", "signup_page", "signup_ip", "signup_ip_hash",
        "anonymized_at", "suppressed_at", "suppressed_reason", "soft_bounces",
    ]  # fmt: skip
    inlines = [SubscriptionInline]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "newsletter", "status", "progress", "send_at", "sent_at"]
    list_filter = ["newsletter", "status"]
    readonly_fields = ["status", "status_detail", "outcomes", "sent_at"]
    fields = [
        "newsletter", "subject", "body_text", "body_html", "send_at",
        "status", "status_detail", "outcomes", "sent_at",
    ]  # fmt: skip
    actions = ["send_selected", "hold_selected"]

    def get_queryset(self, request):
        sent = Q(deliveries__status=Delivery.Status.SENT)
        return (
            super()
            .get_queryset(request)
            .select_related("newsletter")
            .annotate(total=Count("deliveries"), sent=Count("deliveries", filter=sent))
        )

    @admin.display(description="sent")
    def progress(self, issue):
        return f"{issue.sent} of {issue.total}" if issue.total else "-"

    @admin.display(description="per address")
    def outcomes(self, issue):
        """How many addresses are at each outcome, each a link to their list."""
        if issue.pk is None:
            return "-"
        counts = issue.deliveries.values_list("status").annotate(n=Count("pk")).order_by()
        labels = dict(Delivery.Status.choices)
        url = reverse("admin:newsletters_delivery_changelist")
        rows = [
            (f"{url}?issue__id__exact={issue.pk}&status__exact={status}", n, labels[status])
            for status, n in counts
        ]
        if not rows:
            return "not queued yet"
        return format_html_join(", ", '<a href="{}">{} {}</a>', rows)

    def save_model(self, request, obj, form, change):
        obj.body_html = sanitize_html(obj.body_html)
        super().save_model(request, obj, form, change)
        if obj.status == Issue.Status.SCHEDULED and "send_at" in form.changed_data:
            tasks.later(tasks.send_scheduled, obj.send_at, obj.pk)

    @admin.action(description="Send the selected issues to their subscribers")
    def send_selected(self, request, queryset):
        for issue in queryset.exclude(status=Issue.Status.SENT):
            services.queue_issue(issue)
            tasks.enqueue_sending(issue)
        self.message_user(
            request,
            "Queued. The list shows how many each issue has gone to; a send that stops "
            "resumes with the addresses it has not reached.",
            messages.SUCCESS,
        )

    @admin.action(description="Hold: do not send at the scheduled time (back to draft)")
    def hold_selected(self, request, queryset):
        held = queryset.filter(status=Issue.Status.SCHEDULED).update(status=Issue.Status.DRAFT)
        self.message_user(request, f"Held {held} scheduled issue(s).", messages.SUCCESS)

    # Preview in the browser and a test to oneself before sending.
    def get_urls(self):
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="newsletters_issue_preview",
            ),
            path(
                "<path:object_id>/send-test/",
                self.admin_site.admin_view(require_POST(self.send_test_view)),
                name="newsletters_issue_send_test",
            ),
            *super().get_urls(),
        ]

    def issue_for(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        issue = self.get_object(request, object_id)
        if issue is None:
            raise Http404("No such issue.")
        return issue

    def preview_view(self, request, object_id):
        """The e-mail as a subscriber's client gets it (HTML, or the text when it has none)."""
        issue = self.issue_for(request, object_id)
        message = services.test_message(issue, request.user.email or "you@example.org")
        html = services.html_of(message)
        if html is None:
            return HttpResponse(message.body, content_type="text/plain; charset=utf-8")
        return HttpResponse(html)

    def send_test_view(self, request, object_id):
        issue = self.issue_for(request, object_id)
        if not request.user.email:
            self.message_user(
                request,
                "Your account has no email address: add one (your user page) to get tests.",
                messages.ERROR,
            )
        else:
            services.send_test(issue, request.user.email)
            self.message_user(
                request, f"A test of this issue is on its way to {request.user.email}.",
                messages.SUCCESS,
            )  # fmt: skip
        return redirect("admin:newsletters_issue_change", issue.pk)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """What happened to each address an issue went to, with the mail server's reason.
    A record, not a form: nothing here can be changed by hand."""

    list_display = ["subscriber", "issue", "status", "attempts", "detail", "sent_at"]
    list_filter = ["status", "issue__newsletter", "issue"]
    search_fields = ["subscriber__email"]
    list_select_related = ["subscriber", "issue"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("newsletters.view_issue")
