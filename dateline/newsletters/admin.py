from django.contrib import admin, messages
from django.db.models import Count, Q

from dateline.articles.sanitize import sanitize_html
from dateline.newsletters import services, tasks
from dateline.newsletters.models import Delivery, Issue, Newsletter, Subscriber, Subscription


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "topic", "is_active", "subscribers"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["compose_selected"]

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
    readonly_fields = ["created_at", "confirmed_at", "signup_page", "signup_ip"]
    inlines = [SubscriptionInline]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "newsletter", "status", "progress", "created_at", "sent_at"]
    list_filter = ["newsletter", "status"]
    readonly_fields = ["status", "status_detail", "sent_at"]
    actions = ["send_selected"]

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

    def save_model(self, request, obj, form, change):
        obj.body_html = sanitize_html(obj.body_html)
        super().save_model(request, obj, form, change)

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
