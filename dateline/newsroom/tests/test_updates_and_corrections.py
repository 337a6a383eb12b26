from datetime import timedelta

from django.utils.timezone import now

from dateline.newsroom.models import ArticleUpdate
from dateline.newsroom.tests.base import NewsroomTestCase
from dateline.newsroom.tests.test_roles import ARTICLES, article_form


class UpdatesAndCorrectionsTestCase(NewsroomTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.alice)
        self.article = self.make_article(
            "Ministers meet in Strelna", published_at=now() - timedelta(days=2)
        )

    def save(self, **fields):
        data = article_form(
            primary_topic=self.world.pk, headline=self.article.headline, slug=self.article.slug,
            status="published", published_at_0="", published_at_1="",
        )  # fmt: skip
        data.pop("published_at_0")
        data.pop("published_at_1")
        data["published_at_0"] = self.article.published_at.strftime("%Y-%m-%d")
        data["published_at_1"] = self.article.published_at.strftime("%H:%M:%S")
        data.update(fields)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(f"{ARTICLES}{self.article.pk}/change/", data)

    def test_a_minor_change_leaves_no_public_trace(self):
        r = self.save(body="<p>Fixed a typo.</p>", change_kind="minor")
        self.assertEqual(r.status_code, 302)
        self.article.refresh_from_db()
        self.assertIsNone(self.article.updated_at)
        self.assertFalse(ArticleUpdate.objects.exists())
        page = self.client.get(self.article.get_absolute_url())
        self.assertNotContains(page, "last updated")
        self.assertNotContains(page, "Updates and corrections")

    def test_an_update_moves_the_date_and_is_logged(self):
        self.save(change_kind="update", change_note="Adds the ministers' joint statement.")

        self.article.refresh_from_db()
        self.assertIsNotNone(self.article.updated_at)
        page = self.client.get(self.article.get_absolute_url())
        self.assertContains(page, "This post was last updated on")
        self.assertContains(page, "Adds the ministers&#x27; joint statement.")
        self.assertContains(page, "<strong>Update, <time")
        self.assertNotContains(self.client.get("/corrections/"), "Ministers meet in Strelna")

    def test_a_correction_is_logged_and_listed_on_the_corrections_page(self):
        self.save(change_kind="correction", change_note="The meeting was in Strelna, not Ardak.")

        page = self.client.get(self.article.get_absolute_url())
        self.assertContains(page, "<strong>Correction, <time")
        corrections = self.client.get("/corrections/")
        self.assertContains(corrections, "Ministers meet in Strelna")
        self.assertContains(corrections, "The meeting was in Strelna, not Ardak.")

    def test_corrections_are_listed_newest_first_and_only_for_live_articles(self):
        older = self.make_article("Older story")
        draft = self.make_article("Pulled story", status="unpublished")
        ArticleUpdate.objects.create(article=older, kind="correction", note="Old fix.",
                                     created_at=now() - timedelta(days=5))  # fmt: skip
        ArticleUpdate.objects.create(article=self.article, kind="correction", note="New fix.")
        ArticleUpdate.objects.create(article=draft, kind="correction", note="Hidden fix.")

        html = self.client.get("/corrections/").content.decode()

        self.assertLess(html.index("New fix."), html.index("Old fix."))
        self.assertNotIn("Hidden fix.", html)

    def test_an_update_needs_a_note_and_keeps_the_edit(self):
        r = self.save(body="<p>A long new paragraph.</p>", change_kind="correction")
        self.assertContains(r, "Write a short note for readers")
        self.assertContains(r, "A long new paragraph.")
        self.assertFalse(ArticleUpdate.objects.exists())

    def test_the_last_updated_date_is_not_editable_by_hand(self):
        r = self.client.get(f"{ARTICLES}{self.article.pk}/change/")
        self.assertNotContains(r, 'name="updated_at_0"')
