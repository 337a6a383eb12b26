import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.test import SimpleTestCase, override_settings

from dateline.test import BaseTestCase, free_port

ROOT = Path(__file__).resolve().parents[3]


class HealthzTestCase(BaseTestCase):
    def test_it_says_ok_when_database_and_cache_answer(self):
        r = self.client.get("/healthz")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json(), {"status": "ok", "database": "ok", "cache": "ok"})

    def test_it_says_unavailable_when_the_database_is_down(self):
        with (
            mock.patch("dateline.ops.views.connection.cursor", side_effect=OperationalError),
            self.assertLogs("dateline.ops.views", "ERROR"),
        ):
            r = self.client.get("/healthz")
        self.assertEqual(r.status_code, 503)
        self.assertEqual(r.json()["database"], "unavailable")

    @override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                            "LOCATION": "redis://127.0.0.1:1/0"}},
    )  # fmt: skip
    def test_a_cache_outage_is_reported_but_keeps_the_server_in_service(self):
        # Every server shares the cache: a 503 would take them all out of the load
        # balancer, while they can still serve pages uncached.
        with self.assertLogs("dateline.ops.views", "ERROR"):
            r = self.client.get("/healthz")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json(), {"status": "degraded", "database": "ok", "cache": "unavailable"})


class DatabaseDownTestCase(BaseTestCase):
    def test_readers_get_a_clean_503_page(self):
        article = self.make_article("Any story")
        with (
            mock.patch(
                "dateline.pages.views.page_article",
                side_effect=OperationalError("connection refused"),
            ),
            self.assertLogs("dateline.ops.middleware", "ERROR"),
        ):
            r = self.client.get(article.get_absolute_url())
        self.assertEqual(r.status_code, 503)
        self.assertContains(r, "We'll be back in a moment", status_code=503)
        self.assertEqual(r["Retry-After"], "30")

    def test_a_middleware_losing_the_database_gives_the_same_503(self):
        # The WordPress redirects look every 404 up: the database went away just then.
        client = self.client_class(raise_request_exception=False)
        with (
            mock.patch(
                "dateline.wordpress.middleware.old_path_target",
                side_effect=OperationalError("server closed the connection unexpectedly"),
            ),
            self.assertLogs("dateline.ops.middleware", "ERROR"),
        ):
            r = client.get("/no-such-page/")
        self.assertEqual(r.status_code, 503)
        self.assertContains(r, "We'll be back in a moment", status_code=503)
        self.assertEqual(r["Retry-After"], "30")


class SecurityHeadersTestCase(BaseTestCase):
    def test_reader_pages_get_a_strict_content_security_policy(self):
        r = self.client.get("/")
        policy = r["Content-Security-Policy"]
        self.assertIn("default-src 'self'", policy)
        self.assertIn("script-src 'self'", policy)
        self.assertIn("frame-ancestors 'none'", policy)
        self.assertNotIn("unsafe-inline", policy)
        self.assertEqual(r["X-Content-Type-Options"], "nosniff")
        self.assertEqual(r["Referrer-Policy"], "strict-origin-when-cross-origin")
        self.assertEqual(r["X-Frame-Options"], "DENY")

    def test_every_response_keeps_its_own_policy(self):
        # The reader policy is built once and reused; the newsroom's and a changed one not.
        first, again = self.client.get("/"), self.client.get("/")
        self.assertEqual(again["Content-Security-Policy"], first["Content-Security-Policy"])
        self.client.force_login(self.alice)
        admin = self.client.get("/admin/")
        self.assertIn("style-src 'self' 'unsafe-inline'", admin["Content-Security-Policy"])
        self.client.logout()
        self.assertNotIn("unsafe-inline", self.client.get("/")["Content-Security-Policy"])
        stricter = {"DIRECTIVES": {"default-src": ["'none'"]}}
        with self.settings(CONTENT_SECURITY_POLICY=stricter):
            self.assertEqual(self.client.get("/")["Content-Security-Policy"], "default-src 'none'")

    def test_the_body_editors_import_map_carries_the_responses_own_nonce(self):
        self.client.force_login(self.alice)
        r = self.client.get("/admin/articles/article/add/")
        nonce = re.search(r"'nonce-([^']+)'", r["Content-Security-Policy"]).group(1)
        self.assertIn(f'<script type="importmap" nonce="{nonce}">', r.content.decode())
        again = self.client.get("/admin/articles/article/add/")
        self.assertNotIn(nonce, again["Content-Security-Policy"])  # a new one each time
        self.assertNotIn("nonce-", self.client.get("/")["Content-Security-Policy"])

    def test_reader_pages_have_no_inline_script_or_style(self):
        article = self.make_article("Any story")
        html = self.client.get(article.get_absolute_url()).content.decode()
        self.assertNotIn("<style", html)
        self.assertNotIn(" style=", html)
        self.assertNotIn(" onclick=", html)
        for script in html.split("<script")[1:]:
            head = script.split(">", 1)[0]
            self.assertTrue("src=" in head or 'type="application/ld+json"' in head, head)


class FaviconTestCase(BaseTestCase):
    def test_browsers_find_the_sites_icon(self):
        r = self.client.get("/favicon.ico")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(b"".join(r.streaming_content)[:4], b"\x00\x00\x01\x00")  # an ICO


class AdminLoginThrottleTestCase(BaseTestCase):
    def test_repeated_failed_logins_are_locked_out(self):
        for _ in range(5):
            self.client.post("/admin/login/", {"username": "alice", "password": "wrong"})
        r = self.client.post("/admin/login/", {"username": "alice", "password": "password"})
        self.assertEqual(r.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)


class DeployCheckTestCase(BaseTestCase):
    def test_check_deploy_is_clean_with_production_settings(self):
        env = {
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "dateline.settings",
            "SECRET_KEY": "k" * 20 + "-production-secret-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "news.example.com",
            "HTTPS": "1",
            "DATELINE_VAR_DIR": "/tmp/dateline-deploy-check",
        }
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)


class ServeTestCase(SimpleTestCase):
    def test_it_refuses_a_port_another_server_listens_on(self):
        # Another server of any kind, or another granian (which binds with SO_REUSEPORT).
        for reuse_port in (False, True):
            with self.subTest(reuse_port=reuse_port), socket.socket() as other:
                if reuse_port:
                    other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
                other.bind(("127.0.0.1", 0))
                other.listen()
                port = other.getsockname()[1]

                with (
                    mock.patch("os.execv") as start_granian,
                    self.assertRaisesMessage(
                        CommandError, f"Port {port} on 127.0.0.1 is already in use"
                    ),
                ):
                    call_command("serve", "--host", "127.0.0.1", "--port", str(port))
                start_granian.assert_not_called()

    def test_it_starts_granian_on_a_free_port(self):
        port = free_port()
        with mock.patch("os.execv") as start_granian:
            call_command("serve", "--host", "127.0.0.1", "--port", str(port))
        args = start_granian.call_args.args[1]
        self.assertEqual(args[args.index("--port") + 1], str(port))
