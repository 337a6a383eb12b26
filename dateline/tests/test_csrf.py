"""dateline.csrf.get_token makes the tokens Django's CsrfViewMiddleware accepts."""

import re
from collections import Counter

from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CsrfViewMiddleware,
    _unmask_cipher_token,
)
from django.test import RequestFactory, SimpleTestCase, override_settings

from dateline import csrf


def reader_request(cookie=None):
    request = RequestFactory().get("/news/world/a-story/")
    if cookie:
        request.COOKIES["csrftoken"] = cookie
    CsrfViewMiddleware(lambda r: HttpResponse()).process_request(request)
    return request


class CsrfTokenTests(SimpleTestCase):
    def test_a_reader_without_a_cookie_gets_a_new_secret_and_a_token_that_hides_it(self):
        request = reader_request()
        token = csrf.get_token(request)
        secret = request.META["CSRF_COOKIE"]
        self.assertRegex(token, r"^[a-zA-Z0-9]{64}$")
        self.assertRegex(secret, r"^[a-zA-Z0-9]{32}$")
        self.assertNotIn(secret, token)
        self.assertEqual(_unmask_cipher_token(token), secret)
        # The middleware sends the new secret as the reader's cookie.
        response = CsrfViewMiddleware(lambda r: HttpResponse()).process_response(
            request, HttpResponse()
        )
        self.assertEqual(response.cookies["csrftoken"].value, secret)

    def test_a_reader_with_a_cookie_keeps_it_and_each_token_is_masked_afresh(self):
        secret = "a" * 16 + "Z9" * 8
        request = reader_request(cookie=secret)
        first, second = csrf.get_token(request), csrf.get_token(request)
        self.assertNotEqual(first, second)
        self.assertEqual(_unmask_cipher_token(first), secret)
        self.assertEqual(_unmask_cipher_token(second), secret)
        self.assertEqual(request.META["CSRF_COOKIE"], secret)

    def test_the_token_passes_the_middleware_and_another_readers_does_not(self):
        page_request = reader_request()
        token = csrf.get_token(page_request)
        secret = page_request.META["CSRF_COOKIE"]
        other = csrf.get_token(reader_request())
        middleware = CsrfViewMiddleware(lambda r: HttpResponse())

        def post(token):
            request = RequestFactory().post(
                "/comments/post/", {"csrfmiddlewaretoken": token}, HTTP_HOST="testserver"
            )
            request.COOKIES["csrftoken"] = secret
            middleware.process_request(request)
            return middleware.process_view(request, lambda r: HttpResponse(), (), {})

        self.assertIsNone(post(token))  # None: the middleware lets the post through
        self.assertEqual(post(other).status_code, 403)

    def test_every_letter_is_as_likely_as_any_other(self):
        # 2,000 secrets of 32 letters: about 1,032 of each of the 62 letters, give or take
        # 32. A letter drawn by `byte % 62` without dropping bytes 248-255 would come out
        # about 1,290 times for the first eight letters.
        letters = Counter()
        for _ in range(2000):
            request = reader_request()
            csrf.get_token(request)
            letters.update(request.META["CSRF_COOKIE"])
        self.assertEqual(set(letters), set(CSRF_ALLOWED_CHARS))
        self.assertTrue(all(850 < n < 1220 for n in letters.values()), letters.most_common(3))

    @override_settings(CSRF_USE_SESSIONS=True)
    def test_with_the_secret_in_the_session_django_makes_the_token(self):
        request = RequestFactory().get("/")
        request.session = {}
        token = csrf.get_token(request)
        self.assertTrue(re.fullmatch(r"[a-zA-Z0-9]{64}", token))
        self.assertEqual(_unmask_cipher_token(token), request.META["CSRF_COOKIE"])
