from dateline.articles.models import Article
from dateline.newsroom import roles
from dateline.newsroom.tests.base import NewsroomTestCase

ARTICLES = "/admin/articles/article/"


def article_form(**fields):
    data = {
        "headline": "Harbour deal signed",
        "slug": "harbour-deal-signed",
        "dek": "",
        "body": "<p>Text.</p>",
        "primary_topic": "",
        "status": "draft",
        "bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0", "bylines-MAX_NUM_FORMS": "1000",
        "lead_image-TOTAL_FORMS": "0", "lead_image-INITIAL_FORMS": "0",
        "lead_image-MIN_NUM_FORMS": "0", "lead_image-MAX_NUM_FORMS": "1",
        "related_choices-TOTAL_FORMS": "0", "related_choices-INITIAL_FORMS": "0",
        "related_choices-MIN_NUM_FORMS": "0", "related_choices-MAX_NUM_FORMS": "1000",
        "related_links-TOTAL_FORMS": "0", "related_links-INITIAL_FORMS": "0",
        "related_links-MIN_NUM_FORMS": "0", "related_links-MAX_NUM_FORMS": "1000",
        "change_kind": "minor",
    }  # fmt: skip
    data.update(fields)
    return data


class AuthorRoleTestCase(NewsroomTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.dan)

    def test_authors_see_only_their_own_articles(self):
        self.make_article("Dan's draft", authors=[self.dan_author], status="draft")
        self.make_article("Erin's draft", authors=[self.erin_author], status="draft")

        r = self.client.get(ARTICLES)

        self.assertContains(r, "Dan&#x27;s draft")
        self.assertNotContains(r, "Erin&#x27;s draft")

    def test_authors_write_a_draft_credited_to_themselves_and_submit_it(self):
        r = self.client.post(
            f"{ARTICLES}add/", article_form(primary_topic=self.world.pk, status="review")
        )
        self.assertEqual(r.status_code, 302)
        article = Article.objects.get(slug="harbour-deal-signed")
        self.assertEqual(article.status, Article.Status.REVIEW)
        self.assertEqual(article.byline_authors, [self.dan_author])

    def test_authors_cannot_publish(self):
        r = self.client.post(
            f"{ARTICLES}add/", article_form(primary_topic=self.world.pk, status="published")
        )
        self.assertContains(r, "Select a valid choice")
        self.assertFalse(Article.objects.exists())
        r = self.client.get(ARTICLES)
        self.assertNotContains(r, "publish_selected")

    def test_authors_cannot_edit_someone_elses_draft(self):
        erins = self.make_article("Erin's draft", authors=[self.erin_author], status="draft")
        r = self.client.get(f"{ARTICLES}{erins.pk}/change/")
        self.assertRedirects(r, "/admin/", fetch_redirect_response=False)

    def test_authors_cannot_change_their_article_once_published(self):
        article = self.make_article("Dan's story", authors=[self.dan_author])
        r = self.client.post(
            f"{ARTICLES}{article.pk}/change/",
            article_form(primary_topic=self.world.pk, headline="Sneaky edit", slug=article.slug),
        )
        self.assertEqual(r.status_code, 403)
        article.refresh_from_db()
        self.assertEqual(article.headline, "Dan's story")

    def test_authors_cannot_manage_topics_or_people(self):
        self.assertEqual(self.client.get("/admin/topics/topic/add/").status_code, 403)
        self.assertEqual(self.client.get("/admin/auth/user/").status_code, 403)
        self.assertEqual(self.client.get("/admin/comments/comment/").status_code, 403)


class EditorRoleTestCase(NewsroomTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.alice)

    def test_editors_edit_and_publish_anyones_article(self):
        draft = self.make_article("Dan's draft", authors=[self.dan_author], status="review")
        r = self.client.post(
            f"{ARTICLES}{draft.pk}/change/",
            article_form(primary_topic=self.world.pk, headline="Dan's story, edited",
                         slug=draft.slug, status="published"),
        )  # fmt: skip
        self.assertEqual(r.status_code, 302)
        draft.refresh_from_db()
        self.assertEqual((draft.headline, draft.status), ("Dan's story, edited", "published"))
        self.assertEqual(self.client.get(draft.get_absolute_url()).status_code, 200)

    def test_editors_unpublish(self):
        article = self.make_article("Live story")
        self.client.post(
            ARTICLES, {"action": "unpublish_selected", "_selected_action": [article.pk]}
        )
        article.refresh_from_db()
        self.assertEqual(article.status, Article.Status.UNPUBLISHED)
        self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 404)

    def test_editors_do_not_manage_people_or_comments(self):
        self.assertEqual(self.client.get("/admin/auth/user/").status_code, 403)
        self.assertEqual(self.client.get("/admin/comments/comment/").status_code, 403)


class ModeratorAndAdministratorRolesTestCase(NewsroomTestCase):
    def test_moderators_handle_comments_only(self):
        self.client.force_login(self.make_staff("mo", "Moderators"))
        self.assertEqual(self.client.get("/admin/comments/comment/").status_code, 200)
        self.assertEqual(self.client.get(ARTICLES).status_code, 403)
        self.assertEqual(self.client.get("/admin/auth/user/").status_code, 403)

    def test_administrators_manage_people_and_settings(self):
        self.client.force_login(self.make_staff("ada", "Administrators"))
        self.assertEqual(self.client.get("/admin/auth/user/").status_code, 200)
        self.assertEqual(self.client.get("/admin/comments/blockedterm/").status_code, 200)
        self.assertEqual(self.client.get(ARTICLES).status_code, 200)


class RefusedPageTestCase(NewsroomTestCase):
    def test_a_refused_newsroom_page_names_the_roles_that_may_open_it(self):
        self.client.force_login(self.alice)  # an editor
        r = self.client.get("/admin/comments/comment/")
        self.assertContains(r, "Dateline newsroom", status_code=403)  # the admin's look
        self.assertContains(r, "Moderators and Administrators", status_code=403)
        self.assertContains(r, "Your account is in Editors", status_code=403)

    def test_an_author_is_told_who_may_manage_people(self):
        self.client.force_login(self.dan)
        r = self.client.get("/admin/auth/user/")
        self.assertContains(r, "This page is for <strong>Administrators</strong>", status_code=403)

    def test_the_rule_follows_the_roles_table(self):
        self.assertEqual(
            roles.roles_allowed("topics", "topic", "add"),
            [roles.EDITORS, roles.ADMINISTRATORS],
        )
        self.assertEqual(
            roles.roles_allowed("topics", "topic", "changelist"),
            [roles.AUTHORS, roles.EDITORS, roles.ADMINISTRATORS],
        )
