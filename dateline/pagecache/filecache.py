"""The embedded default cache: Django's file cache, shared by every process on one box,
with a cheaper clean-up.

Django's FileBasedCache lists its whole directory on every write to see whether it holds
more than MAX_ENTRIES files: at 20,000 cached pages that is milliseconds per write, and a
publish writes several tag versions. Here the count is taken on about one write in
CULL_CHECK_EVERY, so the cache may briefly exceed MAX_ENTRIES by a few dozen files.
Culling deletes random entries, tag versions included; pagecache.tags gives an evicted
version a fresh value, so no stale page comes back.
"""

import random

from django.core.cache.backends.filebased import FileBasedCache

CULL_CHECK_EVERY = 100


class FileCache(FileBasedCache):
    def _cull(self):
        if random.random() * CULL_CHECK_EVERY < 1:
            super()._cull()
