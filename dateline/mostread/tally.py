"""The views this process counted and has not written to the database yet. No ORM here:
services.py writes them (see the app's docstring for why they are kept in memory)."""

import threading
import time
from collections import Counter

# A bound on memory: beacons for made-up article ids are only weeded out at the flush,
# so past this many (article, hour) pairs waiting, views of new pairs are not counted
# until it (a busy site reads a few hundred different stories in MOST_READ_FLUSH_SECONDS).
MAX_WAITING = 10_000


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = Counter()  # (article id, hour) -> views
        self.taken_at = time.monotonic()

    def add(self, article_id, hour):
        key = (article_id, hour)
        with self.lock:
            if key in self.counts or len(self.counts) < MAX_WAITING:
                self.counts[key] += 1

    def due(self, seconds):
        return time.monotonic() - self.taken_at >= seconds

    def take(self):
        """Everything counted so far, which the caller now owns: each view is taken once,
        whatever other threads of the process count or take meanwhile."""
        with self.lock:
            taken, self.counts = self.counts, Counter()
            self.taken_at = time.monotonic()
        return taken

    def put_back(self, taken):
        """Counts a flush could not write, for the next flush to try again."""
        with self.lock:
            self.counts.update(taken)


# This process's views.
tally = Tally()
