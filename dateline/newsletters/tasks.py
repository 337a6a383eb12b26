"""Background work for newsletters. Tasks take ids and call a service, nothing else; the
default back-end runs them at once, in process (settings.TASKS)."""

from django.db import transaction
from django_tasks import task

from dateline.newsletters import services
from dateline.newsletters.models import Issue


@task()
def send_issue(issue_id):
    issue = Issue.objects.select_related("newsletter").filter(pk=issue_id).first()
    if issue is not None:
        services.send_pending(issue)


def enqueue_sending(issue):
    """Send in the background once the caller's transaction is committed."""
    issue_id = issue.pk
    transaction.on_commit(lambda: send_issue.enqueue(issue_id))
