from dateline.api.tests.base import ApiTestCase

PRIVATE_KEYS = {"email", "author_email", "user", "username", "ip_address", "user_agent"}


def keys_in(value):
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys_in(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys_in(item)}
    return set()


class NothingPersonalTestCase(ApiTestCase):
    """An author's user account and a commenter's email, IP address and user agent stay
    in the newsroom: no answer of the API carries them."""

    def test_no_answer_carries_an_email_a_username_an_ip_address_or_a_user_agent(self):
        article = self.make_article("Talks resume")  # by Alice, who has a user account
        parent = self.make_comment(article, author_email="dana.reader@example.org")
        self.make_comment(
            article,
            "A reply.",
            parent=parent,
            depth=1,
            author_email="erin@example.net",
            ip_address="198.51.100.23",
            user_agent="ErinsBrowser/2.0",
        )
        urls = [
            "/api/v1/",
            "/api/v1/articles/",
            f"/api/v1/articles/{article.pk}/",
            f"/api/v1/articles/by-slug/{article.slug}/",
            f"/api/v1/articles/{article.pk}/comments/",
            "/api/v1/authors/",
            "/api/v1/authors/alice-example/",
            "/api/v1/topics/",
            "/api/v1/topics/world/",
        ]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                text = response.content.decode()
                for secret in (
                    "alice@example.org",
                    "dana.reader@example.org",
                    "erin@example.net",
                    "@",
                    "203.0.113.7",
                    "198.51.100.23",
                    "SecretBrowser",
                    "ErinsBrowser",
                ):
                    self.assertNotIn(secret, text)
                self.assertFalse(keys_in(response.json()) & PRIVATE_KEYS)

    def test_the_schema_promises_no_private_field_either(self):
        schema = self.get_json("/api/v1/schema/")

        self.assertFalse(keys_in(schema["components"]["schemas"]) & PRIVATE_KEYS)
