from io import StringIO

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

from dateline.articles.models import Article
from dateline.authors.models import Author
from dateline.comments.models import Comment
from dateline.demo import catalogue
from dateline.demo.content_files import demo_articles, demo_live
from dateline.live.models import Entry
from dateline.newsletters.models import Newsletter, Subscriber
from dateline.related.models import StoryMember
from dateline.topics.models import Topic


class DemoContentFilesTestCase(SimpleTestCase):
    """The demo must look like a real international-affairs site on every page."""

    def setUp(self):
        self.articles = demo_articles()

    def test_there_are_at_least_36_articles_of_150_to_600_words(self):
        self.assertGreaterEqual(len(self.articles), 36)
        for article in self.articles:
            with self.subTest(slug=article.slug):
                self.assertGreaterEqual(article.word_count, 150)
                self.assertLessEqual(article.word_count, 600)
                self.assertTrue(article.dek)

    def test_they_cover_six_topics_and_three_authors(self):
        topic_slugs = {slug for slug, _, _ in catalogue.TOPICS}
        author_slugs = {slug for slug, _, _ in catalogue.AUTHORS}
        used_topics = {a.topic for a in self.articles}
        used_authors = {slug for a in self.articles for slug in a.authors}
        self.assertGreaterEqual(len(used_topics), 6)
        self.assertGreaterEqual(len(used_authors), 3)
        further_topics = {slug for a in self.articles for slug in a.topics}
        self.assertLessEqual(used_topics | further_topics, topic_slugs)
        self.assertLessEqual(used_authors, author_slugs)

    def test_they_were_published_over_two_years_and_some_were_updated(self):
        dates = sorted(a.published for a in self.articles)
        self.assertGreaterEqual((dates[-1] - dates[0]).days, 700)
        updated = [a for a in self.articles if a.updated]
        self.assertGreaterEqual(len(updated), 3)
        for article in updated:
            self.assertGreater(article.updated, article.published, article.slug)

    def test_slugs_are_unique(self):
        slugs = [a.slug for a in self.articles]
        self.assertEqual(len(slugs), len(set(slugs)))


class LoadDemoTestCase(TestCase):
    def load(self):
        out = StringIO()
        call_command("load_demo", stdout=out)
        return out.getvalue()

    def test_it_loads_topics_authors_articles_and_an_editor(self):
        output = self.load()

        self.assertEqual(Article.objects.published().count(), len(demo_articles()))
        self.assertEqual(Topic.objects.on_home_page().count(), 6)
        self.assertEqual(Author.objects.count(), len(catalogue.AUTHORS))
        self.assertGreaterEqual(Comment.objects.approved().count(), 10)
        self.assertTrue(Comment.objects.filter(parent__isnull=False).exists())
        self.assertTrue(Comment.objects.in_moderation().exists())
        self.assertIn("username 'editor', password 'dateline-demo'", output)
        self.assertEqual(Newsletter.objects.count(), len(catalogue.NEWSLETTERS))
        self.assertEqual(Subscriber.objects.confirmed().count(), len(catalogue.DEMO_SUBSCRIBERS))
        self.assertContains(self.client.get("/newsletters/"), "The Daily Briefing")
        login = self.client.post(
            "/admin/login/?next=/admin/",
            {"username": catalogue.DEMO_EDITOR_USERNAME, "password": catalogue.DEMO_PASSWORD},
        )
        self.assertRedirects(login, "/admin/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/admin/articles/article/").status_code, 200)

    def test_running_it_twice_duplicates_nothing_and_keeps_edits(self):
        self.load()
        counts = (
            Article.objects.count(),
            Topic.objects.count(),
            Author.objects.count(),
            Comment.objects.count(),
            Subscriber.objects.count(),
        )
        article = Article.objects.first()
        article.headline = "Edited by an editor"
        article.save()

        output = self.load()

        self.assertEqual(
            (
                Article.objects.count(),
                Topic.objects.count(),
                Author.objects.count(),
                Comment.objects.count(),
                Subscriber.objects.count(),
            ),
            counts,
        )
        self.assertEqual(User.objects.filter(username="editor").count(), 1)
        self.assertTrue(Article.objects.filter(headline="Edited by an editor").exists())
        self.assertIn("Articles: 0 added", output)

    def test_one_story_was_covered_live_with_key_events_and_a_correction(self):
        self.load()
        live = demo_live()
        article = Article.objects.get(slug=live.article)
        page = self.client.get(article.get_absolute_url())
        self.assertContains(page, "Live coverage has ended")
        self.assertEqual(page.content.decode().count(' data-entry="'), len(live.entries))
        self.assertContains(page, "Key events")
        self.assertContains(page, "Police first gave three drones")
        self.load()  # again: nothing doubles
        self.assertEqual(Entry.objects.filter(article=article).count(), len(live.entries))

    def test_the_invented_world_has_stories_followed_across_articles(self):
        self.load()
        shown = [
            article
            for article in Article.objects.published().select_related("primary_topic")
            if "More on this story" in self.client.get(article.get_absolute_url()).content.decode()
        ]
        stories = {StoryMember.objects.get(article=article).story_id for article in shown}
        self.assertGreaterEqual(len(stories), 2)

    def test_every_demo_page_renders(self):
        self.load()
        urls = ["/"]
        urls += [a.get_absolute_url() for a in Article.objects.select_related("primary_topic")]
        urls += [t.get_absolute_url() for t in Topic.objects.all()]
        urls += [a.get_absolute_url() for a in Author.objects.all()]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)


class DemoAuthorLoginTestCase(TestCase):
    def test_the_demo_author_can_log_in_and_sees_only_her_articles(self):
        call_command("load_demo", stdout=StringIO())
        login = self.client.post(
            "/admin/login/?next=/admin/",
            {"username": catalogue.DEMO_AUTHOR_USERNAME, "password": catalogue.DEMO_PASSWORD},
        )
        self.assertRedirects(login, "/admin/", fetch_redirect_response=False)
        changelist = self.client.get("/admin/articles/article/")
        self.assertEqual(changelist.status_code, 200)
        self.assertEqual(
            changelist.context["cl"].result_count,
            Article.objects.filter(bylines__author__slug="amara-okafor").count(),
        )
