"""`manage.py recover_tasks`: put back in the queue the tasks a dead worker left running.

django-tasks-db marks a task RUNNING when a worker claims it and finished when the worker
is done. A worker killed in between (out of memory, SIGKILL, the machine lost) leaves the
task RUNNING for ever: nobody runs it again. `make worker` runs this before `db_worker`,
so the worker that replaces a dead one starts with what it left. Dateline's tasks can run
twice (a related list computed again, a newsletter send that skips what it already sent).
With one worker (docs/deploy.md) every RUNNING task is an orphan when it starts; with
several, give `--older-than` longer than the longest task, so that a live worker's task is
not taken from it.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils.timezone import now
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def recover_tasks(older_than=0):
    """The number of RUNNING tasks, started at least `older_than` seconds ago, put back."""
    stuck = DBTaskResult.objects.running().filter(
        started_at__lte=now() - timedelta(seconds=older_than)
    )
    return stuck.update(status=TaskResultStatus.READY, started_at=None)


class Command(BaseCommand):
    help = "Put tasks a dead worker left running back in the queue (run before db_worker)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", type=int, default=0, metavar="SECONDS",
            help="only tasks running for at least this long (with several workers)",
        )  # fmt: skip

    def handle(self, *args, older_than, **options):
        count = recover_tasks(older_than)
        self.stdout.write(
            f"Put {count} task(s) left running by a stopped worker back in the queue."
        )
