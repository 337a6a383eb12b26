"""Cache tags: every cached page records which things it shows ("article:12", "topic:3",
"home"...: dateline/changes.py names them) and the version of each at render time. A
write announces the tags it changed (`changes.announce`); once it is committed their
versions are bumped in the shared cache (Redis in production), so every app process stops
serving exactly the pages that show them, at once. No key is ever hunted down."""

import logging
import secrets
import time

from django.core.cache import cache
from django.db import transaction

from dateline.articles.changes import tags_for as for_articles  # noqa: F401
from dateline.changes import HOME, SITE, announce, article, author, comments, topic  # noqa: F401

logger = logging.getLogger(__name__)


def key(tag):
    return f"pagecache:tag:{tag}"


# Bumped with every tag: while it has not changed, no page changed (pagecache.middleware
# serves a page it read before again without reading its tags).
ANY = "*"

# Bits of randomness in a version, below the time of its bump in milliseconds.
RANDOM_BITS = 20


def new_version(at=None):
    """A version no page was ever stored with, saying when the bump happened (`bumped_at`).
    Versions are compared, never ordered: two processes bumping the same tag at once, or
    a version evicted from the cache and started again, can never land back on a value
    that old pages carry. A tag with no version yet gets one from time 0: nothing changed
    it while any page was rendered."""
    at = time.time() if at is None else at
    return (int(at * 1000) << RANDOM_BITS) | secrets.randbits(RANDOM_BITS)


def bumped_at(version):
    """When the tag got this version (a Unix time), or 0 for one that was never bumped.
    Versions stored by an earlier Dateline (random numbers only) read as long ago."""
    return (version >> RANDOM_BITS) / 1000 if isinstance(version, int) else 0


def versions(tags):
    """{tag: version} from the cache. A tag with no version yet (never bumped, or evicted
    by the cache) gets a fresh one, so no page stored before can match it."""
    keys = {t: key(t) for t in tags}
    found = cache.get_many(keys.values())
    missing = [t for t in tags if keys[t] not in found]
    if missing:
        for tag in missing:
            cache.add(keys[tag], new_version(at=0), timeout=None)
        found |= cache.get_many([keys[t] for t in missing])
    return {t: found.get(keys[t]) for t in tags}


def bump_on_commit(*tags):
    """Make every cached page and stored page part that shows one of `tags` stale: the
    parts at once, in the writer's transaction, the cached pages once it is committed
    (see `bump_when_committed`)."""
    announce(*tags)


bump = bump_on_commit


def bump_when_committed(sender, tags, **kwargs):
    """`changes.changed`'s receiver: bump the versions once the write is committed. Bumping
    earlier would let a request cache the old page again between the bump and the
    commit. Outside a transaction, at once."""
    transaction.on_commit(lambda: bump_versions(tags))


def bump_versions(tags):
    """Make every cached page that shows one of `tags` stale. A cache outage is logged, not
    raised: the write that called this must not fail because the cache is down."""
    try:
        # ANY with the tags, in one write (Redis: one MSET, so all change at once; other
        # caches set them in order, ANY first): a page kept after reading a tag's new
        # version sees that ANY changed too (pagecache.middleware.store), and no process
        # serves its copy from memory.
        bumped = {key(ANY): new_version()}
        bumped.update((key(tag), new_version()) for tag in tags)
        cache.set_many(bumped, timeout=None)
    except Exception:
        logger.warning("Could not invalidate cached pages for %s: cache unavailable", tags)
