"""A scheduled newsletter fills itself before its send time and goes at its send time with
no one pressing a button; editors may change or hold the issue until then."""

import datetime
import time
from datetime import timedelta

from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import now

from dateline.newsletters import services, tasks
from dateline.newsletters.models import Issue, Newsletter
from dateline.newsletters.tests.base import NewsletterTestCase, WorkerTestCase
from dateline.test import make_staff


def run_worker():
    """What `make worker` does, for the tasks that are due now."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


class ScheduleTestCase(WorkerTestCase):
    def setUp(self):
        super().setUp()
        self.subscribe("early@example.org")
        self.subscribe("riser@example.org")
        self.make_article("Ceasefire holds overnight", published_at=now() - timedelta(hours=2))
        self.make_article("Grain ships leave port", published_at=now() - timedelta(hours=1))

    def schedule_daily(self, *, in_seconds):
        send_at = timezone.localtime() + timedelta(seconds=in_seconds)
        self.daily.cadence = Newsletter.Cadence.DAILY
        self.daily.send_time = send_at.time().replace(microsecond=0)
        self.daily.compose_minutes = 30
        self.daily.save()
        tasks.schedule(self.daily)

    def test_the_briefing_fills_itself_then_goes_at_its_time(self):
        self.schedule_daily(in_seconds=3)
        run_worker()  # the compose time (half an hour before) has passed: it fills itself

        issue = Issue.objects.get(newsletter=self.daily)
        self.assertEqual(issue.status, Issue.Status.SCHEDULED)
        self.assertIn("Grain ships leave port", issue.body_text)
        self.assertEqual(self.mailbox.messages, [])  # not before its send time

        # An editor tightens the subject before it goes.
        issue.subject = "Morning: the ceasefire holds"
        issue.save()

        time.sleep(max((issue.send_at - now()).total_seconds(), 0) + 0.2)
        run_worker()
        self.assertEqual(
            sorted(self.mailbox.recipients()), ["early@example.org", "riser@example.org"]
        )
        self.assertEqual(
            {m["Subject"] for m in self.mailbox.messages}, {"Morning: the ceasefire holds"}
        )
        issue.refresh_from_db()
        self.assertEqual(issue.status, Issue.Status.SENT)
        # And tomorrow's edition is already waiting for its time.
        self.daily.refresh_from_db()
        self.assertEqual(self.daily.next_edition, issue.edition + timedelta(days=1))

    def test_an_issue_an_editor_holds_does_not_go(self):
        self.schedule_daily(in_seconds=2)
        run_worker()
        issue = Issue.objects.get(newsletter=self.daily)
        editor = make_staff("edna", "Editors")
        self.client.force_login(editor)
        self.client.post(
            reverse("admin:newsletters_issue_changelist"),
            {"action": "hold_selected", "_selected_action": [issue.pk]},
        )
        time.sleep(max((issue.send_at - now()).total_seconds(), 0) + 0.2)
        run_worker()
        self.assertEqual(self.mailbox.messages, [])
        issue.refresh_from_db()
        self.assertEqual(issue.status, Issue.Status.DRAFT)

    def test_an_edition_is_composed_once_however_often_its_task_runs(self):
        self.schedule_daily(in_seconds=600)
        day = self.daily.next_edition.isoformat()
        tasks.compose_edition.call(self.daily.pk, day)
        tasks.compose_edition.call(self.daily.pk, day)  # a second copy of the chain
        self.assertEqual(Issue.objects.filter(newsletter=self.daily).count(), 1)

    def test_an_edition_missed_while_the_worker_was_down_is_skipped(self):
        self.schedule_daily(in_seconds=600)
        two_days_ago = timezone.localdate() - timedelta(days=2)
        Newsletter.objects.filter(pk=self.daily.pk).update(next_edition=two_days_ago)
        tasks.compose_edition.call(self.daily.pk, two_days_ago.isoformat())
        self.assertFalse(Issue.objects.filter(newsletter=self.daily).exists())
        self.daily.refresh_from_db()
        self.assertGreaterEqual(self.daily.next_edition, timezone.localdate())

    def test_the_worker_picks_up_schedules_when_it_starts(self):
        self.schedule_daily(in_seconds=2)
        call_command("schedule_newsletters", verbosity=0)  # as `make worker` does, again
        run_worker()
        self.assertEqual(Issue.objects.filter(newsletter=self.daily).count(), 1)


class CadenceTestCase(NewsletterTestCase):
    def test_a_weekday_newsletter_skips_the_weekend(self):
        self.daily.cadence = Newsletter.Cadence.WEEKDAYS
        self.daily.send_time = datetime.time(6, 0)
        saturday = timezone.make_aware(datetime.datetime(2026, 12, 5, 10, 0))
        self.assertEqual(
            services.next_edition_after(self.daily, saturday), datetime.date(2026, 12, 7)
        )

    def test_after_the_send_time_the_next_edition_is_tomorrows(self):
        self.daily.cadence = Newsletter.Cadence.DAILY
        self.daily.send_time = datetime.time(6, 0)
        morning = timezone.make_aware(datetime.datetime(2026, 12, 8, 6, 30))
        self.assertEqual(
            services.next_edition_after(self.daily, morning), datetime.date(2026, 12, 9)
        )

    def test_the_admin_says_when_scheduling_needs_the_worker(self):
        admin_user = make_staff("ada", "Administrators")
        self.client.force_login(admin_user)
        response = self.client.post(
            reverse("admin:newsletters_newsletter_change", args=[self.daily.pk]),
            {
                "name": self.daily.name, "slug": self.daily.slug, "kind": self.daily.kind,
                "description": self.daily.description, "is_active": "on", "position": 0,
                "cadence": Newsletter.Cadence.DAILY, "send_time": "06:00",
                "compose_minutes": 60, "order": Newsletter.Order.NEWEST, "max_stories": 8,
            },
        )  # fmt: skip
        self.assertEqual(response.status_code, 302)
        said = " ".join(str(m) for m in get_messages(response.wsgi_request))
        self.assertIn("make worker", said)
