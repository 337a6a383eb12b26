"""The article page sends the beacon; a staff preview does not."""

from django.urls import reverse

from dateline.articles.models import Article
from dateline.mostread.tests.base import MostReadTestCase


class ArticlePageBeaconTestCase(MostReadTestCase):
    def test_the_article_page_loads_the_beacon_script_with_its_address(self):
        article = self.make_article("Harbour talks resume")

        response = self.client.get(article.get_absolute_url())

        beacon = reverse("mostread:beacon", args=[article.pk])
        self.assertContains(
            response,
            f'<script src="/static/mostread/beacon.js" defer data-most-read-beacon="{beacon}">',
        )

    def test_a_preview_is_not_counted(self):
        draft = self.make_article("Draft budget", status=Article.Status.DRAFT)
        self.client.force_login(self.alice)

        response = self.client.get(reverse("pages:preview", args=[draft.pk]))

        self.assertContains(response, "Draft budget")
        self.assertNotContains(response, "mostread/beacon.js")
