"""Writing the counted views: exact, whoever flushes and whenever."""

import threading
from datetime import timedelta
from unittest.mock import patch

from django.db import DatabaseError, connection
from django.utils.timezone import now

from dateline.mostread import services
from dateline.mostread.models import HourlyViews, hour_of
from dateline.mostread.tally import Tally
from dateline.mostread.tests.base import MostReadTestCase, forget_views_counted_elsewhere, views_of
from dateline.test import CommittingTestCase


class FlushTestCase(MostReadTestCase):
    def setUp(self):
        super().setUp()
        self.article = self.make_article("Harbour talks resume")

    def test_counts_from_two_flushes_add_up_exactly(self):
        self.read(self.article, times=3)
        self.assertEqual(services.flush_counts(), 3)
        self.read(self.article, times=2)
        self.assertEqual(services.flush_counts(), 2)
        self.assertEqual(services.flush_counts(), 0)  # nothing is written twice

        self.assertEqual(HourlyViews.objects.get(article=self.article).views, 5)

    def test_each_hour_keeps_its_own_count(self):
        an_hour_ago = now() - timedelta(hours=1)
        with patch.object(services, "now", return_value=an_hour_ago):
            self.read(self.article, times=2)
        self.read(self.article)
        services.flush_counts()

        by_hour = dict(HourlyViews.objects.values_list("hour", "views"))
        self.assertEqual(by_hour, {hour_of(an_hour_ago): 2, hour_of(now()): 1})

    def test_counts_the_database_refused_are_written_by_the_next_flush(self):
        self.read(self.article, times=2)
        with (
            patch.object(services, "add_counts", side_effect=DatabaseError("locked")),
            self.assertRaises(DatabaseError),
        ):
            services.flush_counts()
        self.read(self.article)

        self.assertEqual(services.flush_counts(), 3)
        self.assertEqual(views_of(self.article), 3)

    def test_a_beacon_never_fails_when_the_database_does(self):
        with (
            self.settings(MOST_READ_FLUSH_SECONDS=0),
            patch.object(services, "add_counts", side_effect=DatabaseError("gone")),
        ):
            self.assertEqual(self.beacon(self.article).status_code, 204)

        self.assertEqual(services.flush_counts(), 1)  # kept for the next flush


class FlushingAtOnceTestCase(CommittingTestCase):
    """Several processes (each with its own tally) and several threads of one process
    counting and flushing at the same moment: every view is written once."""

    def setUp(self):
        super().setUp()
        forget_views_counted_elsewhere()
        self.articles = [self.make_article(f"Story {n}") for n in range(3)]

    def run_at_once(self, work, how_many):
        start = threading.Barrier(how_many)
        errors = []

        def run(n):
            try:
                start.wait()
                work(n)
            except Exception as error:  # reported below, with the test's failure
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(n,)) for n in range(how_many)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])

    def flush_until_written(self, tally):
        # A flush that fails (two PostgreSQL transactions deadlocked, or SQLite busy) keeps
        # its counts: flushing again writes them.
        while True:
            try:
                return services.flush_counts(tally)
            except DatabaseError:
                continue

    def test_processes_flushing_the_same_rows_at_once_add_up_exactly(self):
        hour = hour_of(now())

        def process(n):
            tally = Tally()
            for _ in range(20):
                for article in self.articles:
                    tally.add(article.pk, hour)
                    tally.add(article.pk, hour - timedelta(hours=1))
                self.flush_until_written(tally)

        self.run_at_once(process, 4)

        for article in self.articles:
            self.assertEqual(views_of(article), 4 * 20 * 2)

    def test_views_counted_while_another_thread_flushes_are_written_once(self):
        def thread(n):
            for round in range(50):
                services.count_view(self.articles[round % 3].pk)
                if round % 10 == n:
                    self.flush_until_written(services.tally)

        with self.settings(MOST_READ_FLUSH_SECONDS=3600):
            self.run_at_once(thread, 4)
        services.flush_counts()

        self.assertEqual(sum(views_of(article) for article in self.articles), 4 * 50)
