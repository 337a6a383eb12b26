"""Issues that fill themselves with the newest stories: the daily briefing, a topic digest."""

from datetime import timedelta

from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.articles.sanitize import sanitize_html
from dateline.newsletters import services
from dateline.newsletters.models import Issue, Newsletter
from dateline.newsletters.tests.base import NewsletterTestCase


class ComposingTestCase(NewsletterTestCase):
    def setUp(self):
        super().setUp()
        self.economy = self.make_topic("Economy")
        hours = iter(range(1, 100))
        self.older = self.make_article("Last week's story", published_at=now() - timedelta(days=3))
        self.stories = [
            self.make_article(f"Story {n}", published_at=now() - timedelta(hours=next(hours)))
            for n in range(3)
        ]
        self.economy_story = self.make_article(
            "Gas prices jump", topic=self.economy, published_at=now() - timedelta(minutes=30)
        )
        self.make_article("Tomorrow's story", published_at=now() + timedelta(hours=5))
        self.make_article("A draft", status=Article.Status.DRAFT)

    def test_the_briefing_has_the_days_stories_newest_first(self):
        issue = services.compose_issue(self.daily)
        self.assertEqual(issue.status, Issue.Status.DRAFT)
        self.assertEqual(issue.subject, "The Daily Briefing: Gas prices jump")
        text = issue.body_text
        order = [text.index(h) for h in ("Gas prices jump", "Story 0", "Story 1", "Story 2")]
        self.assertEqual(order, sorted(order))
        for left_out in ("Last week's story", "Tomorrow's story", "A draft"):
            self.assertNotIn(left_out, text)
        self.assertIn("https://news.example.org" + self.stories[0].get_absolute_url(), text)
        self.assertEqual(sanitize_html(issue.body_html), issue.body_html)

    def test_a_topic_digest_has_only_its_topic(self):
        digest = Newsletter.objects.create(
            name="Economy", slug="economy", kind=Newsletter.Kind.TOPIC, topic=self.economy,
            description="New stories on the economy.",
        )  # fmt: skip
        issue = services.compose_issue(digest)
        self.assertIn("Gas prices jump", issue.body_text)
        self.assertNotIn("Story 0", issue.body_text)

    def test_at_most_so_many_stories(self):
        self.daily.max_stories = 2
        issue = services.compose_issue(self.daily)
        self.assertIn("Story 0", issue.body_text)
        self.assertNotIn("Story 1", issue.body_text)

    def test_the_most_discussed_story_may_lead(self):
        Article.objects.filter(pk=self.stories[2].pk).update(comment_count=40)
        self.daily.order = Newsletter.Order.DISCUSSED
        self.daily.max_stories = 3
        issue = services.compose_issue(self.daily)
        self.assertEqual(issue.subject, "The Daily Briefing: Story 2")
        text = issue.body_text
        order = [text.index(h) for h in ("Story 2", "Gas prices jump", "Story 0")]
        self.assertEqual(order, sorted(order))
        self.assertNotIn("Story 1", text)  # three at most, the lead among them

    def test_nothing_new_since_the_last_issue_composes_nothing(self):
        sent = services.compose_issue(self.daily)
        services.queue_issue(sent)
        services.send_pending(sent)
        self.assertIsNone(services.compose_issue(self.daily))
