"""A worker killed in the middle of a task: the task is not lost."""

from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from dateline.related.models import RelatedLink
from dateline.related.tasks import refresh_related_lists
from dateline.test import CommittingTestCase

PIPELINE = "<p>Saboteurs cut the Ardak pipeline near the Strelna pumping station.</p>"


class RecoverTasksTestCase(CommittingTestCase):
    def setUp(self):
        super().setUp()
        self.enterContext(
            override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
        )

    def run_worker(self):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    def test_a_task_left_running_by_a_killed_worker_runs_when_the_worker_is_back(self):
        first = self.make_article("Ardak pipeline sabotage foiled", body=PIPELINE)
        second = self.make_article("Ardak pipeline repairs begin", body=PIPELINE)
        self.run_worker()
        RelatedLink.objects.filter(article=second).delete()
        refresh_related_lists.enqueue(second.pk)
        # The worker claimed it, then was killed: the task stays "running" for ever.
        for result in DBTaskResult.objects.filter(status=TaskResultStatus.READY):
            result.claim("the-killed-worker")
        self.run_worker()
        self.assertFalse(RelatedLink.objects.filter(article=second).exists())  # lost

        call_command("recover_tasks", verbosity=0)
        self.run_worker()

        self.assertEqual(
            list(
                RelatedLink.objects.filter(article=second).values_list("related_id", flat=True)[:1]
            ),
            [first.pk],
        )
        self.assertFalse(DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists())

    def test_with_several_workers_a_task_running_briefly_is_left_to_its_worker(self):
        self.make_article("Ardak pipeline sabotage foiled", body=PIPELINE)
        for result in DBTaskResult.objects.filter(status=TaskResultStatus.READY):
            result.claim("a-live-worker")
        call_command("recover_tasks", older_than=600, verbosity=0)
        self.assertTrue(DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists())
