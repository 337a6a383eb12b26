"""The article page's stored parts (pages/parts.py): a page made from them is the page
rendered afresh, and every change a reader could see throws them away at once."""

import io
import re
from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from dateline.articles.models import Article, ArticlePageParts
from dateline.articles.services import after_change, publish_article, unpublish_article
from dateline.comments import services as comment_services
from dateline.comments.forms import make_token
from dateline.comments.models import Comment
from dateline.pages import parts
from dateline.related.models import RelatedLink
from dateline.test import BaseTestCase

TOKENS = re.compile(r'name="(csrfmiddlewaretoken|token)" value="[^"]*"')


def without_tokens(response):
    return TOKENS.sub("", response.content.decode())


class PagePartsBase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.story = self.make_article("Harbour wall holds", body="<p>The tide came.</p>")
        self.other = self.make_article("Ferry service resumes", body="<p>Boats sail.</p>")
        RelatedLink.objects.create(
            article=self.story, related=self.other, position=0, score=1, reason="similar"
        )
        self.comment = Comment.objects.create(
            article=self.story, body="Good to hear.", author_name="Rui", status="approved"
        )
        comment_services.refresh_comment_counts([self.story.pk])
        self.url = self.story.get_absolute_url()

    def view(self, url=None, **extra):
        r = self.client.get(url or self.url, **extra)
        self.assertEqual(r.status_code, 200)
        return r

    def stored_parts(self):
        return ArticlePageParts.objects.filter(article=self.story, built_at__isnull=False).first()


