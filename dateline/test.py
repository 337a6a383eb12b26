"""The shared cast and props for Dateline's tests (healthchecks' hc/test.py style).

Alice is an editor, Bob a reader with an account, Charlie an outsider. Articles are made
through the same service functions the newsroom uses.
"""

import contextlib
import os
import shutil
import socket
import unittest
from datetime import timedelta
from urllib.parse import quote, quote_from_bytes, unquote

import hypothesis
import hypothesis.extra.django
from django.contrib.auth.models import Group, User
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.cache import cache
from django.db import transaction
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


# Property-based tests (each app's tests/test_fuzz.py and the API's test_schema_fuzz.py,
# issue 20) send hostile input and check what comes back. 200 examples a test, the same
# ones on every run: together they take about 40 s on a 2-core machine, and what fails on
# CI fails again on a laptop. HYPOTHESIS_PROFILE=thorough tries 1,000 new ones a test (a
# failure prints the example, to keep as a regression test).
hypothesis.settings.register_profile(
    "dateline",
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
)
hypothesis.settings.register_profile(
    "thorough",
    max_examples=1000,
    deadline=None,
    database=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dateline"))

# Markup that would run if a page echoed it. Each piece calls fuzz(), which no page of ours
# contains: finding one of them in a page means it went out unescaped.
MARKUP = [
    "<script>fuzz()</script>",
    "<b onmouseover=fuzz()>",
    '"><img src=x onerror=fuzz()>',
    "'><svg onload=fuzz()>",
    "</textarea><script>fuzz()</script>",
    '<a href="javascript:fuzz()">x</a>',
    "<iframe srcdoc='<script>fuzz()</script>'>",
]
HOSTILE = [
    # Empty, blank, NUL and other control characters, bidi and byte-order marks.
    "", " ", "\x00", "a\x00b", "\t\r\n", "\x1b[2J", "\u202e", "\ufeff", "\u2028",
    # Percent-encoding: malformed, over-long, invalid UTF-8 once decoded, an encoded NUL.
    "%", "%%", "%zz", "%0", "%00", "%FF%FE", "%C3%28", "%E2%82", "%C0%AF", "%ED%A0%80",
    # Numbers: "digits" that int() refuses, absurd sizes, floats, signs, other notations.
    "²", "①", "١٢", "½", "Ⅻ", "0", "-1", "00", "+1", " 1", "1.5", "1e999", "NaN", "inf", "0x10",
    "9" * 30, str(2**63), str(-(2**63) - 1), "-" + "9" * 30,
    # Dates: the calendar's ends, days that don't exist, years with five digits.
    "0000-00-00", "0001-01-01", "9999-12-31", "10000-01-01", "2025-02-30", "2025-13-01",
    "-2025-01-01", "2025-03-01T10:00:00Z", "99999999-01-01", "1970-01-01",
    # Query syntax (SQL, SQLite FTS5, PostgreSQL tsquery), template syntax, paths.
    "' OR '1'='1", "'; DROP TABLE articles_article; --", '" OR 1=1 --', "%' --", "\\",
    '"', "*", "NEAR(a b)", "a OR b", "-a", "^a", "headline:a", "(", ")", ":*", "&|!",
    "{{ 7*7 }}", "{% debug %}", "{{ request.META }}", "${7*7}", "<%= 7*7 %>",
    "../../etc/passwd", "..%2F..%2F", "//evil.example", "javascript:fuzz()",
    # Long values.
    "x" * 10_000, "🙂" * 2_000, "a " * 3_000,
]  # fmt: skip


def hostile_text():
    """A strategy for hostile values (strings): half the time one of the lists above,
    otherwise any Unicode text, any number, any date, bytes that are not UTF-8
    (percent-encoded), or one of the lists' values inside ordinary text."""
    st = hypothesis.strategies
    known = st.sampled_from(HOSTILE + MARKUP)
    text = st.text(max_size=40)
    return st.one_of(
        known,
        st.one_of(
            text,
            st.integers().map(str),
            st.dates().map(str),
            st.binary(min_size=1, max_size=12).map(lambda raw: quote_from_bytes(raw, safe="")),
            st.tuples(text, known, text).map("".join),
        ),
    )


def hostile_query(names):
    """A strategy for query strings: some of the parameters `names`, and perhaps one of
    its own, each with a hostile value."""
    st = hypothesis.strategies
    values = st.fixed_dictionaries({}, optional={name: hostile_text() for name in names})
    other = st.dictionaries(hostile_text(), hostile_text(), max_size=1)
    return st.tuples(values, other).map(
        lambda both: "&".join(
            f"{as_sent(name)}={as_sent(value)}" for pairs in both for name, value in pairs.items()
        )
    )


def as_sent(value):
    """`value` as it goes into an address or a form body: percent-encoded, except that
    percent signs go as they are, so that a malformed escape ("%C3%28", "%zz") reaches the
    server malformed."""
    return quote(value, safe="%")


def live_markup(body, *sent):
    """The pieces of MARKUP that went out in `sent` (values, or addresses that carry them
    percent-encoded) and came back unescaped in `body`."""
    sent = [*sent, *map(unquote, sent)]
    return [piece for piece in MARKUP if any(piece in value for value in sent) and piece in body]


@contextlib.contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


class FuzzTestCase(Cast, hypothesis.extra.django.TestCase):
    """For property-based tests: the cast is made once for each test, and each example
    runs in a transaction of its own, rolled back after it."""

    def setUp(self):
        # Hypothesis' TestCase gives a transaction to each example, none to the test.
        self.enterContext(rolled_back())
        super().setUp()

    def assertSafeAnswer(self, response, *sent):
        """No server error, and no piece of markup in `sent` back unescaped in a page."""
        self.assertLess(response.status_code, 500)
        if response.get("Content-Type", "").startswith("text/html"):
            body = response.content.decode(errors="replace")
            self.assertEqual(live_markup(body, *sent), [], "markup sent came back live")
