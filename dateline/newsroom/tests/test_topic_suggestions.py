from dateline.newsroom.suggestions import suggest_topics
from dateline.newsroom.tests.base import NewsroomTestCase
from dateline.related.rebuild import rebuild

SEAS = "<p>Rising seas and king tides flooded the atoll; the seawall held the tides back.</p>"
POLLS = "<p>Voters queued at polling stations as the election count began in every district.</p>"


class TopicSuggestionsTestCase(NewsroomTestCase):
    def test_it_suggests_the_topics_whose_articles_use_these_words(self):
        climate = self.make_topic("Climate")
        elections = self.make_topic("Elections")
        for n in range(3):
            self.make_article(f"Seawall story {n}", topic=climate, body=SEAS)
            self.make_article(f"Election story {n}", topic=elections, body=POLLS)
        rebuild(lambda *args: None)
        article = self.make_article("Tides rise again", body=SEAS, status="draft")

        suggestions = [topic for topic, _ in suggest_topics(article)]

        self.assertEqual(suggestions[0], climate)
        self.assertNotIn(elections, suggestions)

    def test_the_editor_accepts_a_suggestion_on_the_article_form(self):
        climate = self.make_topic("Climate")
        for n in range(3):
            self.make_article(f"Seawall story {n}", topic=climate, body=SEAS)
        rebuild(lambda *args: None)
        article = self.make_article("Tides rise again", body=SEAS, status="draft")
        self.client.force_login(self.alice)

        r = self.client.get(f"/admin/articles/article/{article.pk}/change/")

        self.assertContains(r, "Suggested topics")
        self.assertContains(r, "Climate (fit")
