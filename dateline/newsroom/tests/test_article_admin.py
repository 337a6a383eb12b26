import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.articles.models import Article
from dateline.test import BaseTestCase


def inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


OTHER_INLINES = {
    **inline_management("lead_image"),
    **inline_management("related_choices"),
    **inline_management("related_links"),
}


class ArticleAdminTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.alice)

    def test_editors_can_search_articles(self):
        self.make_article("Grid pact signed")
        self.make_article("Harvest fails")

        r = self.client.get("/admin/articles/article/?q=grid")

        self.assertContains(r, "Grid pact signed")
        self.assertNotContains(r, "Harvest fails")

    def test_editors_can_filter_by_status_topic_and_author(self):
        climate = self.make_topic("Climate")
        bruno = self.make_author("Bruno Byline")
        self.make_article("Published world story")
        self.make_article("Draft world story", status=Article.Status.DRAFT)
        self.make_article("Climate story", topic=climate, authors=[bruno])

        by_status = self.client.get("/admin/articles/article/?status__exact=draft")
        by_topic = self.client.get(
            f"/admin/articles/article/?primary_topic__id__exact={climate.pk}"
        )
        by_author = self.client.get(f"/admin/articles/article/?authors__id__exact={bruno.pk}")

        self.assertContains(by_status, "Draft world story")
        self.assertNotContains(by_status, "Published world story")
        self.assertContains(by_topic, "Climate story")
        self.assertNotContains(by_topic, "Draft world story")
        self.assertContains(by_author, "Climate story")
        self.assertNotContains(by_author, "Published world story")

    def test_the_list_cuts_long_headlines_short_and_shows_authors_and_times(self):
        headline = "A very long headline about the harbour talks that goes on and on and on"
        self.make_article(headline)
        r = self.client.get("/admin/articles/article/")
        self.assertContains(r, f'<span class="truncate" title="{headline}">{headline}</span>')
        self.assertContains(r, "Alice Example")  # the authors column
        self.assertContains(r, "dateline/newsroom.css")  # one line a row at 1280 px

    def test_the_list_makes_the_same_queries_for_3_or_12_articles(self):
        def count_queries():
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get("/admin/articles/article/").status_code, 200)
            return len(queries)

        for n in range(3):
            self.make_article(f"Story {n}")
        few = count_queries()
        for n in range(3, 12):
            self.make_article(f"Story {n}", authors=[self.alice_author, self.make_author(f"W {n}")])
        self.assertEqual(count_queries(), few)

    def test_the_slug_is_prepopulated_from_the_headline(self):
        r = self.client.get("/admin/articles/article/add/")
        self.assertContains(r, "data-prepopulated-fields")
        self.assertContains(r, "&quot;dependency_list&quot;: [&quot;headline&quot;]")

    def view_on_site_link(self, article):
        r = self.client.get(f"/admin/articles/article/{article.pk}/change/")
        return re.search(r'<a href="([^"]+)" class="viewsitelink">', r.content.decode()).group(1)

    def test_the_change_page_links_to_the_article_on_the_site(self):
        article = self.make_article("Linked story")
        self.assertEqual(self.view_on_site_link(article), article.get_absolute_url())

    def test_a_draft_links_to_its_preview(self):
        draft = self.make_article("Draft story", status=Article.Status.DRAFT)
        link = self.view_on_site_link(draft)
        self.assertEqual(link, f"/preview/{draft.pk}/")
        self.assertContains(self.client.get(link), "Draft story")

    def test_editors_can_write_and_publish_an_article(self):
        r = self.client.post(
            "/admin/articles/article/add/",
            {
                "headline": "Fresh from the newsroom",
                "slug": "fresh-from-the-newsroom",
                "dek": "A new story.",
                "body": "<p>Reported today.<script>alert(1)</script></p>",
                "primary_topic": self.world.pk,
                "status": "published",
                "comments_open": "on",
                "bylines-TOTAL_FORMS": "1",
                "bylines-INITIAL_FORMS": "0",
                "bylines-MIN_NUM_FORMS": "1",
                "bylines-MAX_NUM_FORMS": "1000",
                "bylines-0-author": self.alice_author.pk,
                "bylines-0-position": "0",
                **OTHER_INLINES,
            },
        )
        self.assertEqual(r.status_code, 302, r.content.decode()[:2000])
        article = Article.objects.get(slug="fresh-from-the-newsroom")
        self.assertIsNotNone(article.published_at)
        self.assertNotIn("<script>", article.body)

        page = self.client.get(article.get_absolute_url())
        self.assertContains(page, "Fresh from the newsroom")

    def test_a_form_error_keeps_what_the_editor_typed(self):
        r = self.client.post(
            "/admin/articles/article/add/",
            {
                "headline": "Half-finished story",
                "slug": "",
                "body": "<p>Two paragraphs of careful reporting.</p>",
                "status": "draft",
                "bylines-TOTAL_FORMS": "0",
                "bylines-INITIAL_FORMS": "0",
                "bylines-MIN_NUM_FORMS": "1",
                "bylines-MAX_NUM_FORMS": "1000",
                **OTHER_INLINES,
            },
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "This field is required.")
        self.assertContains(r, "Half-finished story")
        self.assertContains(r, "Two paragraphs of careful reporting.")

    def test_outsiders_are_sent_to_the_log_in_page(self):
        self.client.force_login(self.charlie)
        r = self.client.get("/admin/articles/article/")
        self.assertRedirects(r, "/admin/login/?next=/admin/articles/article/")

    def test_publish_action_publishes_selected_drafts(self):
        draft = self.make_article("Waiting draft", status=Article.Status.DRAFT)
        r = self.client.post(
            "/admin/articles/article/",
            {"action": "publish_selected", "_selected_action": [draft.pk]},
            follow=True,
        )
        self.assertContains(r, "Published 1 article(s).")  # the notice, once
        self.assertNotContains(self.client.get("/admin/articles/article/"), "Published 1 article")
        self.assertEqual(self.client.get(draft.get_absolute_url()).status_code, 200)