class PagePartsTestCase(PagePartsBase):
    def test_the_first_view_stores_the_parts_and_the_next_joins_them_in_one_query(self):
        first = self.view()
        self.assertIsNotNone(self.stored_parts())
        with CaptureQueriesContext(connection) as queries:
            again = self.view()
        self.assertEqual(len(queries), 1)
        self.assertEqual(without_tokens(again), without_tokens(first))
        for shown in ("Harbour wall holds", "The tide came.", "Good to hear.", "Ferry service"):
            self.assertContains(again, shown)

    def test_a_page_from_stored_parts_is_the_page_rendered_without_them(self):
        self.view()
        from_parts = self.view()
        with override_settings(ARTICLE_PARTS_SECONDS=0):
            rendered = self.view()
        self.assertEqual(without_tokens(from_parts), without_tokens(rendered))

    def test_addresses_use_the_host_the_reader_asked_for(self):
        with override_settings(ALLOWED_HOSTS=["testserver", "news.example.org"]):
            self.view()  # stores the parts, asked for on testserver
            r = self.view(HTTP_HOST="news.example.org")
        self.assertContains(r, f'<link rel="canonical" href="http://news.example.org{self.url}">')
        self.assertContains(r, f'"url":"http://news.example.org{self.url}"')
        self.assertNotContains(r, "testserver")

    def test_a_page_that_opens_its_comments_is_the_page_rendered_afresh(self):
        self.view()
        from_parts = self.view(self.url + "?comments=open")
        self.assertContains(from_parts, '<details id="comments" open>')
        with override_settings(ARTICLE_PARTS_SECONDS=0):
            rendered = self.view(self.url + "?comments=open")
        self.assertEqual(without_tokens(from_parts), without_tokens(rendered))

    def test_parts_stored_before_a_deploy_that_changes_the_page_are_not_used(self):
        self.view()
        built_with = self.stored_parts().build
        with override_settings(SITE_NAME="The Harbour Herald"):
            r = self.view()
            self.assertContains(r, "<title>Harbour wall holds · The Harbour Herald</title>")
            self.assertNotEqual(self.stored_parts().build, built_with)
        self.assertContains(self.view(), "<title>Harbour wall holds · Dateline</title>")

    def test_with_stored_parts_turned_off_nothing_is_stored(self):
        with override_settings(ARTICLE_PARTS_SECONDS=0):
            self.view()
            self.view()
        self.assertIsNone(self.stored_parts())

    def test_each_view_gets_its_own_time_stamp_and_the_comment_goes_through(self):
        client = self.client_class(enforce_csrf_checks=True)
        client.get(self.url)
        page = client.get(self.url).content.decode()
        # No CSRF token in a page every reader shares: the browser fetches one on use.
        self.assertIn('name="csrfmiddlewaretoken" value="" data-csrf-url="/comments/csrf/"', page)
        self.assertNotIn("Set-Cookie", str(client.get(self.url).headers))
        csrf = client.get("/comments/csrf/").json()["token"]
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        self.assertNotIn(self.stored_parts().values["mark"], page)
        with override_settings(COMMENTS_MIN_FILL_SECONDS=0, COMMENTS_FLOOD_SECONDS=0):
            r = client.post(
                "/comments/post/",
                {
                    "csrfmiddlewaretoken": csrf, "article": self.story.pk, "token": token,
                    "comment": "The wall was built in a winter.", "name": "Dana",
                    "email": "dana@example.org", "website": "https://dana.example.org/",
                },
            )  # fmt: skip
        self.assertEqual(r.status_code, 303)
        self.assertTrue(Comment.objects.filter(body="The wall was built in a winter.").exists())

    def test_an_update_shows_at_once(self):
        self.view()
        self.story.headline = "Harbour wall holds against the king tide"
        self.story.save()
        after_change(self.story)  # as the newsroom's admin does after a save
        r = self.view()
        self.assertContains(r, '<h1 id="headline">Harbour wall holds against the king tide</h1>')
        self.assertContains(r, 'content="Harbour wall holds against the king tide"')
        self.assertContains(r, '"headline":"Harbour wall holds against the king tide"')

    def test_approving_a_comment_shows_it_at_once(self):
        held = Comment.objects.create(
            article=self.story, body="Held for a moderator.", status="pending"
        )
        self.view()
        comment_services.approve_comment(held)
        self.assertContains(self.view(), "Held for a moderator.")

    def test_a_moderator_edit_and_a_privacy_erasure_show_at_once(self):
        self.comment.author_email = "rui@example.org"
        self.comment.author_url = "https://rui.example.org/"
        self.comment.save()
        self.view()
        self.comment.body = "Good to hear, edited."
        comment_services.edit_comment(self.comment, fields=["body"])
        self.assertContains(self.view(), "Good to hear, edited.")

        comment_services.erase_personal_data("rui@example.org")
        r = self.view()
        self.assertNotContains(r, "rui.example.org")
        self.assertNotContains(r, ">Rui<")

    def test_a_change_to_a_related_story_shows_in_the_block_at_once(self):
        self.view()
        self.other.headline = "Ferry service resumes after storm"
        self.other.save()
        after_change(self.other)
        self.assertContains(self.view(), "Ferry service resumes after storm")

        unpublish_article(self.other)
        self.assertNotContains(self.view(), "Ferry service")

    def test_a_deleted_related_story_leaves_the_block_at_once(self):
        self.view()
        self.other.delete()
        self.assertNotContains(self.view(), "Ferry service")

    def test_renaming_a_topic_renames_every_kicker(self):
        self.view()
        self.world.name = "Worldwide"
        self.world.save()
        kicker = '<p class="kicker"><a href="/news/world/">Worldwide</a></p>'
        self.assertContains(self.view(), kicker, count=2)  # the story's, the related one's

    def test_reply_links_go_when_comments_close_by_date(self):
        self.assertContains(self.view(), "?replyto=")
        self.story.published_at = now() - timedelta(days=40)
        Article.objects.filter(pk=self.story.pk).update(published_at=self.story.published_at)
        with override_settings(COMMENTS_CLOSE_AFTER_DAYS=30):
            r = self.view()
        self.assertNotContains(r, "?replyto=")
        self.assertContains(r, "Comments are closed.")

    def test_a_scheduled_related_story_ends_the_parts_when_it_goes_live(self):
        go_live = now() + timedelta(minutes=5)
        later = self.make_article("Lock gates to reopen", status=Article.Status.DRAFT)
        publish_article(later, at=go_live)
        RelatedLink.objects.create(
            article=self.story, related=later, position=1, score=1, reason="similar"
        )
        self.assertNotContains(self.view(), "Lock gates to reopen")
        self.assertEqual(self.stored_parts().expires_at, go_live)

    def test_a_page_rendered_from_what_was_read_before_a_change_is_not_kept(self):
        self.view()
        after_change(self.story)  # the parts are thrown away: a row with a new version
        article = Article.objects.published().for_article_page().get(pk=self.story.pk)
        version = parts.version_read(article)
        after_change(self.story)  # another change lands while that page renders
        rendered = ArticlePageParts(article=article, top="<p>old</p>", data="{}")
        parts.store(article, rendered, version)
        self.assertIsNone(self.stored_parts())
        self.assertNotContains(self.view(), "<p>old</p>")

    def test_a_page_rendered_before_the_first_parts_row_existed_is_not_kept(self):
        ArticlePageParts.objects.filter(article=self.story).delete()
        article = Article.objects.published().for_article_page().get(pk=self.story.pk)
        self.assertIsNone(parts.version_read(article))
        after_change(self.story)
        parts.store(article, ArticlePageParts(article=article, top="<p>old</p>", data="{}"), None)
        self.assertIsNone(self.stored_parts())


