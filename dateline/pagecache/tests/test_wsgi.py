"""Cache hits answered in front of Django (dateline/pagecache/wsgi.py): the same page, with
the same headers, as the middleware would send; anything personal or stale goes to Django."""

from django.test import override_settings

from dateline.pagecache.middleware import WSGI_MISSED
from dateline.pagecache.wsgi import PageCacheApp
from dateline.test import BaseTestCase


class Django:
    """Stands in for Django's handler: records what reached it."""

    def __init__(self):
        self.environs = []

    def __call__(self, environ, start_response):
        self.environs.append(environ)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"rendered by Django"]


@override_settings(PAGE_CACHE_SECONDS=600)
class PageCacheAppTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.article = self.make_article("Harbour wall repaired")
        self.url = self.article.get_absolute_url()
        self.django = Django()
        self.app = PageCacheApp(self.django)

    def render_once(self):
        """The first visit, through Django: it renders the page and keeps it."""
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.get(self.url)
        self.assertEqual(response["X-Cache"], "MISS")
        return response

    def call(self, path=None, method="GET", **headers):
        path, _, query = (path or self.url).partition("?")
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
                   "SCRIPT_NAME": "", "wsgi.url_scheme": "http", "HTTP_HOST": "testserver",
                   **headers}  # fmt: skip
        started = []
        body = b"".join(self.app(environ, lambda status, hdrs: started.append((status, hdrs))))
        status, header_list = started[0]
        return status, dict(header_list), body

    def test_a_cached_page_is_answered_without_django_and_with_every_header(self):
        rendered = self.render_once()
        status, headers, body = self.call()
        self.assertEqual(self.django.environs, [])
        self.assertEqual(status, "200 OK")
        self.assertEqual(body, rendered.content)
        self.assertIn("Harbour wall repaired", body.decode())
        self.assertEqual(headers["X-Cache"], "HIT")
        # What the middleware added on the way out is kept with the page.
        for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                     "Cache-Control", "ETag"):  # fmt: skip
            self.assertEqual(headers[name], rendered[name], name)

    def test_a_click_id_or_tracking_tag_is_answered_from_the_cached_page(self):
        rendered = self.render_once()
        for junk in ("?fbclid=IwAR0x", "?utm_source=news&utm_medium=social", "?gclid=1&a=2"):
            status, headers, body = self.call(self.url + junk)
            self.assertEqual((status, body), ("200 OK", rendered.content), junk)
        self.assertEqual(self.django.environs, [])
        # A parameter the article page reads is another page: Django renders it.
        status, _, body = self.call(self.url + "?comments=all")
        self.assertEqual(body, b"rendered by Django")

    def test_a_reader_whose_copy_is_current_gets_304_and_head_gets_no_body(self):
        rendered = self.render_once()
        status, headers, body = self.call(HTTP_IF_NONE_MATCH=rendered["ETag"])
        self.assertEqual((status, body), ("304 Not Modified", b""))
        self.assertEqual(headers["ETag"], rendered["ETag"])
        status, headers, body = self.call(method="HEAD")
        self.assertEqual((status, body), ("200 OK", b""))
        self.assertEqual(headers["Content-Length"], str(len(rendered.content)))

    def test_an_update_sends_the_next_reader_to_django(self):
        self.render_once()
        from dateline.articles.services import record_update

        self.article.headline = "Harbour wall repaired, then breached"
        self.article.save()
        with self.captureOnCommitCallbacks(execute=True):
            record_update(self.article)
        status, _, body = self.call()
        self.assertEqual(body, b"rendered by Django")
        self.assertTrue(self.django.environs[0][WSGI_MISSED])

    def test_staff_commenters_posts_and_other_pages_go_to_django(self):
        self.render_once()
        cases = [
            {"HTTP_COOKIE": "sessionid=abc"},
            {"HTTP_COOKIE": "theme=dark; dateline_held=12"},
            {"method": "POST"},
            {"path": self.url + "?cpage=2"},  # another address: not rendered yet
            {"HTTP_HOST": "evil.example"},  # not in ALLOWED_HOSTS: Django answers 400
        ]
        for case in cases:
            with self.subTest(case=case):
                _, _, body = self.call(**case)
                self.assertEqual(body, b"rendered by Django")
        # An unrelated cookie is no reason to render the page again.
        _, headers, _ = self.call(HTTP_COOKIE="theme=dark")
        self.assertEqual(headers["X-Cache"], "HIT")

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_with_https_required_a_plain_http_request_is_left_to_django(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.get(self.url, secure=True)
        _, _, body = self.call()
        self.assertEqual(body, b"rendered by Django")
        _, headers, _ = self.call(**{"wsgi.url_scheme": "https"})
        self.assertEqual(headers["X-Cache"], "HIT")

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_with_the_page_cache_off_everything_goes_to_django(self):
        self.client.get(self.url)
        _, _, body = self.call()
        self.assertEqual(body, b"rendered by Django")
