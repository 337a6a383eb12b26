from datetime import timedelta

from django.test import override_settings
from django.urls import reverse
from django.utils.timezone import now

from dateline.mostread.models import HourlyViews, hour_of
from dateline.mostread.tally import tally
from dateline.test import BaseTestCase

# A reader's browser, as it names itself.
BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)


def forget_views_counted_elsewhere():
    """Views this test process counted for earlier tests' pages (a browser test's)."""
    tally.take()


def views_of(article):
    return sum(HourlyViews.objects.filter(article=article).values_list("views", flat=True))


# Views are written when a test flushes them, and the list is computed at every refresh.
@override_settings(MOST_READ_FLUSH_SECONDS=3600, MOST_READ_REFRESH_SECONDS=0)
class MostReadTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        forget_views_counted_elsewhere()

    def beacon(self, article_or_id, *, user_agent=BROWSER, method="post", **headers):
        pk = getattr(article_or_id, "pk", article_or_id)
        send = getattr(self.client, method)
        url = reverse("mostread:beacon", args=[pk])
        return send(url, headers={"User-Agent": user_agent, **headers})

    def read(self, article, times=1):
        for _ in range(times):
            self.assertEqual(self.beacon(article).status_code, 204)

    def counted_before(self, article, views, *, hours_ago=0):
        """Views of `article` written before the test, in the hour `hours_ago` hours back."""
        hour = hour_of(now()) - timedelta(hours=hours_ago)
        HourlyViews.objects.create(article=article, hour=hour, views=views)
