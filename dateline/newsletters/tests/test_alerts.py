"""A breaking-news alert from an article's page in the newsroom."""

from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.newsletters.models import Issue, Subscriber, Subscription
from dateline.newsletters.tests.base import NewsletterTestCase
from dateline.newsroom import roles
from dateline.test import make_staff


class AlertTestCase(NewsletterTestCase):
    def setUp(self):
        super().setUp()
        self.story = self.make_article("Ceasefire agreed in Dunmara", dek="Talks ended at dawn.")
        for n in range(2):
            subscriber = Subscriber.objects.create(email=f"r{n}@example.org", confirmed_at=now())
            Subscription.objects.create(
                subscriber=subscriber, newsletter=self.alerts, status=Subscription.Status.ACTIVE
            )
        self.url = f"/admin/articles/article/{self.story.pk}/alert/"
        self.client.force_login(self.alice)  # an editor

    def test_the_article_page_offers_an_alert(self):
        r = self.client.get(f"/admin/articles/article/{self.story.pk}/change/")
        self.assertContains(r, "Send an alert")

    def test_an_editor_writes_sees_how_many_will_get_it_and_sends(self):
        r = self.client.get(self.url)
        self.assertContains(r, 'value="Ceasefire agreed in Dunmara"')
        data = {
            "newsletter": self.alerts.pk,
            "subject": "Breaking: ceasefire agreed",
            "paragraph": "Both sides signed at dawn.",
        }
        r = self.client.post(self.url, data)
        self.assertContains(r, "to 2 subscribers of Breaking news now?")
        self.assertFalse(Issue.objects.exists())  # not before the confirmation

        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url, {**data, "confirmed": "1"})
        issue = Issue.objects.get()
        self.assertEqual(issue.status, Issue.Status.SENT)
        self.assertEqual(sorted(self.mailbox.recipients()), ["r0@example.org", "r1@example.org"])
        message = self.mailbox.messages[0]
        self.assertEqual(message["Subject"], "Breaking: ceasefire agreed")
        self.assertIn(self.story.get_absolute_url(), str(message))

    def test_a_line_break_in_the_subject_cannot_start_a_header(self):
        data = {
            "newsletter": self.alerts.pk,
            "subject": "Breaking\r\nBcc: everyone@example.org",
            "paragraph": "x",
            "confirmed": "1",
        }
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url, data)
        self.assertEqual(Issue.objects.get().subject, "Breaking Bcc: everyone@example.org")
        self.assertNotIn("everyone@example.org", self.mailbox.recipients())

    def test_only_for_live_stories_and_for_those_who_may_send(self):
        draft = self.make_article("Not yet", status=Article.Status.DRAFT)
        self.assertEqual(
            self.client.get(f"/admin/articles/article/{draft.pk}/alert/").status_code, 404
        )
        self.client.force_login(make_staff("mo", roles.MODERATORS))
        self.assertEqual(self.client.get(self.url).status_code, 403)
