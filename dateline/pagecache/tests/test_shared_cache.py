"""Two app processes sharing one cache: what one invalidates, the other stops serving.

Starts two production servers (`manage.py serve`, granian) on 127.0.0.1 against one SQLite
file, sharing the default file cache, and again sharing one Redis (skipped with a reason
where Redis is not running on 127.0.0.1:6379).
"""

import os
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
import uuid
from pathlib import Path

from django.test import SimpleTestCase

from dateline.test import free_port

ROOT = Path(__file__).resolve().parents[3]
REDIS = "redis://127.0.0.1:6379/14"


def redis_is_up():
    try:
        import redis

        return redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except Exception:
        return False


def fetch(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.headers.get("X-Cache"), response.read().decode()


SETUP = """
from dateline.topics.models import Topic
from dateline.authors.models import Author
from dateline.articles.models import Article
from dateline.articles.services import publish_article, set_authors
topic = Topic.objects.create(name="World", slug="world")
article = Article.objects.create(headline="First headline", slug="story",
                                 body="<p>Text.</p>", primary_topic=topic)
set_authors(article, [Author.objects.create(display_name="A", slug="a")])
publish_article(article)
"""
UPDATE = """
from dateline.articles.models import Article
from dateline.newsroom.services import record_change
article = Article.objects.get(slug="story")
article.headline = "Corrected headline"
article.save()
record_change(article, kind="correction", note="The headline was wrong.")
"""


class TwoProcesses(SimpleTestCase):
    """Two production servers on one database, sharing the cache `cache_environment`
    names; `manage` runs a command beside them, as an editor's write would."""

    setup_code = SETUP

    def cache_environment(self):
        return {}

    def setUp(self):
        self.var = tempfile.TemporaryDirectory()
        self.prefix = f"test-{uuid.uuid4().hex[:8]}"
        self.env = {
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "dateline.settings",
            "SECRET_KEY": "shared-cache-test-secret-key-0123456789abcdef",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATELINE_VAR_DIR": self.var.name,
            "PAGE_CACHE_SECONDS": "600",
            **self.cache_environment(),
        }
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("collectstatic", "--noinput", "-v", "0")
        self.manage("shell", "-c", self.setup_code)
        self.servers = []
        self.ports = [free_port(), free_port()]
        for port in self.ports:
            self.servers.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "serve", "--workers", "1", "--port", str(port)],
                    cwd=ROOT,
                    env=self.env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )  # fmt: skip
            )
        for port in self.ports:
            self.wait_for(port)

    def tearDown(self):
        for server in self.servers:
            server.terminate()
            server.wait(timeout=10)
        self.var.cleanup()

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stderr)

    def wait_for(self, port):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                fetch(port, "/healthz")
                return
            except OSError:
                time.sleep(0.2)
        self.fail(f"server on port {port} did not start")


class FileCacheSharedTestCase(TwoProcesses):
    """The embedded default: no Redis, the file cache under var/cache."""

    def test_an_update_through_one_process_is_seen_through_the_other(self):
        a, b = self.ports
        self.assertEqual(fetch(a, "/news/world/story/")[0], "MISS")
        state, html = fetch(b, "/news/world/story/")
        self.assertEqual(state, "HIT")  # process B serves what process A cached
        self.assertIn("First headline", html)

        self.manage("shell", "-c", UPDATE)

        for port in (b, a):
            state, html = fetch(port, "/news/world/story/")
            self.assertIn("Corrected headline", html)
            self.assertIn("The headline was wrong.", html)


@unittest.skipUnless(redis_is_up(), "Redis is not running on 127.0.0.1:6379")
class RedisSharedTestCase(FileCacheSharedTestCase):
    """Several machines: one Redis."""

    def cache_environment(self):
        return {"REDIS_URL": REDIS, "CACHE_KEY_PREFIX": self.prefix}

    def tearDown(self):
        super().tearDown()
        import redis

        client = redis.Redis.from_url(REDIS)
        for key in client.scan_iter(f"{self.prefix}:*"):
            client.delete(key)
