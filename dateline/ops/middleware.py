import ipaddress
import logging
from functools import lru_cache

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def trusted_networks(entries):
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def parse_ip(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def is_trusted(value, networks):
    """Whether the address `value` is in one of `networks`. Remembered: behind a front
    server every request comes from the same few addresses, and parsing one took a
    twentieth of an article page joined from its stored parts."""
    address = parse_ip(value)
    return address is not None and any(address in network for network in networks)


class TrustedProxyMiddleware:
    """Behind a front server every request comes from the front server's address. When
    REMOTE_ADDR is one of TRUSTED_PROXIES, the reader's address is taken from
    X-Forwarded-For (the rightmost entry that is not itself a trusted proxy: entries
    further left were written by the client and prove nothing), or X-Real-IP, and
    REMOTE_ADDR is set to it, for flood control, blocklists and log-in throttling alike.
    From any other address the headers are ignored: anyone can send them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
        if networks and is_trusted(request.META.get("REMOTE_ADDR", ""), networks):
            client = self.client_address(request.META, networks)
            if client is not None:
                request.META["REMOTE_ADDR"] = str(client)
        return self.get_response(request)

    def client_address(self, meta, networks):
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
        for entry in reversed(forwarded.split(",") if forwarded else []):
            address = parse_ip(entry)
            if address is None:
                return None  # a garbled chain: keep the proxy's address, trust nothing
            if not any(address in network for network in networks):
                return address
        return parse_ip(meta.get("HTTP_X_REAL_IP", ""))


class DatabaseUnavailableMiddleware:
    """When the database is down, readers get a clean 503 page (which needs no database),
    with Retry-After, instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError) as exc:
            return self.unavailable(request, exc)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            return self.unavailable(request, exception)
        return None

    def unavailable(self, request, exc):
        return database_unavailable(request, exc)


def database_unavailable(request, exc):
    logger.error("Database unavailable for %s: %s", request.path, exc)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with one exception, made where django-csp documents its
    extension point (`get_policy_parts`): the newsroom's rich-text editor injects its own
    <style> element, so the admin's pages allow inline styles (never inline scripts: the
    editor's import map carries the response's nonce). Reader pages get the strict
    policy: no inline script or style at all."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/admin/") and parts.update is None:
            parts.update = {"style-src": ["'unsafe-inline'"]}
        return parts
