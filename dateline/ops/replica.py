"""Reads from a PostgreSQL read replica, when DATABASE_REPLICA_URL names one.

A replica lags its primary a little, so it serves only what cannot go stale anywhere:
anonymous readers' GET and HEAD requests to pages the page cache does not keep (search,
the content API, sitemaps, archives of past months...). Everything else reads the primary:
writes and whatever follows them in a request, staff and commenters (their own changes
must show at once), background tasks and commands, and every page the page cache stores:
a page rendered from a lagging replica just after a publish would be stored with the new
cache versions and the old content.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_replica_allowed = ContextVar("replica_allowed", default=False)


@contextmanager
def primary_only():
    """Read from the primary inside this block (the page cache's views use it)."""
    token = _replica_allowed.set(False)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def use_primary():
    """Read from the primary for the rest of this request (the page cache's pages)."""
    _replica_allowed.set(False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _replica_allowed.get() else "default"

    def db_for_write(self, model, **hints):
        _replica_allowed.set(False)  # what follows a write in this request sees it
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class ReplicaMiddleware:
    """Lets an anonymous reader's GET or HEAD request read from the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = (
            REPLICA in settings.DATABASES
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not any(name.startswith("dateline_") for name in request.COOKIES)
        )
        token = _replica_allowed.set(allowed)
        try:
            return self.get_response(request)
        finally:
            _replica_allowed.reset(token)
