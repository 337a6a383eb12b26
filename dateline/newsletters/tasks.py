"""Background work for newsletters. Tasks take ids and call a service, nothing else; the
default back-end runs them at once, in process (settings.TASKS).

Scheduled issues need a queue that can run a task later (`supports_defer`: the database
queue and `make worker`): `compose_edition` fills each edition before its send time and
queues the next one, `send_scheduled` sends it at its send time.
"""

import datetime
import logging

from django.db import transaction
from django.utils.timezone import now
from django_tasks import task

from dateline.newsletters import services
from dateline.newsletters.models import Issue, Newsletter

logger = logging.getLogger(__name__)


def can_schedule():
    return send_issue.get_backend().supports_defer


def later(a_task, when, *args):
    """Run `a_task` at `when` where the queue can wait, else not at all (with a warning:
    the admin says scheduling needs the worker)."""
    if can_schedule():
        return a_task.using(run_after=max(when, now())).enqueue(*args)
    logger.warning("TASKS_BACKEND cannot run a task later: %s not scheduled", a_task.name)
    return None


@task()
def send_issue(issue_id):
    issue = Issue.objects.select_related("newsletter").filter(pk=issue_id).first()
    if issue is None:
        return
    services.send_pending(issue)
    retry_at = services.next_retry(issue)
    # A queue that can run a task later (the database queue) tries deferred addresses
    # again then; with the in-process back-end, the next send does.
    if retry_at is not None and can_schedule():
        later(send_issue, retry_at, issue_id)


def enqueue_sending(issue):
    """Send in the background once the caller's transaction is committed."""
    issue_id = issue.pk
    transaction.on_commit(lambda: send_issue.enqueue(issue_id))


@task()
def compose_edition(newsletter_id, day):
    newsletter = Newsletter.objects.filter(pk=newsletter_id).first()
    if newsletter is None:
        return
    issue, following = services.compose_edition(newsletter, datetime.date.fromisoformat(day))
    if issue is not None:
        later(send_scheduled, issue.send_at, issue.pk)
    if following is not None:
        compose_at = services.edition_moments(newsletter, following)[0]
        later(compose_edition, compose_at, newsletter_id, following.isoformat())


@task()
def send_scheduled(issue_id):
    issue = Issue.objects.select_related("newsletter").filter(pk=issue_id).first()
    if issue is None or issue.status != Issue.Status.SCHEDULED:
        return  # sent by hand, or held by an editor
    if issue.send_at > now():
        later(send_scheduled, issue.send_at, issue_id)  # an editor put it off
        return
    if services.claim_due_issue(issue):
        send_issue.call(issue_id)


def schedule(newsletter):
    """(Re)start the newsletter's schedule once the caller's transaction is committed.
    Returns the day of the next edition and when it fills itself, or (None, None)."""
    day, compose_at = services.plan_next_edition(newsletter)
    if day is not None:
        transaction.on_commit(
            lambda: later(compose_edition, compose_at, newsletter.pk, day.isoformat())
        )
    return day, compose_at


def resume_schedules():
    """Make sure every scheduled newsletter's next edition and every scheduled issue has
    its task (after the queue was emptied, or at a worker's start); a task that is already
    there runs once all the same."""
    for newsletter in Newsletter.objects.exclude(cadence=Newsletter.Cadence.BY_HAND):
        if newsletter.next_edition is None:
            schedule(newsletter)
        elif services.is_scheduled(newsletter):
            compose_at = services.edition_moments(newsletter, newsletter.next_edition)[0]
            later(compose_edition, compose_at, newsletter.pk, newsletter.next_edition.isoformat())
    for issue in Issue.objects.filter(status=Issue.Status.SCHEDULED):
        later(send_scheduled, issue.send_at, issue.pk)
