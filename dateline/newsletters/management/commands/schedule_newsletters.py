"""Give every scheduled newsletter and scheduled issue its task on the queue. `make worker`
runs it before the worker starts; running it again does no harm (each edition is claimed
once)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from dateline.newsletters import tasks
from dateline.newsletters.models import Issue, Newsletter


class Command(BaseCommand):
    help = "Queue the next edition of every scheduled newsletter (safe to run again)."

    def handle(self, *args, **options):
        if not tasks.can_schedule():
            self.stdout.write(
                "TASKS_BACKEND cannot run a task later: scheduled newsletters need the "
                "database queue (TASKS_BACKEND=django_tasks_db.DatabaseBackend, make worker)."
            )
            return
        with transaction.atomic():
            tasks.resume_schedules()
        for newsletter in Newsletter.objects.exclude(next_edition=None):
            self.stdout.write(f"{newsletter}: next edition {newsletter.next_edition}")
        waiting = Issue.objects.filter(status=Issue.Status.SCHEDULED).count()
        self.stdout.write(f"{waiting} scheduled issue(s) waiting for their send time.")
