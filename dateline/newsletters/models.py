"""Newsletters readers subscribe to by email, the issues editors send, and a record of each
address each issue went to (Delivery): its unique (issue, subscriber) key is what makes a
send exactly once per address, however often a worker dies and starts again."""

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.timezone import now

# A line break in a name or subject would start a new mail header.
one_line = RegexValidator(r"[\r\n]", "Please keep this on one line.", inverse_match=True)


class Newsletter(models.Model):
    class Kind(models.TextChoices):
        DAILY = "daily", "Daily briefing"
        TOPIC = "topic", "Topic digest"
        ALERTS = "alerts", "Breaking-news alerts"

    class Cadence(models.TextChoices):
        BY_HAND = "by_hand", "When an editor sends it"
        DAILY = "daily", "Every day at the send time"
        WEEKDAYS = "weekdays", "Monday to Friday at the send time"

    class Order(models.TextChoices):
        NEWEST = "newest", "Newest story first"
        DISCUSSED = "discussed", "Most discussed story first, then newest"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    topic = models.ForeignKey(
        "topics.Topic", null=True, blank=True, on_delete=models.CASCADE,
        help_text="For a topic digest: the topic whose new stories it carries.",
    )  # fmt: skip
    description = models.CharField(max_length=200, help_text="One line on the sign-up form.")
    sender_name = models.CharField(max_length=100, blank=True, validators=[one_line])
    sender_email = models.EmailField(blank=True, help_text="Empty: DEFAULT_FROM_EMAIL.")
    is_active = models.BooleanField(default=True, help_text="Offered on the sign-up form.")
    position = models.PositiveSmallIntegerField(default=0)
    # The schedule: an issue fills itself from the newest stories before `send_time`, waits
    # for editors to check it (or not), and goes at `send_time` (newsroom time zone).
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.BY_HAND)
    send_time = models.TimeField(
        null=True, blank=True, help_text="When a scheduled issue goes out (newsroom time)."
    )
    compose_minutes = models.PositiveSmallIntegerField(
        default=60, help_text="How long before the send time the issue fills itself, for "
        "editors to check or change it.",
    )  # fmt: skip
    order = models.CharField(max_length=10, choices=Order.choices, default=Order.NEWEST)
    max_stories = models.PositiveSmallIntegerField(default=8, help_text="At most this many.")
    # The next edition the schedule will compose; the schedule's task claims it by moving it
    # on, so two copies of the task never compose the same edition.
    next_edition = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False, suppressed_at__isnull=True)


class Subscriber(models.Model):
    """One email address. Nothing is sent to it before it is confirmed (double opt-in)."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(default=now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The consent record: where and when they signed up, from which address.
    signup_page = models.CharField(max_length=200, blank=True)
    signup_ip = models.GenericIPAddressField(null=True, blank=True)
    suppressed_at = models.DateTimeField(
        null=True, blank=True, help_text="A hard bounce or a complaint: nothing more is sent."
    )
    suppressed_reason = models.CharField(max_length=200, blank=True)
    soft_bounces = models.PositiveSmallIntegerField(
        default=0, help_text="Soft bounces in a row; too many and the address is suppressed."
    )
    # After the retention period the IP address gives way to a keyed hash (as for comments).
    signup_ip_hash = models.CharField(max_length=64, blank=True)
    anonymized_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Subscription.Status.ACTIVE)


class Subscription(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        ACTIVE = "active", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="subscriptions"
    )
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=now)
    changed_at = models.DateTimeField(default=now)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "newsletter"], name="one_subscription_per_newsletter"
            )
        ]

    def __str__(self):
        return f"{self.subscriber} to {self.newsletter}: {self.get_status_display()}"


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="issues")
    subject = models.CharField(max_length=200, validators=[one_line])
    body_text = models.TextField(help_text="The plain-text message.")
    body_html = models.TextField(blank=True, help_text="The HTML message (optional).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    status_detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=now)
    send_at = models.DateTimeField(
        null=True, blank=True, help_text="A scheduled issue goes out then; change it to delay it."
    )
    # The day a scheduled issue is the edition of (empty for issues composed by hand).
    edition = models.DateField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "edition"], name="one_issue_per_edition",
                condition=models.Q(edition__isnull=False),
            )
        ]  # fmt: skip

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("newsletters:issue", args=[self.newsletter.slug, self.pk])


class Delivery(models.Model):
    """One issue to one address. Created for every recipient before the first message
    goes out; marked sent right after the server accepts it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        DEFERRED = "deferred", "Deferred, to be retried"
        FAILED = "failed", "Failed"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Marked as spam by the reader"
        SUPPRESSED = "suppressed", "Suppressed"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    detail = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="A deferred delivery is tried again from then on."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="one_delivery_per_address")
        ]
        indexes = [models.Index(fields=["issue", "status"], name="delivery_issue_status")]

    def __str__(self):
        return f"{self.issue} to {self.subscriber}: {self.status}"
