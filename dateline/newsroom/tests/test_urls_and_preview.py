from dateline.articles.services import publish_article
from dateline.newsroom.tests.base import NewsroomTestCase


class SlugChangeTestCase(NewsroomTestCase):
    def test_a_published_articles_old_address_redirects_permanently(self):
        article = self.make_article("Talks resume")
        old_url = article.get_absolute_url()

        article.slug = "talks-resume-in-strelna"
        article.save()

        self.assertRedirects(self.client.get(old_url), article.get_absolute_url(), status_code=301)

    def test_every_old_address_leads_to_the_current_one(self):
        article = self.make_article("Talks resume")
        first = article.get_absolute_url()
        article.slug = "second-slug"
        article.save()
        article.slug = "third-slug"
        article.primary_topic = self.make_topic("Diplomacy")
        article.save()

        for old in (first, "/news/world/second-slug/"):
            with self.subTest(old=old):
                r = self.client.get(old)
                self.assertEqual(r.status_code, 301)
                self.assertEqual(r["Location"], "/news/diplomacy/third-slug/")

    def test_renaming_a_draft_keeps_no_history(self):
        draft = self.make_article("Working title", status="draft")
        draft.slug = "final-title"
        draft.save()
        publish_article(draft)
        self.assertEqual(self.client.get("/news/world/working-title/").status_code, 404)


class PreviewTestCase(NewsroomTestCase):
    def setUp(self):
        super().setUp()
        self.draft = self.make_article(
            "Embargoed scoop", authors=[self.dan_author], status="draft",
            body="<p>Scoop body.</p>",
        )  # fmt: skip
        self.url = f"/preview/{self.draft.pk}/"

    def test_editors_preview_a_draft_exactly_as_readers_will_see_it(self):
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, '<h1 id="headline">Embargoed scoop</h1>', html=True)
        self.assertContains(r, "<p>Scoop body.</p>", html=True)
        self.assertContains(r, "Preview: draft. Readers can't see this article yet.")
        self.assertEqual(r["X-Robots-Tag"], "noindex, nofollow")

    def test_authors_preview_their_own_drafts_only(self):
        self.client.force_login(self.dan)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.client.force_login(self.erin)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_readers_get_a_404(self):
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.get(self.draft.get_absolute_url()).status_code, 404)
