"""Cache hits answered before Django handles the request.

A hit costs a few cache reads; going through Django's request handling and a dozen
middleware first cost several times that. `PageCacheApp` wraps Dateline's WSGI
application (dateline/wsgi.py): for an anonymous GET or HEAD whose page is cached and
current, it answers at once, exactly as PageCacheMiddleware would (the same `serve`);
everything else goes to Django untouched. Addresses that are not plain ASCII are left to
the middleware, which knows how Django decodes them.
"""

from functools import lru_cache

from django.conf import settings
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host

from dateline.pagecache.middleware import WSGI_MISSED, is_personal, serve

REASONS = {200: "200 OK", 304: "304 Not Modified"}


class PageCacheApp:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        full_path = self.cacheable_path(environ)
        if full_path is not None:
            hit = serve(full_path, environ["REQUEST_METHOD"], environ.get("HTTP_IF_NONE_MATCH", ""))
            if hit is not None:
                start_response(REASONS[hit.status], hit.headers)
                return [hit.body]
            environ[WSGI_MISSED] = True
        return self.application(environ, start_response)

    @staticmethod
    def cacheable_path(environ):
        """The path and query Django's request.get_full_path() would give, or None when the
        request is not a reader's GET or HEAD of a plain address."""
        if not settings.PAGE_CACHE_SECONDS or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        if settings.SECURE_SSL_REDIRECT and not is_secure(environ):
            return None  # SecurityMiddleware sends it to https:// first
        if not allowed_host(environ):
            return None  # Django answers 400, as for any other page
        cookies = environ.get("HTTP_COOKIE")
        if cookies and is_personal(parse_cookie(cookies)):
            return None
        path, query = environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
        if environ.get("SCRIPT_NAME") or not (path.isascii() and query.isascii()):
            return None
        if not path.startswith("/") or any(c in path for c in "%?#\\ "):
            return None  # left to Django: it decodes and escapes these its own way
        return f"{path}?{query}" if query else path


def is_secure(environ):
    """request.is_secure(), from the environ."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        if header in environ:
            return environ[header].split(",")[0].strip() == secure_value
    return environ.get("wsgi.url_scheme") == "https"


def allowed_host(environ):
    """Whether Django would accept the request's Host (ALLOWED_HOSTS)."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        host = environ["HTTP_X_FORWARDED_HOST"]
    else:
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return host_is_allowed(host, tuple(allowed))


@lru_cache(maxsize=256)
def host_is_allowed(host, allowed):
    # Remembered: the same few hosts come back on every request, and checking one against
    # the patterns took a fifth of a cache hit's Python.
    domain, _ = split_domain_port(host)
    return bool(domain) and validate_host(domain, allowed)
