"""Issue 22: a takedown (a legal order, a wrong name) reaches every answer Dateline
controls. API answers used to say max-age=60, and kept a pulled story on show for a minute
in every client and front cache."""

from dateline.api.tests.base import ApiTestCase
from dateline.articles.services import unpublish_article
from dateline.newsroom.services import record_change
from dateline.related.models import Story, StoryMember


class TakedownTestCase(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.kept = self.make_article("Talks resume in Strelna")
        self.pulled = self.make_article("Minister named in inquiry")
        story = Story.objects.create(name="The inquiry", slug="the-inquiry")
        for article in (self.kept, self.pulled):
            StoryMember.objects.create(story=story, article=article)

    def take_down(self, article):
        # What the newsroom's "Unpublish selected articles" action calls, committed.
        with self.captureOnCommitCallbacks(execute=True):
            unpublish_article(article, by=self.alice)

    def test_an_unpublished_story_is_gone_from_the_next_answers(self):
        detail = f"/api/v1/articles/{self.pulled.pk}/"
        lists = [
            "/api/v1/articles/",
            "/api/v1/articles/?topic=world",
            "/api/v1/articles/?author=alice-example",
            "/api/v1/stories/the-inquiry/",
        ]
        self.assertEqual(self.get_json(detail)["headline"], "Minister named in inquiry")
        self.assertIn("Minister named in inquiry", self.headlines(lists))

        self.take_down(self.pulled)

        for url in (detail, f"/api/v1/articles/by-slug/{self.pulled.slug}/"):
            with self.subTest(url=url):
                self.get_json(url, status=404)
        self.assertNotIn("Minister named in inquiry", self.headlines(lists))
        self.assertIn("Talks resume in Strelna", self.headlines(lists))

    def test_a_client_holding_the_old_answer_is_not_told_it_is_still_good(self):
        detail = f"/api/v1/articles/{self.pulled.pk}/"
        held = {url: self.client.get(url)["ETag"] for url in (detail, "/api/v1/articles/")}

        self.take_down(self.pulled)
        gone = self.client.get(detail, headers={"If-None-Match": held[detail]})
        listed = self.client.get(
            "/api/v1/articles/", headers={"If-None-Match": held["/api/v1/articles/"]}
        )

        self.assertEqual(gone.status_code, 404)
        self.assertEqual(gone["Cache-Control"], "no-store")
        self.assertEqual(listed.status_code, 200)
        self.assertEqual(
            [a["headline"] for a in listed.json()["results"]], ["Talks resume in Strelna"]
        )

    def test_a_correction_reaches_a_client_holding_the_old_answer(self):
        detail = f"/api/v1/articles/{self.pulled.pk}/"
        etag = self.client.get(detail)["ETag"]

        self.pulled.headline = "Official named in inquiry"
        self.pulled.save(update_fields=["headline"])  # as the newsroom's form saves it
        with self.captureOnCommitCallbacks(execute=True):
            record_change(self.pulled, kind="correction", note="We named the wrong minister.")
        corrected = self.client.get(detail, headers={"If-None-Match": etag})

        self.assertEqual(corrected.status_code, 200)
        self.assertEqual(corrected.json()["headline"], "Official named in inquiry")
        self.assertEqual(corrected.json()["updates"][-1]["kind"], "correction")

    def test_answers_say_no_layer_may_keep_them_longer_than_a_page(self):
        for url in (f"/api/v1/articles/{self.pulled.pk}/", "/api/v1/articles/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response["Cache-Control"], "public, max-age=0, s-maxage=1")

    def headlines(self, urls):
        """Every headline the lists at `urls` show."""
        found = []
        for url in urls:
            answer = self.get_json(url)
            found += [a["headline"] for a in answer.get("results", answer.get("articles", []))]
        return found
