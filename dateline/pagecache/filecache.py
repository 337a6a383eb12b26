"""The embedded default cache: Django's file cache, shared by every process on one box,
with a cheaper clean-up and cheaper reads.

Django's FileBasedCache lists its whole directory on every write to see whether it holds
more than MAX_ENTRIES files: at 20,000 cached pages that is milliseconds per write, and a
publish writes several tag versions. Here the count is taken on about one write in
CULL_CHECK_EVERY, so the cache may briefly exceed MAX_ENTRIES by a few dozen files.
Culling deletes random entries, tag versions included; pagecache.tags gives an evicted
version a fresh value, so no stale page comes back.

Values are pickled without zlib: every page-cache hit reads the page, and decompressing
25 KB cost more than reading it (a page takes 25 KB instead of 5 KB on disk: 500 MB at the
default 20,000 entries). A file Django's own back-end wrote (zlib) reads as a miss. Keys
are not checked for characters memcached would refuse (a loop over every character of
every page address): files are named by the keys' md5.
"""

import os
import pickle
import random
from hashlib import md5

from django.core.cache.backends.filebased import FileBasedCache

CULL_CHECK_EVERY = 100


class FileCache(FileBasedCache):
    def _cull(self):
        if random.random() * CULL_CHECK_EVERY < 1:
            super()._cull()

    def _key_to_file(self, key, version=None):
        key = self.make_key(key, version=version)
        digest = md5(key.encode(), usedforsecurity=False).hexdigest()
        return os.path.join(self._dir, digest + self.cache_suffix)

    def _write_content(self, file, timeout, value):
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def get(self, key, default=None, version=None):
        fname = self._key_to_file(key, version)
        try:
            with open(fname, "rb") as f:
                if not self._is_expired(f):
                    return pickle.load(f)
        except FileNotFoundError:
            pass
        except (pickle.UnpicklingError, EOFError, ValueError):
            self._delete(fname)  # written in another format: gone, as if expired
        return default
