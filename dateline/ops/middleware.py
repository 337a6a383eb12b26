import ipaddress
import logging
from functools import lru_cache

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject, empty

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
        logger.error("Database unavailable for %s: %s", request.path, exc)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response


# What a view may set on a response to change or drop the policy (csp.decorators).
RESPONSE_ATTRIBUTES = [
    f"_csp_{what}{ro}" for what in ("config", "update", "replace", "exempt") for ro in ("", "_ro")
]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with one exception: the admin's widgets (the rich-text
    editor, date pickers) set inline styles, so the newsroom pages allow those. Reader
    pages get the strict policy: no inline script or style at all."""

    def process_response(self, request, response):
        if request.path_info.startswith("/admin/") and not hasattr(response, "_csp_update"):
            response._csp_update = {"style-src": ["'unsafe-inline'"]}
        if not self.is_plain(request, response):
            return super().process_response(request, response)
        # The usual case: the site's own policy, the same header as last time. django-csp
        # builds it anew for every response: a twentieth of a page from stored parts.
        policy = settings.CONTENT_SECURITY_POLICY
        if self.built is None or self.built[0] is not policy:
            response = super().process_response(request, response)
            self.built = (policy, response.get(HEADER))
            return response
        if self.built[1] and HEADER not in response:
            response[HEADER] = self.built[1]
        # As django-csp does: a nonce asked for after this point would be in no header.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    built = None  # (the settings' policy, the header it gave)

    def is_plain(self, request, response):
        """No view changed the policy, no nonce was asked for, no exemption, no report-only
        policy or excluded prefixes: the headers are the same as for any other response."""
        return (
            not any(hasattr(response, name) for name in RESPONSE_ATTRIBUTES)
            and getattr(request, "_csp_nonce", None) is None
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            and not settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES")
            and not (settings.DEBUG and response.status_code in (404, 500))
        )


class LazyMessageMiddleware(MessageMiddleware):
    """Django's MessageMiddleware, with the message store made when something first uses
    it (the newsroom's "saved" notices) rather than for every request: making one (two
    stores and a cookie signer) was a thirtieth of an article page from stored parts."""

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response  # nothing asked for the messages, nothing to store
        return super().process_response(request, response)
