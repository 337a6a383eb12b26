"""The shared cast and props for Dateline's tests (healthchecks' hc/test.py style).

Alice is an editor, Bob a reader with an account, Charlie an outsider. Articles are made
through the same service functions the newsroom uses.
"""

import socket
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import TestCase
from django.utils.text import slugify
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.articles.services import publish_article, set_authors
from dateline.authors.models import Author
from dateline.newsroom import roles
from dateline.topics.models import Topic


class BaseTestCase(TestCase):
    def setUp(self):
        super().setUp()
        cache.clear()
        # The roles exist after migrate (dateline/newsroom/roles.py).
        editors = Group.objects.get(name=roles.EDITORS)
        self.alice = User.objects.create_user("alice", "alice@example.org", "password")
        self.alice.is_staff = True
        self.alice.save()
        self.alice.groups.add(editors)
        self.bob = User.objects.create_user("bob", "bob@example.org", "password")
        self.charlie = User.objects.create_user("charlie", "charlie@example.org", "password")

        self.world = self.make_topic("World", on_home_page=True)
        self.alice_author = Author.objects.create(
            user=self.alice, display_name="Alice Example", slug="alice-example"
        )

    def make_topic(self, name, **fields):
        slug = slugify(name)
        return Topic.objects.create(name=name, slug=slug, **fields)

    def make_author(self, name):
        return Author.objects.create(display_name=name, slug=slugify(name))

    def make_article(
        self,
        headline="Talks resume in Strelna",
        *,
        topic=None,
        topics=(),
        authors=None,
        published_at=None,
        status=Article.Status.PUBLISHED,
        body="<p>Negotiators met again on Monday.</p>",
        **fields,
    ):
        slug = fields.pop("slug", None) or slugify(headline)[:200]
        article = Article.objects.create(
            headline=headline,
            slug=slug,
            body=body,
            primary_topic=topic or self.world,
            **fields,
        )
        article.topics.set(topics)
        set_authors(article, authors if authors is not None else [self.alice_author])
        if status == Article.Status.PUBLISHED:
            publish_article(article, at=published_at or now() - timedelta(hours=1))
        elif published_at:
            article.published_at = published_at
            article.save(update_fields=["published_at"])
        return article


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on, for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
