"""The interactive docs in a real browser (Playwright driving Debian's Chromium): Swagger UI
must run from our own static files under the site's Content-Security-Policy."""

import os
import shutil
import unittest

from django.apps import apps
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extras install it
    sync_playwright = None


@unittest.skipIf(sync_playwright is None, "Playwright for Python is not installed")
@unittest.skipIf(CHROMIUM is None, "Chromium is not installed (Debian package: chromium)")
class ApiDocsInBrowserTestCase(StaticLiveServerTestCase):
    @classmethod
    def setUpClass(cls):
        if not apps.is_installed("ninja"):
            raise unittest.SkipTest('The docs page is served only with "ninja" installed.')
        # Playwright's sync API runs an event loop in this thread.
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

    def test_swagger_ui_shows_every_operation_with_nothing_blocked_or_fetched_elsewhere(self):
        page = self.browser.new_page()
        errors, elsewhere = [], []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "request",
            lambda r: r.url.startswith(self.live_server_url) or elsewhere.append(r.url),
        )

        page.goto(self.live_server_url + "/api/v1/docs/")
        page.wait_for_selector(".opblock", timeout=15_000)

        self.assertEqual(page.locator(".opblock").count(), 9)
        self.assertIn("Dateline content API", page.locator(".info .title").inner_text())
        self.assertEqual(errors, [])  # a CSP violation is reported as a console error
        self.assertEqual(elsewhere, [])
