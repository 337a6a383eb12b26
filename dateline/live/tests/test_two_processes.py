"""A new entry reaches readers of both app processes at once: the article page and the
poll answer cached in the shared Redis are both stale the moment it is committed."""

import json
import unittest
import urllib.request

from dateline.pagecache.tests.test_shared_cache import REDIS, SETUP, TwoProcesses, redis_is_up

START = """
from dateline.articles.models import Article
from dateline.live.services import start_coverage
start_coverage(Article.objects.get(slug="story"))
"""
POST = """
from django.contrib.auth.models import User
from dateline.articles.models import Article
from dateline.live.services import post_entry
post_entry(Article.objects.get(slug="story"), "<p>Agreement reached at dawn.</p>", by=None)
"""


def get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.headers.get("X-Cache"), response.read().decode()


@unittest.skipUnless(redis_is_up(), "Redis is not running on 127.0.0.1:6379")
class LiveAcrossProcessesTestCase(TwoProcesses):
    setup_code = SETUP + START

    def cache_environment(self):
        return {"REDIS_URL": REDIS, "CACHE_KEY_PREFIX": self.prefix}

    def test_a_new_entry_makes_page_and_poll_stale_in_both_processes(self):
        a, b = self.ports
        poll = "/live/1/updates.json"
        for path in ("/news/world/story/", poll):
            get(a, path)
            self.assertEqual(get(b, path)[0], "HIT")  # B serves what A cached

        self.manage("shell", "-c", POST)

        for port in (b, a):
            state, page = get(port, "/news/world/story/")
            self.assertIn("Agreement reached at dawn.", page)
            _, answer = get(port, poll)
            self.assertEqual(len(json.loads(answer)["entries"]), 1)
