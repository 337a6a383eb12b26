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

Small plain values (the page cache's tag versions, read on every hit) are remembered with
the identity of the file they came from (inode, modification time, size): a read that
finds the file unchanged (one stat) gives the value without opening and unpickling it.
Every write replaces the file (a new inode), so a changed value is always read afresh.
"""

import os
import pickle
import random
import time
from hashlib import md5

from django.core.cache.backends.filebased import FileBasedCache

CULL_CHECK_EVERY = 100
# Values remembered by file identity: plain, immutable ones in files this small.
REMEMBERED_TYPES = (int, str, bytes, float, type(None))
REMEMBER_FILES_UP_TO = 512  # bytes
REMEMBER_AT_MOST = 10_000  # files; then it starts over


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.remembered = {}  # file name -> ((inode, mtime, size), expiry, value)

    def get(self, key, default=None, version=None):
        fname = self._key_to_file(key, version)
        known = self.remembered.get(fname)
        if known is not None:
            try:
                stat = os.stat(fname)
            except FileNotFoundError:
                return default
            identity, expiry, value = known
            if identity == (stat.st_ino, stat.st_mtime_ns, stat.st_size) and (
                expiry is None or expiry >= time.time()
            ):
                return value
        try:
            with open(fname, "rb") as f:
                if not self._is_expired(f):
                    value = pickle.load(f)
                    self.remember(fname, f, value)
                    return value
        except FileNotFoundError:
            pass
        except (pickle.UnpicklingError, EOFError, ValueError):
            self._delete(fname)  # written in another format: gone, as if expired
        return default

    def remember(self, fname, f, value):
        stat = os.fstat(f.fileno())  # the file read, even if another has replaced it since
        if stat.st_size > REMEMBER_FILES_UP_TO or not isinstance(value, REMEMBERED_TYPES):
            return
        if len(self.remembered) >= REMEMBER_AT_MOST:
            self.remembered.clear()
        f.seek(0)
        expiry = pickle.load(f)
        self.remembered[fname] = ((stat.st_ino, stat.st_mtime_ns, stat.st_size), expiry, value)
