"""The interactive docs in a real browser (Playwright driving Debian's Chromium): Swagger UI
must run from our own static files under the site's Content-Security-Policy."""

import unittest

from django.apps import apps

from dateline.test import BrowserTestCase


class ApiDocsInBrowserTestCase(BrowserTestCase):
    @classmethod
    def setUpClass(cls):
        if not apps.is_installed("ninja"):
            raise unittest.SkipTest('The docs page is served only with "ninja" installed.')
        super().setUpClass()

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

        self.assertEqual(page.locator(".opblock").count(), 10)
        self.assertIn("Dateline content API", page.locator(".info .title").inner_text())
        self.assertEqual(errors, [])  # a CSP violation is reported as a console error
        self.assertEqual(elsewhere, [])
