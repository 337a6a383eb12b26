import logging
import sys

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache

from dateline.ops.middleware import database_unavailable

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """For load balancers and monitors. 503 when the database does not answer: this server
    cannot serve. A cache outage is reported ("degraded") with a 200: every server shares
    the cache, so failing the check would take them all out of the load balancer while the
    site still serves pages uncached."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:
        logger.error("Health check: database unavailable: %s", exc)
        checks["database"] = "unavailable"
    try:
        cache.set("healthz", "ok", timeout=10)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "unavailable"
    except Exception as exc:
        logger.error("Health check: cache unavailable: %s", exc)
        checks["cache"] = "unavailable"
    if checks["database"] != "ok":
        status = "unavailable"
    else:
        status = "ok" if checks["cache"] == "ok" else "degraded"
    return JsonResponse(
        {"status": status, **checks}, status=503 if status == "unavailable" else 200
    )


def server_error(request):
    """handler500. A database that went away while a middleware was querying it (the
    WordPress redirects look up every 404) is a 503 with Retry-After, as in a view
    (DatabaseUnavailableMiddleware): Django turns a middleware's exception into this page
    before any outer middleware could catch it."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return database_unavailable(request, error)
    return defaults.server_error(request)
