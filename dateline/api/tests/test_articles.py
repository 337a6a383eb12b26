from datetime import datetime, timedelta

from django.test import override_settings
from django.utils.timezone import now

from dateline.api.tests.base import ApiTestCase
from dateline.articles.models import Article
from dateline.articles.services import unpublish_article
from dateline.newsroom.services import record_change


class ArticleListTestCase(ApiTestCase):
    def test_it_lists_published_articles_newest_first(self):
        older = self.make_article("Older talks", published_at=now() - timedelta(days=2))
        newer = self.make_article("Newer talks", published_at=now() - timedelta(hours=2))

        data = self.get_json("/api/v1/articles/")

        self.assertEqual([a["id"] for a in data["results"]], [newer.pk, older.pk])
        self.assertEqual(data["count"], 2)
        self.assertEqual(data["page"], 1)
        self.assertEqual(data["num_pages"], 1)
        self.assertIsNone(data["next"])
        self.assertIsNone(data["previous"])

    def test_it_hides_drafts_reviews_scheduled_and_unpublished_articles(self):
        live = self.make_article("Live story")
        self.make_article("A draft", status=Article.Status.DRAFT)
        self.make_article("In review", status=Article.Status.REVIEW)
        self.make_article("Scheduled story", published_at=now() + timedelta(hours=3))
        unpublish_article(self.make_article("Pulled story"))

        data = self.get_json("/api/v1/articles/")

        self.assertEqual([a["id"] for a in data["results"]], [live.pk])
        self.assertEqual(data["count"], 1)

    def test_a_list_item_has_what_a_card_shows(self):
        author = self.make_author("Noor Haddad")
        article = self.make_article(
            "Ferry talks", authors=[author, self.alice_author], dek="Both sides met."
        )
        self.make_lead_image(article)

        item = self.get_json("/api/v1/articles/")["results"][0]

        self.assertEqual(item["headline"], "Ferry talks")
        self.assertEqual(item["slug"], "ferry-talks")
        self.assertEqual(item["dek"], "Both sides met.")
        self.assertEqual(item["primary_topic"]["slug"], "world")
        self.assertEqual([a["slug"] for a in item["authors"]], ["noor-haddad", "alice-example"])
        self.assertEqual(item["canonical_url"], "http://testserver/news/world/ferry-talks/")
        self.assertEqual(item["lead_image"]["alt"], "Negotiators shake hands across a long table")
        self.assertNotIn("body", item)

    def test_it_filters_by_topic_as_primary_or_further_topic(self):
        energy = self.make_topic("Energy")
        primary = self.make_article("Grid pact signed", topic=energy)
        further = self.make_article("Summit ends", topics=[energy])
        self.make_article("Unrelated story")

        data = self.get_json("/api/v1/articles/?topic=energy")

        self.assertEqual({a["id"] for a in data["results"]}, {primary.pk, further.pk})
        self.assertEqual(data["count"], 2)

    def test_it_filters_by_author(self):
        noor = self.make_author("Noor Haddad")
        theirs = self.make_article("Noor's story", authors=[noor])
        self.make_article("Alice's story")

        data = self.get_json("/api/v1/articles/?author=noor-haddad")

        self.assertEqual([a["id"] for a in data["results"]], [theirs.pk])

    def test_published_after_includes_its_day_and_published_before_excludes_its_day(self):
        def on(day):
            return datetime.fromisoformat(f"{day}T12:00:00+00:00")

        february = self.make_article("February story", published_at=on("2025-02-28"))
        march_1 = self.make_article("March 1 story", published_at=on("2025-03-01"))
        march_31 = self.make_article("March 31 story", published_at=on("2025-03-31"))
        april = self.make_article("April story", published_at=on("2025-04-01"))

        march = self.get_json(
            "/api/v1/articles/?published_after=2025-03-01&published_before=2025-04-01"
        )
        self.assertEqual([a["id"] for a in march["results"]], [march_31.pk, march_1.pk])

        since_march = self.get_json("/api/v1/articles/?published_after=2025-03-01")
        self.assertEqual(
            [a["id"] for a in since_march["results"]], [april.pk, march_31.pk, march_1.pk]
        )
        until_march = self.get_json("/api/v1/articles/?published_before=2025-03-01")
        self.assertEqual([a["id"] for a in until_march["results"]], [february.pk])

    @override_settings(TIME_ZONE="Asia/Tokyo")
    def test_days_are_the_newsrooms_days(self):
        # 20:00 UTC on March 31st is already April 1st in Tokyo.
        late = self.make_article(
            "Late story", published_at=datetime.fromisoformat("2025-03-31T20:00:00+00:00")
        )

        april = self.get_json("/api/v1/articles/?published_after=2025-04-01")

        self.assertEqual([a["id"] for a in april["results"]], [late.pk])

    def test_filters_combine(self):
        energy = self.make_topic("Energy")
        noor = self.make_author("Noor Haddad")
        wanted = self.make_article("Grid pact", topic=energy, authors=[noor])
        self.make_article("Other grid story", topic=energy)
        self.make_article("Noor elsewhere", authors=[noor])

        data = self.get_json("/api/v1/articles/?topic=energy&author=noor-haddad")

        self.assertEqual([a["id"] for a in data["results"]], [wanted.pk])


