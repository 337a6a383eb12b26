from datetime import timedelta

from django.utils.timezone import now

from dateline.articles.services import publish_article
from dateline.newsroom.tests.base import NewsroomTestCase, clock_at
from dateline.related.models import RelatedLink

BODY = "<p>The Ardak pipeline consortium reported pumping station repairs and gas flows.</p>"


class SchedulingTestCase(NewsroomTestCase):
    def test_a_scheduled_article_goes_live_at_its_time_with_no_job(self):
        at = now() + timedelta(hours=2)
        article = self.make_article("Embargoed report", status="draft")
        publish_article(article, at=at)
        url = article.get_absolute_url()

        self.assertEqual(article.workflow_state, "Scheduled")
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertNotContains(self.client.get("/"), "Embargoed report")

        with clock_at(at + timedelta(seconds=1)):
            self.assertEqual(self.client.get(url).status_code, 200)
            self.assertContains(self.client.get("/"), "Embargoed report")

    def test_a_scheduled_article_enters_related_lists_when_it_goes_live(self):
        with self.captureOnCommitCallbacks(execute=True):
            existing = self.make_article("Pipeline repairs", body=BODY)
        at = now() + timedelta(hours=2)
        with self.captureOnCommitCallbacks(execute=True):
            scheduled = self.make_article("Pipeline repairs finish", body=BODY, status="draft")
            publish_article(scheduled, at=at)

        # Its place is prepared at publish time; readers see it only from its time on.
        self.assertTrue(RelatedLink.objects.filter(article=existing, related=scheduled).exists())
        self.assertFalse(RelatedLink.objects.for_block(existing).filter(related=scheduled))
        with clock_at(at + timedelta(seconds=1)):
            self.assertTrue(RelatedLink.objects.for_block(existing).filter(related=scheduled))
