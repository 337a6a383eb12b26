"""With DATABASE_REPLICA_URL set, which requests read the replica. A fresh process with a
"replica" that is the same SQLite file, counting each alias's queries."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import json, django
django.setup()
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.contrib.auth.models import User
from dateline.topics.models import Topic
from dateline.authors.models import Author
from dateline.articles.models import Article
from dateline.articles.services import publish_article, set_authors

topic = Topic.objects.create(name="World", slug="world")
article = Article.objects.create(headline="Harbour reopens", slug="harbour",
                                 body="<p>Ferries sail again.</p>", primary_topic=topic)
set_authors(article, [Author.objects.create(display_name="A", slug="a")])
publish_article(article)
User.objects.create_superuser("ed", "ed@example.org", "pw-for-tests-only")

def count(client, method, path, **data):
    with CaptureQueriesContext(connections["replica"]) as replica, \\
         CaptureQueriesContext(connections["default"]) as default:
        status = getattr(client, method)(path, data).status_code
    return {"status": status, "replica": len(replica), "default": len(default)}

staff = Client()
staff.force_login(User.objects.get(username="ed"))
print(json.dumps({
    "search": count(Client(), "get", "/search/", q="harbour"),
    "article": count(Client(), "get", "/news/world/harbour/"),
    "staff search": count(staff, "get", "/search/", q="harbour"),
    "comment post": count(Client(), "post", "/comments/post/", comment="Hello"),
}))
"""


class ReadReplicaTestCase(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.var = tempfile.TemporaryDirectory()
        database = f"sqlite:///{cls.var.name}/dateline.sqlite3"
        env = {
            **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")},
            "DJANGO_SETTINGS_MODULE": "dateline.settings",
            "SECRET_KEY": "replica-test-secret-key-0123456789abcdef-0123456789",
            "ALLOWED_HOSTS": "testserver",
            "DATELINE_VAR_DIR": cls.var.name,
            "DATABASE_URL": database,
            "DATABASE_REPLICA_URL": database,  # the same file stands in for a replica
            "PAGE_CACHE_SECONDS": "600",
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        }
        run = [sys.executable, "manage.py"]
        for args in (
            ["migrate", "--noinput", "-v", "0"],
            ["collectstatic", "--noinput", "-v", "0"],
            ["shell", "-c", SCRIPT],
        ):
            result = subprocess.run([*run, *args], cwd=ROOT, env=env, capture_output=True,
                                    text=True, timeout=180)  # fmt: skip
            if result.returncode:
                raise AssertionError(result.stderr)
        cls.counts = json.loads(result.stdout.strip().splitlines()[-1])

    @classmethod
    def tearDownClass(cls):
        cls.var.cleanup()
        super().tearDownClass()

    def test_a_readers_search_reads_the_replica_only(self):
        search = self.counts["search"]
        self.assertEqual(search["status"], 200)
        self.assertGreater(search["replica"], 0)
        self.assertEqual(search["default"], 0)

    def test_a_page_the_page_cache_keeps_reads_the_primary(self):
        # A lagging replica's page would be stored under the new cache versions.
        article = self.counts["article"]
        self.assertEqual(article["status"], 200)
        self.assertEqual(article["replica"], 0)
        self.assertGreater(article["default"], 0)

    def test_staff_read_the_primary(self):
        # Their own changes must show at once.
        self.assertEqual(self.counts["staff search"]["replica"], 0)
        self.assertGreater(self.counts["staff search"]["default"], 0)

    def test_a_post_never_reads_the_replica(self):
        self.assertEqual(self.counts["comment post"]["replica"], 0)
