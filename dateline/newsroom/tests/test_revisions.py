import reversion
from reversion.models import Version

from dateline.newsroom.tests.base import NewsroomTestCase
from dateline.newsroom.tests.test_roles import ARTICLES, article_form


class RevisionsTestCase(NewsroomTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.alice)
        self.article = self.make_article("First headline", status="draft")

    def edit(self, headline, body):
        form = article_form(primary_topic=self.world.pk, headline=headline,
                            slug=self.article.slug, body=body)  # fmt: skip
        r = self.client.post(f"{ARTICLES}{self.article.pk}/change/", form)
        self.assertEqual(r.status_code, 302)

    def test_every_save_keeps_a_revision(self):
        self.edit("Second headline", "<p>Second body.</p>")
        self.edit("Third headline", "<p>Third body.</p>")
        versions = Version.objects.get_for_object(self.article)
        self.assertEqual(len(versions), 2)
        self.assertEqual(versions[0].field_dict["headline"], "Third headline")
        self.assertEqual(versions[0].revision.user, self.alice)

    def test_services_keep_revisions_too(self):
        from dateline.articles.services import publish_article

        publish_article(self.article, by=self.alice)
        version = Version.objects.get_for_object(self.article)[0]
        self.assertEqual(version.revision.get_comment(), "Published")

    def test_the_history_shows_a_readable_diff(self):
        self.edit("Second headline", "<p>Second body.</p>")
        self.edit("Third headline", "<p>Third body.</p>")
        versions = Version.objects.get_for_object(self.article)

        r = self.client.get(
            f"{ARTICLES}{self.article.pk}/history/compare/",
            {"version_id1": versions[1].pk, "version_id2": versions[0].pk},
        )

        self.assertContains(r, "Second")
        self.assertContains(r, "Third")
        self.assertContains(r, "<del>")
        self.assertContains(r, "<ins>")

    def test_any_revision_can_be_restored(self):
        self.edit("Second headline", "<p>Second body.</p>")
        self.edit("Third headline", "<p>Third body.</p>")
        older = Version.objects.get_for_object(self.article)[1]

        form = self.client.get(f"{ARTICLES}{self.article.pk}/history/{older.pk}/")
        self.assertContains(form, 'value="Second headline"')
        restore = article_form(primary_topic=self.world.pk, headline="Second headline",
                               slug=self.article.slug, body="<p>Second body.</p>")  # fmt: skip
        r = self.client.post(f"{ARTICLES}{self.article.pk}/history/{older.pk}/", restore)

        self.assertEqual(r.status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual(self.article.headline, "Second headline")
        self.assertTrue(reversion.is_registered(type(self.article)))
