"""A flood of comments on one story: each shows on the story's page at once, and the lists
that show its comment count follow within COMMENTS_LIST_COUNT_SECONDS, instead of being
thrown out of every cache with every comment."""

from datetime import timedelta

from django.core.cache import cache
from django.test import override_settings
from django.utils.timezone import now
from django_tasks import default_task_backend

from dateline.comments import counts
from dateline.comments.models import Comment
from dateline.comments.services import approve_comment, post_comment
from dateline.test import BaseTestCase

DEFERRING_QUEUE = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@override_settings(PAGE_CACHE_SECONDS=600, COMMENTS_LIST_COUNT_SECONDS=30)
class CommentCountsOnCachedListsTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.article = self.make_article("Grid pact signed")
        self.url = self.article.get_absolute_url()
        cache.clear()

    def get(self, url):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.get(url)

    def comment(self, number):
        with self.captureOnCommitCallbacks(execute=True):
            comment = post_comment(
                article=self.article,
                body=f"Reader remark number {number}.",
                name="Regular Reader",
                email="regular@example.org",
            )
            if comment.status != Comment.Status.APPROVED:  # a first comment waits
                approve_comment(comment)
        return comment

    def lists_refreshes(self):
        return [
            result
            for result in default_task_backend.results
            if result.task.func is counts.show_count_on_lists.func
        ]

    @override_settings(TASKS=DEFERRING_QUEUE)
    def test_the_story_shows_each_comment_at_once_and_the_home_page_follows_within_the_window(
        self,
    ):
        default_task_backend.clear()
        self.comment(1)
        self.comment(2)  # the regular's second comment goes straight through
        self.assertContains(self.get("/"), "2 comments")
        self.assertEqual(self.get("/")["X-Cache"], "HIT")

        self.comment(3)
        self.comment(4)
        story = self.get(self.url + "?comments=open")
        self.assertContains(story, "Reader remark number 4.")
        home = self.get("/")
        self.assertEqual(home["X-Cache"], "HIT")  # the flood leaves the home page cached
        self.assertContains(home, "2 comments")

        # The task at the window's end shows the rest.
        later = self.lists_refreshes()
        self.assertEqual(len(later), 1)
        self.assertGreaterEqual(later[0].task.run_after, now() + timedelta(seconds=29))
        with self.captureOnCommitCallbacks(execute=True):
            later[0].task.call(*later[0].args)
        home = self.get("/")
        self.assertEqual(home["X-Cache"], "MISS")
        self.assertContains(home, "4 comments")

    @override_settings(TASKS=DEFERRING_QUEUE)
    def test_a_single_comment_costs_the_lists_no_second_refresh(self):
        default_task_backend.clear()
        self.comment(1)
        self.comment(2)
        self.get("/")
        cache.delete(counts.window_key(self.article.pk))
        self.comment(3)  # the first in a new window: shown on the lists at once
        self.assertContains(self.get("/"), "3 comments")
        later = self.lists_refreshes()
        with self.captureOnCommitCallbacks(execute=True):
            later[-1].task.call(*later[-1].args)
        self.assertEqual(self.get("/")["X-Cache"], "HIT")

    def test_without_a_queue_that_can_wait_every_comment_shows_on_the_lists_at_once(self):
        self.comment(1)
        self.comment(2)
        self.assertContains(self.get("/"), "2 comments")
        self.comment(3)
        home = self.get("/")
        self.assertEqual(home["X-Cache"], "MISS")
        self.assertContains(home, "3 comments")
