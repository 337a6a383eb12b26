"""At most one of something per key in a time window, kept in the shared cache."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def too_soon(keys, seconds):
    """Claim every key for `seconds`; True when any was claimed already (it is too soon).
    cache.add only succeeds for a key not already there: the check and the claim are one
    step, across processes. A cache outage lets everything through, logged."""
    if seconds <= 0 or not keys:
        return False
    try:
        claimed = [cache.add(key, 1, timeout=seconds) for key in keys]
    except Exception:
        logger.warning("Cache unavailable: rate limits are off until it is back (%s)", keys[0])
        return False
    return not all(claimed)
