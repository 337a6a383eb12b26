"""The access log: one line per request on standard output, kept in memory and written in
batches.

granian's own access log (`--access-log`) goes through Python's logging for every request:
a LogRecord, a strftime, and a write and flush of standard output each time, about 21 µs.
On a 2-core machine that halved a trivial application's requests per second and took a
third off a cached article's. `AccessLog` wraps Dateline's WSGI application
(dateline/wsgi.py), outside the page cache so that its hits are logged too, and costs
about 2.5 µs a request: it formats the line itself, the time once a second, and a thread
writes the lines in one write every half second, at once when 500 lines (50 KB) have piled
up, and when the process exits. On SIGTERM granian's workers finish their requests and
exit, writing their lines; a worker that is killed (SIGKILL) loses the last half second.

A line holds what granian's default format held, plus the query string:

    [2026-11-30 04:37:12 +0000] 127.0.0.1 - "GET /path?query HTTP/1.1" 200 1.234

when the request came in (TIME_ZONE), the client's address (REMOTE_ADDR as the server gave
it: behind nginx, nginx's own, also where Django then takes the reader's from
X-Forwarded-For), the request line, the status, and the milliseconds the application took,
until its response was closed when it is not sent in one piece. A request that raised is
logged with status 500, as granian answers it. `ACCESS_LOG=0` turns the log off, e.g.
when the front server keeps one.
"""

import atexit
import collections
import sys
import threading
import time
from multiprocessing import util as multiprocessing_util

WRITE_EVERY_SECONDS = 0.5
WRITE_AT_LINES = 500  # about 50 KB


class AccessLog:
    def __init__(self, application, out=None):
        self.application = application
        self.out = out  # a binary file; None: standard output
        # granian may run several threads: a deque's append and popleft need no lock.
        self.lines = collections.deque()
        self.writing = threading.Lock()  # one batch at a time, in order
        self.writer = None
        self.clock = (None, "")  # (second, the time formatted)
        self.sending = set()  # the bodies that are not lists, until the server closes them

    def __call__(self, environ, start_response):
        if self.writer is None:
            self.start_writer()
        request = Request(self, environ, start_response)
        try:
            body = self.application(environ, request.start_response)
        except BaseException:
            request.status = "500"
            request.done()
            raise
        if isinstance(body, list):
            # Kept a list: granian sends a list in one piece, anything else by iterating.
            request.done()
            return body
        return LoggedBody(body, request)

    def format_time(self, second):
        formatted = time.strftime("%Y-%m-%d %H:%M:%S %z", time.localtime(second))
        self.clock = (second, formatted)  # one tuple: another thread sees both or neither
        return formatted

    def append(self, line):
        self.lines.append(line)
        if len(self.lines) > WRITE_AT_LINES:
            # Written by the request itself: when standard output is slow, requests wait
            # for it, as they did for granian's log, rather than the lines piling up.
            self.flush()

    def start_writer(self):
        # With the first request, in the process that serves it: granian loads the
        # application in each worker process, after forking it.
        with self.writing:
            if self.writer is not None:
                return  # another thread's request was first
            self.writer = threading.Thread(target=self.write_every, name="access-log", daemon=True)
            self.writer.start()
        atexit.register(self.flush_at_exit)
        # granian's workers are processes started by multiprocessing, which by default
        # end with os._exit() after its own finalizers, without running atexit.
        multiprocessing_util.Finalize(None, self.flush_at_exit, exitpriority=0)

    def write_every(self):
        while True:
            time.sleep(WRITE_EVERY_SECONDS)
            self.flush()

    def flush_at_exit(self):
        # granian closes a body after its last byte is sent, in one of its threads, and its
        # worker does not wait for that before it exits: the last request before a SIGTERM
        # went unlogged. A close takes microseconds; a second is plenty.
        deadline = time.monotonic() + 1
        while self.sending and time.monotonic() < deadline:
            time.sleep(0.01)
        self.flush()

    def flush(self):
        with self.writing:
            lines = [self.lines.popleft() for _ in range(len(self.lines))]
            if lines:
                # WSGI paths are bytes decoded as Latin-1: this gives the bytes back.
                self.write("".join(lines).encode("latin-1", "backslashreplace"))

    def write(self, data):
        try:
            out = self.out or sys.stdout.buffer
            out.write(data)
            out.flush()
        except (AttributeError, OSError, ValueError):
            pass  # no standard output, or closed: the lines are lost, not the requests


class Request:
    __slots__ = ("log", "environ", "address", "respond", "began", "started", "status")

    def __init__(self, log, environ, respond):
        self.log = log
        self.environ = environ
        # Read now: Django's TrustedProxyMiddleware puts the reader's address in its place.
        self.address = environ.get("REMOTE_ADDR", "-")
        self.respond = respond
        self.began = time.time()
        self.started = time.perf_counter()
        self.status = "-"

    def start_response(self, status, headers, exc_info=None):
        self.status = status[:3]
        if exc_info is None:
            return self.respond(status, headers)
        return self.respond(status, headers, exc_info)

    def done(self):
        took = (time.perf_counter() - self.started) * 1000
        log, environ = self.log, self.environ
        second, formatted = log.clock
        if second != int(self.began):  # the first request in this second
            formatted = log.format_time(int(self.began))
        target = environ.get("PATH_INFO", "")
        if query := environ.get("QUERY_STRING"):
            target = f"{target}?{query}"
        if not target.isprintable() or '"' in target:
            # PATH_INFO is decoded: a %0A would start a line of its own, a %22 end the quoted
            # request line early. Written as \n and \x22 instead, as nginx does.
            target = target.encode("unicode_escape").decode("ascii").replace('"', "\\x22")
        log.append(
            f"[{formatted}] {self.address} - "
            f'"{environ["REQUEST_METHOD"]} {target} {environ["SERVER_PROTOCOL"]}" '
            f"{self.status} {took:.3f}\n"
        )


class LoggedBody:
    """A response body that is not a list (Django's own responses, streamed files): logged
    when the server closes it, after the last byte."""

    __slots__ = ("body", "request")

    def __init__(self, body, request):
        self.body = body
        self.request = request
        request.log.sending.add(self)

    def __iter__(self):
        return iter(self.body)

    def close(self):
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.request.done()
            self.request.log.sending.discard(self)
