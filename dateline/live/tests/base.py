from datetime import timedelta

from django.test import override_settings
from django.utils.timezone import now

from dateline.live import services
from dateline.live.models import Entry
from dateline.test import BaseTestCase


@override_settings(LIVE_ENTRIES_PER_PAGE=5)
class LiveTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.article = self.make_article("Ceasefire talks in Strelna", body="<p>Background.</p>")
        services.start_coverage(self.article)
        self.url = self.article.get_absolute_url()

    def post(self, text, *, minutes_ago=0, **kwargs):
        with self.captureOnCommitCallbacks(execute=True):  # as when the request ends
            entry = services.post_entry(self.article, f"<p>{text}</p>", by=self.alice, **kwargs)
        if minutes_ago:
            Entry.objects.filter(pk=entry.pk).update(
                posted_at=now() - timedelta(minutes=minutes_ago)
            )
            entry.refresh_from_db()
        return entry
