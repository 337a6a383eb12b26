from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from dateline.articles.models import Article
from dateline.articles.sanitize import sanitize_html
from dateline.articles.text import make_excerpt, plain_text
from dateline.related.management.commands.generate_articles import (
    BODY_WORDS,
    DEK_WORDS,
    HEADLINE_WORDS,
)
from dateline.topics.models import Topic


def generate(count, seed=1):
    out = StringIO()
    call_command("generate_articles", count, seed=seed, stdout=out)
    return out.getvalue()


def generated():
    return Article.objects.filter(slug__startswith="generated-")


class GenerateArticlesTestCase(TestCase):
    def test_it_creates_n_published_articles(self):
        generate(30)
        self.assertEqual(generated().count(), 30)
        self.assertEqual(Article.objects.published().count(), 30)
        self.assertTrue(8 <= Topic.objects.count() <= 12)

    def test_it_tops_up_instead_of_duplicating(self):
        generate(30)
        self.assertIn("Nothing to do", generate(30))
        self.assertEqual(generated().count(), 30)
        generate(40)
        self.assertEqual(generated().count(), 40)

    def test_it_recreates_a_missing_article_with_the_same_text(self):
        generate(30)
        article = Article.objects.get(slug="generated-7")
        headline, body = article.headline, article.body
        article.delete()
        self.assertIn("Creating 1 synthetic articles (29 already there)", generate(30))
        recreated = Article.objects.get(slug="generated-7")
        self.assertEqual((recreated.headline, recreated.body), (headline, body))

    def test_it_writes_articles_of_realistic_length(self):
        generate(30)
        for article in generated():
            self.assertTrue(
                HEADLINE_WORDS[0] <= len(article.headline.split()) <= HEADLINE_WORDS[1],
                article.headline,
            )
            self.assertTrue(DEK_WORDS[0] <= len(article.dek.split()) <= DEK_WORDS[1], article.dek)
            words = len(plain_text(article.body).split())
            self.assertTrue(BODY_WORDS[0] <= words <= BODY_WORDS[1], words)
            self.assertGreater(article.body.count("<p>"), 1)

    def test_it_stores_what_save_would_store(self):
        generate(30)
        for article in generated():
            self.assertEqual(article.body, sanitize_html(article.body))
            self.assertEqual(article.excerpt, make_excerpt(article.dek))

    def test_it_credits_one_to_three_authors(self):
        generate(30)
        for article in generated().prefetch_related("authors"):
            self.assertTrue(1 <= len(article.authors.all()) <= 3)

    def test_articles_are_visible_to_readers(self):
        generate(30)
        article = generated().select_related("primary_topic").first()
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, article.headline)
        response = self.client.get(article.primary_topic.get_absolute_url())
        self.assertEqual(response.status_code, 200)
