"""The most-read list's settings: from settings.py when it names them (so `override_settings`
works in tests), else from the environment, else the defaults here."""

from django.conf import settings

from dateline.env import env_int

# A process killed outright loses at most this many seconds of the views it counted; a
# flush is one short transaction, so 10 s costs the database nothing it would notice.
FLUSH_SECONDS = env_int("MOST_READ_FLUSH_SECONDS", 10)
# The list changes slowly; recomputing it (and refreshing the home page when its order
# changes) every 5 minutes keeps the page cache useful.
REFRESH_SECONDS = env_int("MOST_READ_REFRESH_SECONDS", 300)
# The list needs one day; a week is kept for a look back at the numbers in the database.
KEEP_DAYS = env_int("MOST_READ_KEEP_DAYS", 7)


def flush_seconds():
    return getattr(settings, "MOST_READ_FLUSH_SECONDS", FLUSH_SECONDS)


def refresh_seconds():
    return getattr(settings, "MOST_READ_REFRESH_SECONDS", REFRESH_SECONDS)


def keep_days():
    return max(1, getattr(settings, "MOST_READ_KEEP_DAYS", KEEP_DAYS))
