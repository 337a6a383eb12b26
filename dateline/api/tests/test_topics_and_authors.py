from dateline.api.tests.base import ApiTestCase


class TopicsTestCase(ApiTestCase):
    def test_it_lists_every_topic_by_name(self):
        energy = self.make_topic("Energy", description="Grids and pipelines.")

        data = self.get_json("/api/v1/topics/")

        self.assertEqual([t["slug"] for t in data["results"]], ["energy", "world"])
        self.assertEqual(
            data["results"][0],
            {
                "id": energy.pk,
                "slug": "energy",
                "name": "Energy",
                "url": "http://testserver/news/energy/",
                "description": "Grids and pipelines.",
                "main": False,
                "position": 0,
                "articles_url": "http://testserver/api/v1/articles/?topic=energy",
            },
        )

    def test_it_shows_one_topic_by_slug(self):
        data = self.get_json("/api/v1/topics/world/")

        self.assertEqual(data["name"], "World")
        self.assertTrue(data["main"])

    def test_the_articles_link_lists_the_topics_articles(self):
        article = self.make_article("Talks resume")
        topic = self.get_json("/api/v1/topics/world/")

        articles = self.get_json(topic["articles_url"])

        self.assertEqual([a["id"] for a in articles["results"]], [article.pk])

    def test_an_unknown_topic_is_404(self):
        data = self.get_json("/api/v1/topics/atlantis/", status=404)

        self.assertEqual(data["detail"], "No topic has the slug 'atlantis'.")


class AuthorsTestCase(ApiTestCase):
    def test_it_lists_every_author_by_name(self):
        noor = self.make_author("Noor Haddad")
        noor.bio = "Migration correspondent."
        noor.save()

        data = self.get_json("/api/v1/authors/")

        self.assertEqual([a["slug"] for a in data["results"]], ["alice-example", "noor-haddad"])
        self.assertEqual(
            data["results"][1],
            {
                "id": noor.pk,
                "slug": "noor-haddad",
                "name": "Noor Haddad",
                "url": "http://testserver/authors/noor-haddad/",
                "bio": "Migration correspondent.",
                "articles_url": "http://testserver/api/v1/articles/?author=noor-haddad",
            },
        )

    def test_it_shows_one_author_by_slug(self):
        data = self.get_json("/api/v1/authors/alice-example/")

        self.assertEqual(data["name"], "Alice Example")
        self.assertEqual(set(data), {"id", "slug", "name", "url", "bio", "articles_url"})

    def test_an_unknown_author_is_404(self):
        data = self.get_json("/api/v1/authors/nobody/", status=404)

        self.assertEqual(data["detail"], "No author has the slug 'nobody'.")