class ArticlePaginationTestCase(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.articles = [
            self.make_article(f"Story {n}", published_at=now() - timedelta(hours=n))
            for n in range(1, 6)
        ]

    def test_it_pages_by_number_with_links_that_keep_the_filters(self):
        first = self.get_json("/api/v1/articles/?page_size=2&topic=world")
        self.assertEqual(first["count"], 5)
        self.assertEqual(first["num_pages"], 3)
        self.assertEqual(first["page_size"], 2)
        self.assertEqual(
            first["next"], "http://testserver/api/v1/articles/?page_size=2&topic=world&page=2"
        )

        second = self.get_json(first["next"])
        self.assertEqual(second["page"], 2)
        self.assertEqual(
            [a["id"] for a in second["results"]], [self.articles[2].pk, self.articles[3].pk]
        )
        self.assertEqual(
            second["previous"], "http://testserver/api/v1/articles/?page_size=2&topic=world&page=1"
        )

        last = self.get_json(second["next"])
        self.assertEqual([a["id"] for a in last["results"]], [self.articles[4].pk])
        self.assertIsNone(last["next"])

    def test_the_page_size_is_capped(self):
        data = self.get_json("/api/v1/articles/?page_size=100000")

        self.assertEqual(data["page_size"], 100)
        self.assertEqual(len(data["results"]), 5)

    def test_a_page_past_the_end_is_a_404_that_says_where_the_list_ends(self):
        data = self.get_json("/api/v1/articles/?page_size=2&page=4", status=404)

        self.assertEqual(data["detail"], "There is no page 4: the last page is 3.")

    def test_an_empty_list_still_has_a_first_page(self):
        data = self.get_json("/api/v1/articles/?published_before=2000-01-01")

        self.assertEqual(data["count"], 0)
        self.assertEqual(data["results"], [])


class ArticleDetailTestCase(ApiTestCase):
    def test_it_shows_everything_about_a_published_article(self):
        energy = self.make_topic("Energy")
        noor = self.make_author("Noor Haddad")
        article = self.make_article(
            "Grid pact signed",
            topic=energy,
            topics=[self.world],
            authors=[noor, self.alice_author],
            dek="Both sides signed at dawn.",
            body="<p>The pact was <em>signed</em>.</p>",
            published_at=datetime.fromisoformat("2025-03-01T06:30:00+00:00"),
        )

        data = self.get_json(f"/api/v1/articles/{article.pk}/")

        self.assertEqual(data["id"], article.pk)
        self.assertEqual(data["headline"], "Grid pact signed")
        self.assertEqual(data["dek"], "Both sides signed at dawn.")
        self.assertEqual(data["excerpt"], "Both sides signed at dawn...")
        self.assertEqual(data["body"], "<p>The pact was <em>signed</em>.</p>")
        self.assertEqual(data["primary_topic"]["slug"], "energy")
        self.assertEqual([t["slug"] for t in data["topics"]], ["energy", "world"])
        self.assertEqual(data["topics"][0]["url"], "http://testserver/news/energy/")
        self.assertEqual(
            data["authors"],
            [
                {
                    "id": noor.pk,
                    "slug": "noor-haddad",
                    "name": "Noor Haddad",
                    "url": "http://testserver/authors/noor-haddad/",
                },
                {
                    "id": self.alice_author.pk,
                    "slug": "alice-example",
                    "name": "Alice Example",
                    "url": "http://testserver/authors/alice-example/",
                },
            ],
        )
        self.assertEqual(data["canonical_url"], "http://testserver/news/energy/grid-pact-signed/")
        self.assertEqual(data["published_at"], "2025-03-01T06:30:00Z")
        self.assertIsNone(data["updated_at"])
        self.assertEqual(data["updates"], [])
        self.assertEqual(data["related"], [])
        self.assertIsNone(data["lead_image"])
        self.assertEqual(data["comment_count"], 0)
        self.assertFalse(data["comments_open"])  # they close COMMENTS_CLOSE_AFTER_DAYS later

    def test_updated_at_and_the_public_log_show_substantive_changes_only(self):
        article = self.make_article("Talks resume")
        record_change(article, kind="minor", by=self.alice)
        data = self.get_json(f"/api/v1/articles/{article.pk}/")
        self.assertIsNone(data["updated_at"])
        self.assertTrue(data["comments_open"])

        at = now().replace(microsecond=0)
        record_change(article, kind="correction", note="We misspelt the minister's name.", at=at)

        data = self.get_json(f"/api/v1/articles/{article.pk}/")
        self.assertEqual(data["updated_at"], at.isoformat().replace("+00:00", "Z"))
        self.assertEqual(
            data["updates"],
            [
                {
                    "kind": "correction",
                    "note": "We misspelt the minister's name.",
                    "date": at.isoformat().replace("+00:00", "Z"),
                }
            ],
        )

    def test_an_update_time_before_publication_is_not_shown(self):
        article = self.make_article("Rescheduled story", updated_at=now() - timedelta(days=5))

        self.assertIsNone(self.get_json(f"/api/v1/articles/{article.pk}/")["updated_at"])

    def test_it_lists_related_articles_that_readers_can_see(self):
        article = self.make_article("Talks resume")
        energy = self.make_topic("Energy")
        related = self.make_article("Grid pact signed", topic=energy)
        scheduled = self.make_article("Not yet", published_at=now() + timedelta(days=1))
        self.link_related(article, related, scheduled)

        data = self.get_json(f"/api/v1/articles/{article.pk}/")

        self.assertEqual(
            data["related"],
            [
                {
                    "id": related.pk,
                    "headline": "Grid pact signed",
                    "url": "http://testserver/news/energy/grid-pact-signed/",
                    "topic": {
                        "id": energy.pk,
                        "slug": "energy",
                        "name": "Energy",
                        "url": "http://testserver/news/energy/",
                    },
                }
            ],
        )

    def test_the_lead_image_gives_its_copies_and_never_the_original(self):
        article = self.make_article("Talks resume")
        self.make_lead_image(article, name="strelna-original")

        response = self.client.get(f"/api/v1/articles/{article.pk}/")
        image = response.json()["lead_image"]

        self.assertEqual(image["alt"], "Negotiators shake hands across a long table")
        self.assertEqual(image["caption"], "The talks resumed on Monday.")
        self.assertEqual(image["credit"], "Photo: Jane Doe / Agency")
        self.assertEqual((image["width"], image["height"]), (2000, 1333))
        self.assertEqual(
            image["renditions"],
            [
                {
                    "url": "http://testserver/media/r/strelna-original-480.webp",
                    "width": 480,
                    "height": 320,
                    "format": "webp",
                },
                {
                    "url": "http://testserver/media/r/strelna-original-800.webp",
                    "width": 800,
                    "height": 533,
                    "format": "webp",
                },
            ],
        )
        self.assertEqual(
            image["fallback"],
            {
                "url": "http://testserver/media/r/strelna-original-800.jpg",
                "width": 800,
                "height": 533,
                "format": "jpeg",
            },
        )
        self.assertNotContains(response, "lead/2025/03/strelna-original.jpg")

    def test_a_lead_image_without_its_copies_yet_is_null(self):
        article = self.make_article("Talks resume")
        lead = self.make_lead_image(article)
        lead.renditions = []
        lead.save()

        self.assertIsNone(self.get_json(f"/api/v1/articles/{article.pk}/")["lead_image"])

    def test_the_comment_count_is_of_approved_comments(self):
        article = self.make_article("Talks resume")
        self.make_comment(article)
        self.make_comment(article, "Held for a moderator.", status="pending")

        self.assertEqual(self.get_json(f"/api/v1/articles/{article.pk}/")["comment_count"], 1)

    def test_it_finds_an_article_by_slug_too(self):
        article = self.make_article("Talks resume")

        by_slug = self.get_json("/api/v1/articles/by-slug/talks-resume/")

        self.assertEqual(by_slug, self.get_json(f"/api/v1/articles/{article.pk}/"))

    def test_an_old_slug_redirects_to_the_new_one(self):
        article = self.make_article("Talks resume")
        article.slug = "talks-resume-in-strelna"
        article.save()

        response = self.client.get("/api/v1/articles/by-slug/talks-resume/")

        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "/api/v1/articles/by-slug/talks-resume-in-strelna/")

    def test_unpublished_drafts_and_scheduled_articles_are_404(self):
        hidden = [
            self.make_article("A draft", status=Article.Status.DRAFT),
            self.make_article("Scheduled story", published_at=now() + timedelta(hours=3)),
            unpublish_article(self.make_article("Pulled story")),
        ]
        for article in hidden:
            for url in (
                f"/api/v1/articles/{article.pk}/",
                f"/api/v1/articles/by-slug/{article.slug}/",
                f"/api/v1/articles/{article.pk}/comments/",
            ):
                with self.subTest(url=url):
                    data = self.get_json(url, status=404)
                    self.assertIn("No published article", data["detail"])