class PersonalViewsTestCase(PagePartsBase):
    """What differs from reader to reader is rendered for each, around the stored parts."""

    def test_a_later_page_of_comments_is_rendered_and_not_stored(self):
        with override_settings(COMMENTS_PER_PAGE=1):
            Comment.objects.create(article=self.story, body="Second thought.", status="approved")
            comment_services.refresh_comment_counts([self.story.pk])
            r = self.view(self.url + "?cpage=2")
            self.assertContains(r, "Second thought.")
            self.assertIsNone(self.stored_parts())
            self.assertNotContains(self.view(), "Second thought.")

    def test_a_reader_sees_their_own_held_comment_and_others_do_not(self):
        self.view()
        with override_settings(COMMENTS_MIN_FILL_SECONDS=0, COMMENTS_FLOOD_SECONDS=0):
            self.client.post(
                "/comments/post/",
                {
                    "article": self.story.pk, "token": make_token(self.story),
                    "comment": "Mine, held.", "name": "Dana", "email": "dana@example.org",
                    "website": "https://dana.example.org/",
                },
            )  # fmt: skip
        comment = Comment.objects.get(body="Mine, held.")
        if comment.status != Comment.Status.PENDING:
            comment_services.moderate_comments(
                Comment.objects.filter(pk=comment.pk), Comment.Status.PENDING
            )
        self.assertContains(self.view(), "Mine, held.")
        self.assertNotContains(self.client_class().get(self.url), "Mine, held.")

    def test_a_remembered_commenter_gets_their_details_in_the_form(self):
        self.view()
        from django.http import HttpResponse

        from dateline.comments.cookies import COMMENTER_COOKIE, remember_commenter

        response = HttpResponse()
        remember_commenter(response, name="Dana", email="dana@example.org", website="")
        self.client.cookies[COMMENTER_COOKIE] = response.cookies[COMMENTER_COOKIE].value
        r = self.view()
        self.assertContains(r, 'value="Dana"')
        self.assertContains(r, "Good to hear.")

    def test_a_reply_form_names_the_comment_it_answers(self):
        self.view()
        r = self.view(f"{self.url}?replyto={self.comment.pk}")
        self.assertContains(r, "Reply to Rui")
        self.assertContains(r, f'name="parent" value="{self.comment.pk}"')


class PruneTestCase(PagePartsBase):
    def test_pruning_deletes_only_parts_that_expired_long_ago(self):
        self.view()
        self.view(self.other.get_absolute_url())
        ArticlePageParts.objects.filter(article=self.other).update(
            expires_at=now() - timedelta(hours=2)
        )
        fresh = self.make_article("Just thrown away")  # publishing left a row, no expiry
        out = io.StringIO()
        call_command("prune_page_parts", stdout=out)
        self.assertIn("Deleted the expired page parts of 1 article(s).", out.getvalue())
        self.assertIsNotNone(self.stored_parts())
        self.assertFalse(ArticlePageParts.objects.filter(article=self.other).exists())
        self.assertTrue(ArticlePageParts.objects.filter(article=fresh).exists())
        self.assertContains(self.view(self.other.get_absolute_url()), "Ferry service resumes")
