from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Lower
from django.utils.timezone import now

from dateline.articles.models import Article


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def in_moderation(self):
        return self.filter(status=Comment.Status.PENDING)

    def for_article(self, article):
        return self.filter(article=article)

    def by_email(self, email):
        # Compared as the indexes keep it (Meta.indexes): a lookup, not a scan of every comment.
        return self.alias(email_lower=Lower("author_email")).filter(
            email_lower=Lower(Value(email.strip()))
        )

    def for_display(self):
        """Only what a reader sees: never the email, IP address or user agent."""
        return self.only(
            "pk", "article_id", "parent_id", "depth", "author_name", "author_url", "body",
            "status", "created_at",
        ).order_by("created_at", "pk")  # fmt: skip


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        TRASH = "trash", "Trash"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0, help_text="0 for a top-level comment.")
    author_name = models.CharField("name", max_length=100, blank=True)
    author_email = models.EmailField("email", blank=True)
    author_url = models.URLField("website", blank=True)
    body = models.TextField("comment")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(
        max_length=40, blank=True, db_index=True, help_text="The rule behind the current status."
    )
    reason_detail = models.CharField(max_length=300, blank=True)
    spam_score = models.FloatField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ip_hash = models.CharField(
        max_length=64, blank=True, help_text="Keyed hash of the IP address once it is removed."
    )
    anonymized_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now, db_index=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_status"),
            # What became of a commenter's earlier comments; their latest on an article.
            models.Index(Lower("author_email"), "status", name="comment_email_status"),
            models.Index(
                Lower("author_email"),
                "article",
                F("created_at").desc(),
                name="comment_email_article",
            ),
        ]
        permissions = [("moderate_comment", "Can moderate comments")]

    def __str__(self):
        return f"{self.author_name or 'Anonymous'} on {self.article_id}: {self.body[:40]}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"


class CommentDecision(models.Model):
    """The moderation log: every change of a comment's status, with its reason."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="decisions")
    previous_status = models.CharField(max_length=10, choices=Comment.Status.choices, blank=True)
    status = models.CharField(max_length=10, choices=Comment.Status.choices)
    reason = models.CharField(max_length=40)
    detail = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="Empty when the rules decided on their own.",
    )
    decided_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self):
        return f"{self.previous_status or 'new'} -> {self.status} ({self.reason})"


class BlockedTerm(models.Model):
    """A blocklist entry: a comment that matches one is marked as spam."""

    class Kind(models.TextChoices):
        WORD = "word", "Word or phrase in the comment or name"
        EMAIL = "email", "Email address"
        IP = "ip", "IP address"
        DOMAIN = "domain", "Link domain"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=200)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="one_blocked_term_per_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def save(self, *args, **kwargs):
        self.value = self.value.strip().lower()
        super().save(*args, **kwargs)


class LearnedSpamModel(models.Model):
    """The spam classifier as moderators have taught it: the default model plus every
    approve / spam decision since. One row; `version` goes up with each lesson so that
    every app process notices and reloads it."""

    data = models.JSONField()
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Learned spam model v{self.version}"
