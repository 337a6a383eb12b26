"""The shared cast and props for Dateline's tests (healthchecks' hc/test.py style).

Alice is an editor, Bob a reader with an account, Charlie an outsider. Articles are made
through the same service functions the newsroom uses.
"""

import os
import shutil
import socket
import unittest
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.cache import cache
from django.test import TestCase, TransactionTestCase
from django.utils.text import slugify
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.articles.services import publish_article, set_authors
from dateline.authors.models import Author
from dateline.newsroom import roles
from dateline.topics.models import Topic


class Cast:
    """Alice, Bob, Charlie, a topic and the helpers that make articles."""

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


class BaseTestCase(Cast, TestCase):
    pass


class CommittingTestCase(Cast, TransactionTestCase):
    """For tests whose code commits and closes connections as production does (a task
    worker): each test's data is really committed, and wiped afterwards."""


def make_staff(username, role):
    """A newsroom account in one of the roles (dateline/newsroom/roles.py), password "password"."""
    user = User.objects.create_user(username, f"{username}@example.org", "password")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on, for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - the test extras install it
    expect = sync_playwright = None


@unittest.skipIf(sync_playwright is None, "Playwright for Python is not installed")
@unittest.skipIf(CHROMIUM is None, "Chromium is not installed (Debian package: chromium)")
class BrowserTestCase(StaticLiveServerTestCase):
    """A real browser, Playwright driving Debian's Chromium, against a live server that runs
    the production settings (DEBUG off, the Content-Security-Policy on)."""

    @classmethod
    def setUpClass(cls):
        # Playwright's sync API runs an event loop in this thread; the ORM calls made here
        # are still synchronous.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )  # fmt: skip

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def open_page(self, **options):
        """A new tab whose `problems` list collects what a reader would see go wrong: console
        errors (a blocked script or style is one), uncaught script errors, requests that
        failed and answers with an HTTP error status."""
        context = self.browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        self.addCleanup(context.close)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.problems = []
        page.on(
            "console",
            lambda m: m.type == "error" and page.problems.append(f"{page.url}: console: {m.text}"),
        )
        page.on("pageerror", lambda exc: page.problems.append(f"{page.url}: script: {exc}"))
        page.on(
            "requestfailed",
            # Not a request the test cut short by going to the next page.
            lambda r: (
                r.failure == "net::ERR_ABORTED"
                or page.problems.append(f"{page.url}: failed: {r.url} ({r.failure})")
            ),
        )
        page.on(
            "response",
            lambda r: r.status >= 400 and page.problems.append(f"{page.url}: {r.status} {r.url}"),
        )
        return page

    def log_in(self, page, username, password="password"):
        page.goto(self.live_server_url + "/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_url(self.live_server_url + "/admin/")
