"""Writes to comments: posting, moderating, undoing, and the comments' part of the privacy
tools (dateline/privacy/ brings it together with the newsletters' part).

Views, the admin and commands call these; each keeps the article's approved-comment count
and the moderation log in step with the change.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.timezone import now

from dateline import changes
from dateline.articles.changes import announce_articles
from dateline.articles.models import Article
from dateline.changes import announce
from dateline.comments import counts, policy, spam
from dateline.comments.models import Comment, CommentDecision
from dateline.comments.moderation import Blocklist, CommentModerator, load_blocked_terms
from dateline.ratelimit import too_soon

logger = logging.getLogger(__name__)
Status = Comment.Status


def client_ip(request):
    # Behind a trusted front server, TrustedProxyMiddleware has put the reader's own
    # address here (TRUSTED_PROXIES).
    return request.META.get("REMOTE_ADDR") or None


def is_flooding(ip, email):
    """One comment per COMMENTS_FLOOD_SECONDS per IP address and per email address."""
    keys = [f"comments:flood:ip:{ip}"] if ip else []
    if email:
        keys.append(f"comments:flood:email:{email.lower()}")
    return too_soon(keys, settings.COMMENTS_FLOOD_SECONDS)


def post_comment(
    *, article, body, name="", email="", url="", parent=None, ip=None, agent="",
    earlier_statuses=(),
):  # fmt: skip
    """A reader's new comment, judged and stored. `earlier_statuses`: statuses the caller
    already saw among this sender's earlier comments (the form's duplicate check reads
    their latest on the story), which moderation then need not look up."""
    comment = Comment(
        article=article,
        parent=parent,
        depth=parent.depth + 1 if parent else 0,
        author_name=name.strip(),
        author_email=email.strip(),
        author_url=url.strip(),
        body=body.strip(),
        ip_address=ip or None,
        user_agent=(agent or "")[:300],
    )
    # Judged before the write begins: on SQLite the transaction holds the one write lock,
    # and every other comment waits for it. The blocklist and the model's version, as last
    # committed, in one read of the cache.
    now_in_force = policy.committed_many(
        {policy.BLOCKLIST: load_blocked_terms, policy.SPAM_MODEL_VERSION: spam.model_version}
    )
    comment.spam_score = spam.score(comment, now_in_force[policy.SPAM_MODEL_VERSION])
    moderator = CommentModerator(Blocklist(now_in_force[policy.BLOCKLIST]), earlier_statuses)
    verdict = moderator.moderate(comment)
    comment.status = verdict.status
    comment.reason = verdict.reason
    comment.reason_detail = verdict.detail[:300]
    with transaction.atomic():
        comment.save()
        CommentDecision.objects.create(
            comment=comment,
            status=verdict.status,
            reason=verdict.reason,
            detail=verdict.detail[:300],
        )
        if comment.status == Status.APPROVED:
            count_new_comment(article.pk)
        elif comment.status == Status.PENDING:
            transaction.on_commit(lambda: notify_moderators(comment.pk))
    return comment


def count_new_comment(article_id):
    """One more approved comment on the article: counted in the same transaction (no
    recount of all its comments), shown on its page at once and on the lists within
    COMMENTS_LIST_COUNT_SECONDS (comments/counts.py)."""
    Article.objects.filter(pk=article_id).update(comment_count=F("comment_count") + 1)
    # One announcement: the stored parts it throws away are then locked in one order.
    announce(changes.comments(article_id), *counts.list_tags_now(article_id))


def refresh_comment_counts(article_ids):
    """Store each article's number of approved comments (shown without a query per article)."""
    approved = (
        Comment.objects.approved()
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    article_ids = set(article_ids)
    Article.objects.filter(pk__in=article_ids).update(
        comment_count=Coalesce(Subquery(approved), Value(0))
    )
    # The article's page shows the comments; lists show the count.
    announce_articles(article_ids)


@transaction.atomic
def moderate_comments(queryset, status, *, by=None, reason="moderator", detail=""):
    """Give every comment in `queryset` the new status, however many there are.

    Used for one comment and for "everything this filter shows" alike: the queryset is
    applied on the server, not limited to the rows ticked on one page.
    Approving a comment held as spam, or marking one as spam, teaches the classifier.
    """
    changing = queryset.exclude(status=status)
    rows = list(changing.values_list("pk", "status", "article_id"))
    if not rows:
        return 0
    detail = detail or f"Marked {status} by {by or 'the system'}."
    decided_at = now()
    CommentDecision.objects.bulk_create(
        (
            CommentDecision(
                comment_id=pk,
                previous_status=previous,
                status=status,
                reason=reason,
                detail=detail[:300],
                decided_by=by,
                decided_at=decided_at,
            )
            for pk, previous, _ in rows
        ),
        batch_size=500,
    )
    ids = [pk for pk, _, _ in rows]
    Comment.objects.filter(pk__in=ids).update(
        status=status, reason=reason, reason_detail=detail[:300]
    )
    teach_classifier(rows, status)
    refresh_comment_counts({article_id for _, _, article_id in rows})
    return len(rows)


def teach_classifier(rows, new_status):
    if new_status == Status.SPAM:
        lesson = [pk for pk, previous, _ in rows if previous != Status.SPAM]
        is_spam = True
    elif new_status == Status.APPROVED:
        # "Not spam", and every approval of a held comment, is a lesson in what readers write.
        lesson = [pk for pk, previous, _ in rows if previous in (Status.SPAM, Status.PENDING)]
        is_spam = False
    else:
        return
    for start in range(0, len(lesson), 1000):
        chunk = lesson[start : start + 1000]
        spam.learn(Comment.objects.filter(pk__in=chunk), is_spam=is_spam)


@transaction.atomic
def edit_comment(comment, fields):
    """Save a moderator's edit of a comment (its text, name or website): the article's page
    shows it at once."""
    comment.save(update_fields=fields)
    announce_articles([comment.article_id])
    return comment


def approve_comment(comment, *, by=None):
    return moderate_comments(Comment.objects.filter(pk=comment.pk), Status.APPROVED, by=by)


def mark_comment_as_spam(comment, *, by=None):
    return moderate_comments(Comment.objects.filter(pk=comment.pk), Status.SPAM, by=by)


def trash_comment(comment, *, by=None):
    return moderate_comments(Comment.objects.filter(pk=comment.pk), Status.TRASH, by=by)


@transaction.atomic
def undo_last_verdict(queryset, *, by=None):
    """Put each comment back to the status it had before its latest decision."""
    restored = 0
    for comment in queryset.prefetch_related("decisions"):
        latest = next(iter(comment.decisions.all()), None)
        if latest is None or not latest.previous_status or latest.reason == "undo":
            continue
        restored += moderate_comments(
            Comment.objects.filter(pk=comment.pk),
            latest.previous_status,
            by=by,
            reason="undo",
            detail=f"Undid {latest.status!r} ({latest.reason}).",
        )
    return restored


def moderator_emails():
    perm = Permission.objects.get(content_type__app_label="comments", codename="moderate_comment")
    users = get_user_model().objects.filter(
        Q(groups__permissions=perm) | Q(user_permissions=perm) | Q(is_superuser=True),
        is_active=True,
    )
    emails = set(users.exclude(email="").values_list("email", flat=True))
    return sorted(emails | set(settings.COMMENTS_MODERATION_EMAILS))


def notify_moderators(comment_id):
    """E-mail the moderators about a held comment. Takes an id: it may run in a worker."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.status != Status.PENDING:
        return
    recipients = moderator_emails()
    if not recipients:
        return
    queue = reverse("admin:comments_comment_changelist") + "?status__exact=pending"
    message = (
        f'A comment on "{comment.article.headline}" is waiting for moderation.\n\n'
        f"Why it was held: {comment.reason_detail}\n\n"
        f"Name: {comment.author_name}\n\n{comment.body}\n\n"
        f"Moderation queue: {queue}\n"
    )
    try:
        send_mail(
            f"[{settings.SITE_NAME}] Comment held for moderation",
            message,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    except Exception:  # a mail server being down must not lose the comment
        logger.exception("Could not e-mail moderators about comment %s", comment_id)


def ip_hash(ip):
    return salted_hmac("dateline.comments.ip", ip, algorithm="sha256").hexdigest()


def anonymize_old_comments(*, days=None):
    """Replace IP addresses and user agents older than `days` with a keyed hash.

    The hash still lets a moderator see that two comments came from the same address,
    without keeping the address itself.
    """
    days = settings.COMMENTS_IP_RETENTION_DAYS if days is None else days
    cutoff = now() - timedelta(days=days)
    old = Comment.objects.filter(created_at__lt=cutoff, anonymized_at__isnull=True)
    done = 0
    while batch := list(old.only("pk", "ip_address")[:1000]):
        stamp = now()
        for comment in batch:
            comment.ip_hash = ip_hash(comment.ip_address) if comment.ip_address else ""
            comment.ip_address = None
            comment.user_agent = ""
            comment.anonymized_at = stamp
        Comment.objects.bulk_update(batch, ["ip_hash", "ip_address", "user_agent", "anonymized_at"])
        done += len(batch)
    return done


def export_personal_data(email):
    """Everything Dateline keeps about the person behind `email`, as plain data."""
    comments = Comment.objects.by_email(email).select_related("article").order_by("created_at")
    return {
        "email": email,
        "comments": [
            {
                "article": c.article.headline,
                "article_url": c.article.get_absolute_url(),
                "posted_at": c.created_at.isoformat(),
                "status": c.status,
                "name": c.author_name,
                "email": c.author_email,
                "website": c.author_url,
                "comment": c.body,
                "ip_address": c.ip_address,
                "user_agent": c.user_agent,
            }
            for c in comments
        ],
    }


@transaction.atomic
def erase_personal_data(email):
    """Remove the name, email, website, IP address and user agent from `email`'s comments.

    The comment text stays, credited to "Anonymous", so replies keep their context
    (WordPress's personal-data eraser does the same).
    """
    comments = Comment.objects.by_email(email).filter(Q(author_email__gt=""))
    article_ids = set(comments.values_list("article_id", flat=True))
    erased = comments.update(
        author_name="Anonymous",
        author_email="",
        author_url="",
        ip_address=None,
        ip_hash="",
        user_agent="",
        anonymized_at=now(),
    )
    # The pages that showed the name and website drop them at once, cached or stored.
    if article_ids:
        announce_articles(article_ids)
    return erased
