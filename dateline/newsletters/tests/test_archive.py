"""The archive of sent issues: pages every reader shares, kept by the page cache until an
issue of that newsletter is sent, changed or deleted."""

from django.test import override_settings
from django.urls import reverse

from dateline.newsletters import services
from dateline.newsletters.models import Issue
from dateline.newsletters.tests.base import NewsletterTestCase


@override_settings(PAGE_CACHE_SECONDS=600)
class ArchiveTestCase(NewsletterTestCase):
    def setUp(self):
        super().setUp()
        self.subscribe("reader@example.org")
        self.first = self.sent("Monday: talks resume", "<p>Talks <strong>resume</strong>.</p>")
        self.url = reverse("newsletters:archive", args=[self.daily.slug])

    def sent(self, subject, html=""):
        issue = Issue.objects.create(
            newsletter=self.daily, subject=subject, body_text="Text.", body_html=html
        )
        with self.captureOnCommitCallbacks(execute=True):
            services.queue_issue(issue)
            services.send_pending(issue)
        return issue

    def get(self, url):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.get(url)

    def test_the_archive_lists_sent_issues_newest_first_and_shows_each(self):
        second = self.sent("Tuesday: the vote")
        Issue.objects.create(newsletter=self.daily, subject="A draft", body_text="x")
        page = self.get(self.url)
        self.assertContains(page, "Tuesday: the vote")
        self.assertNotContains(page, "A draft")
        text = page.content.decode()
        self.assertLess(text.index("Tuesday: the vote"), text.index("Monday: talks resume"))
        shown = self.get(self.first.get_absolute_url())
        self.assertContains(shown, "Talks <strong>resume</strong>.", html=True)
        self.assertContains(shown, second.newsletter.name)

    def test_a_newly_sent_issue_shows_at_once_on_the_cached_archive(self):
        self.assertEqual(self.get(self.url)["X-Cache"], "MISS")
        self.assertEqual(self.get(self.url)["X-Cache"], "HIT")
        self.sent("Tuesday: the vote")
        fresh = self.get(self.url)
        self.assertEqual(fresh["X-Cache"], "MISS")
        self.assertContains(fresh, "Tuesday: the vote")

    def test_an_issue_corrected_or_deleted_after_sending_leaves_the_cached_pages(self):
        issue_url = self.first.get_absolute_url()
        self.get(issue_url)
        self.assertEqual(self.get(issue_url)["X-Cache"], "HIT")
        with self.captureOnCommitCallbacks(execute=True):
            self.first.subject = "Monday: talks resume in Strelna"
            self.first.save()
        self.assertContains(self.get(issue_url), "talks resume in Strelna")
        self.get(self.url)
        with self.captureOnCommitCallbacks(execute=True):
            self.first.delete()
        self.assertNotContains(self.get(self.url), "Strelna")
        self.assertEqual(self.get(issue_url).status_code, 404)

    def test_another_newsletters_issue_leaves_this_archive_cached(self):
        self.get(self.url)
        self.subscribe("reader@example.org", self.alerts)
        alert = Issue.objects.create(newsletter=self.alerts, subject="Breaking", body_text="x")
        with self.captureOnCommitCallbacks(execute=True):
            services.queue_issue(alert)
            services.send_pending(alert)
        self.assertEqual(self.get(self.url)["X-Cache"], "HIT")

    def test_a_page_past_the_end_is_not_found(self):
        self.assertEqual(self.get(self.url + "?page=9").status_code, 404)
        self.assertEqual(self.get(reverse("newsletters:archive", args=["nope"])).status_code, 404)
