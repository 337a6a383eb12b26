"""Start-up configuration: each case starts a fresh Python with a chosen environment,
as an operator's process manager would."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "a-production-secret-key-that-is-long-enough-0123456789"

REPORT = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": db["ENGINE"],
    "name": str(db["NAME"]),
    "options": db.get("OPTIONS", {}),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": str(settings.CACHES["default"].get("LOCATION", "")),
    "email": settings.EMAIL_BACKEND,
    "hosts": settings.ALLOWED_HOSTS,
}))
"""


def start(env, code=REPORT):
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    base["DJANGO_SETTINGS_MODULE"] = "dateline.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


class UnsafeConfigurationTestCase(SimpleTestCase):
    def test_it_refuses_to_start_without_secret_key(self):
        result = start({"ALLOWED_HOSTS": "news.example.com"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)
        self.assertNotIn("ALLOWED_HOSTS", result.stderr.splitlines()[-1])

    def test_it_refuses_to_start_without_allowed_hosts(self):
        result = start({"SECRET_KEY": GOOD_KEY})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ALLOWED_HOSTS", result.stderr.splitlines()[-1])

    def test_it_refuses_a_short_secret_key(self):
        result = start({"SECRET_KEY": "short", "ALLOWED_HOSTS": "news.example.com"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is too short", result.stderr)

    def test_it_refuses_a_malformed_boolean(self):
        result = start({"DEBUG": "maybe"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DEBUG='maybe' is not a boolean", result.stderr)

    def test_it_refuses_a_trusted_proxy_that_is_not_an_address(self):
        result = start({"DEBUG": "1", "TRUSTED_PROXIES": "127.0.0.1,nginx.internal"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("TRUSTED_PROXIES: 'nginx.internal' is not an IP address", result.stderr)

    def test_it_refuses_a_search_that_ranks_no_candidates(self):
        result = start({"DEBUG": "1", "SEARCH_CANDIDATES": "0"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SEARCH_CANDIDATES=0 must be 1 or more", result.stderr)

    def test_debug_is_off_unless_asked_for(self):
        result = start({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "news.example.com"})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertFalse(json.loads(result.stdout)["debug"])


class EmbeddedDefaultsTestCase(SimpleTestCase):
    def test_it_defaults_to_sqlite_in_wal_mode_a_shared_file_cache_and_console_email(self):
        result = start({"DEBUG": "1", "DATELINE_VAR_DIR": "/tmp/dateline-settings-test"})
        self.assertEqual(result.returncode, 0, result.stderr)
        report = json.loads(result.stdout)
        self.assertEqual(report["engine"], "django.db.backends.sqlite3")
        self.assertEqual(report["name"], "/tmp/dateline-settings-test/dateline.sqlite3")
        self.assertIn("journal_mode=WAL", report["options"]["init_command"])
        self.assertGreater(report["options"]["timeout"], 0)
        # One cache for every process on the box, so invalidation reaches all of them.
        self.assertEqual(report["cache"], "dateline.pagecache.filecache.FileCache")
        self.assertEqual(report["cache_location"], "/tmp/dateline-settings-test/cache")
        self.assertEqual(report["email"], "django.core.mail.backends.console.EmailBackend")

    def test_it_reads_the_secret_key_from_a_file(self):
        path = Path("/tmp/dateline-secret-key-test")
        path.write_text(GOOD_KEY + "\n")
        code = "import django; from django.conf import settings; print(settings.SECRET_KEY)"
        result = start({"SECRET_KEY_FILE": str(path), "ALLOWED_HOSTS": "x.example"}, code)
        self.assertEqual(result.stdout.strip(), GOOD_KEY, result.stderr)


class ProductionServicesTestCase(SimpleTestCase):
    def test_database_url_switches_to_postgresql(self):
        result = start(
            {
                "DEBUG": "1",
                "DATABASE_URL": "postgres://news:pw@db.internal:5432/dateline",
                "REDIS_URL": "redis://cache.internal:6379/0",
            }
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        report = json.loads(result.stdout)
        self.assertEqual(report["engine"], "django.db.backends.postgresql")
        self.assertEqual(report["name"], "dateline")
        self.assertEqual(report["cache"], "django.core.cache.backends.redis.RedisCache")

    def test_a_redis_that_stops_answering_costs_a_request_a_moment(self):
        # A listening socket that never replies: a Redis host lost behind a firewall.
        with socket.socket() as stalled:
            stalled.bind(("127.0.0.1", 0))
            stalled.listen(8)
            port = stalled.getsockname()[1]
            code = (
                "import time, django; django.setup()\n"
                "from django.core.cache import cache\n"
                "started = time.monotonic()\n"
                "try:\n    cache.get('page')\nexcept Exception as exc:\n"
                "    print(type(exc).__name__, round(time.monotonic() - started, 1))\n"
            )
            result = start(
                {"DEBUG": "1", "REDIS_URL": f"redis://127.0.0.1:{port}/0", "REDIS_TIMEOUT": "0.3"},
                code,
            )
        name, seconds = result.stdout.split()
        self.assertEqual(name, "TimeoutError", result.stderr)
        self.assertLess(float(seconds), 5)
