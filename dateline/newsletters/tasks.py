"""Background work for newsletters. Tasks take ids and call a service, nothing else; the
default back-end runs them at once, in process (settings.TASKS)."""

from django.db import transaction
from django_tasks import task

from dateline.newsletters import services
from dateline.newsletters.models import Issue


@task()
def send_issue(issue_id):
    issue = Issue.objects.select_related("newsletter").filter(pk=issue_id).first()
    if issue is None:
        return
    services.send_pending(issue)
    retry_at = services.next_retry(issue)
    # A queue that can run a task later (the database queue) tries deferred addresses
    # again then; with the in-process back-end, the next send does.
    if retry_at is not None and send_issue.get_backend().supports_defer:
        send_issue.using(run_after=retry_at).enqueue(issue_id)


def enqueue_sending(issue):
    """Send in the background once the caller's transaction is committed."""
    issue_id = issue.pk
    transaction.on_commit(lambda: send_issue.enqueue(issue_id))
