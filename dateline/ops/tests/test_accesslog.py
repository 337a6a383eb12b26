"""The access log (dateline/ops/accesslog.py): one line per request on standard output,
for cache hits too, written in batches; and with the production server, on SIGTERM."""

import io
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import SimpleTestCase, override_settings

from dateline.ops.accesslog import AccessLog
from dateline.pagecache.wsgi import PageCacheApp
from dateline.test import BaseTestCase, free_port

ROOT = Path(__file__).resolve().parents[3]
LINE = re.compile(
    r'\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\] (?P<address>\S+) - '
    r'"(?P<request>[^"]*)" (?P<status>\S+) (?P<ms>\d+\.\d{3})'
)  # fmt: skip


class StandardOutput:
    """Stands in for standard output: records each write."""

    def __init__(self):
        self.writes = []

    def write(self, data):
        self.writes.append(data)

    def flush(self):
        pass

    def lines(self):
        return b"".join(self.writes).decode().splitlines()


class ClosedOutput:
    def write(self, data):
        raise ValueError("I/O operation on closed file.")


@contextmanager
def connections_kept_open():
    """As Django's test client does: the test's transaction outlives the request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def request(path, **extra):
    """The environ granian passes for a GET of `path` from 127.0.0.1."""
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
        **extra,
    }  # fmt: skip


def serve(app, path, **extra):
    """Call `app` as granian does: a list is sent in one piece, anything else is iterated and
    closed. Returns the status and what the application returned."""
    started = []
    body = app(request(path, **extra), lambda status, headers: started.append(status))
    if not isinstance(body, list):
        for _ in body:
            pass
        body.close()
    return started[0], body


class Stub:
    """Stands in for Dateline's application: answers `status` with a body in one piece."""

    def __init__(self, status="200 OK", body=b"text"):
        self.status = status
        self.body = body

    def __call__(self, environ, start_response):
        start_response(self.status, [("Content-Type", "text/plain")])
        return [self.body]


class Streaming(Stub):
    """Answers with a generator, which calls start_response when first iterated."""

    closed = False

    def __call__(self, environ, start_response):
        def chunks():
            start_response(self.status, [("Content-Type", "text/plain")])
            try:
                yield self.body
            finally:
                self.closed = True

        return chunks()


def failing(environ, start_response):
    raise RuntimeError("the template is broken")


@override_settings(PAGE_CACHE_SECONDS=600)
class AccessLogTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.out = StandardOutput()

    def logged(self, app):
        return AccessLog(app, out=self.out)

    def lines(self, app):
        app.flush()
        return [LINE.fullmatch(line) for line in self.out.lines()]

    def test_a_request_is_logged_with_its_request_line_and_status(self):
        app = self.logged(PageCacheApp(get_wsgi_application()))
        with connections_kept_open():
            status, _ = serve(app, "/healthz?probe=lb", REMOTE_ADDR="10.0.0.5")
        self.assertEqual(status, "200 OK")
        [line] = self.lines(app)
        self.assertEqual(line["request"], "GET /healthz?probe=lb HTTP/1.1")
        self.assertEqual(line["status"], "200")
        self.assertEqual(line["address"], "10.0.0.5")

    def test_the_address_is_the_peers_also_when_django_takes_the_readers(self):
        # Behind nginx Django takes the reader's address from X-Forwarded-For; a cache hit
        # never reaches Django. Both are logged with nginx's, whose log has the reader's.
        app = self.logged(PageCacheApp(get_wsgi_application()))
        with connections_kept_open():
            serve(app, "/healthz", HTTP_X_FORWARDED_FOR="203.0.113.7")
        [line] = self.lines(app)
        self.assertEqual(line["address"], "127.0.0.1")

    def test_a_cached_page_is_logged_and_still_sent_in_one_piece(self):
        url = self.make_article("Harbour wall repaired").get_absolute_url()
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.client.get(url)["X-Cache"], "MISS")
        app = self.logged(PageCacheApp(Stub(body=b"rendered by Django")))
        status, body = serve(app, url)
        self.assertIsInstance(body, list)  # granian's fast path for a body in one piece
        self.assertIn(b"Harbour wall repaired", b"".join(body))
        [line] = self.lines(app)
        self.assertEqual(line["request"], f"GET {url} HTTP/1.1")
        self.assertEqual(line["status"], "200")

    def test_a_streamed_response_is_logged_when_the_server_closes_it(self):
        stub = Streaming(status="206 Partial Content")
        app = self.logged(stub)
        body = app(request("/media/video.mp4"), lambda status, headers: None)
        self.assertEqual(list(body), [b"text"])
        self.assertEqual(self.lines(app), [])  # still sending
        body.close()
        self.assertTrue(stub.closed)
        [line] = self.lines(app)
        self.assertEqual(line["request"], "GET /media/video.mp4 HTTP/1.1")
        self.assertEqual(line["status"], "206")

    def test_at_exit_a_response_the_server_is_still_closing_is_waited_for(self):
        # granian closes a body after sending it, in another thread, and does not wait for
        # that before its worker exits (the last request before a SIGTERM went unlogged).
        app = self.logged(Streaming())
        body = app(request("/last"), lambda status, headers: None)
        list(body)
        closing = threading.Timer(0.2, body.close)
        closing.start()
        app.flush_at_exit()
        [line] = self.out.lines()
        self.assertIn('"GET /last HTTP/1.1" 200', line)
        closing.join()

    def test_a_request_that_raises_is_logged_as_500_and_still_raises(self):
        app = self.logged(failing)
        with self.assertRaisesMessage(RuntimeError, "the template is broken"):
            serve(app, "/news/world/")
        [line] = self.lines(app)
        self.assertEqual(line["request"], "GET /news/world/ HTTP/1.1")
        self.assertEqual(line["status"], "500")

    def test_lines_are_written_together_within_a_second(self):
        app = self.logged(Stub())
        for path in ("/a", "/b", "/c"):
            serve(app, path)
        deadline = time.monotonic() + 5
        while not self.out.writes and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(len(self.out.writes), 1)
        requests = [LINE.fullmatch(line)["request"] for line in self.out.lines()]
        self.assertEqual(requests, ["GET /a HTTP/1.1", "GET /b HTTP/1.1", "GET /c HTTP/1.1"])

    def test_an_address_cannot_add_a_line_of_its_own(self):
        app = self.logged(Stub(status="404 Not Found"))
        serve(app, '/x\n[2026-01-01 00:00:00 +0000] 10.0.0.1 - "GET /admin/ HTTP/1.1" 200 1.000')
        [line] = self.lines(app)
        self.assertEqual(
            line["request"],
            r"GET /x\n[2026-01-01 00:00:00 +0000] 10.0.0.1 - \x22GET /admin/ HTTP/1.1\x22 200 1.000"
            " HTTP/1.1",
        )
        self.assertEqual(line["status"], "404")

    def test_a_closed_standard_output_costs_the_lines_not_the_requests(self):
        app = AccessLog(Stub(), out=ClosedOutput())
        for _ in range(600):  # more than are kept before writing
            status, body = serve(app, "/")
        self.assertEqual((status, body), ("200 OK", [b"text"]))
        app.flush()


class ProductionServerTestCase(SimpleTestCase):
    """`manage.py serve` (granian) on 127.0.0.1, stopped with SIGTERM as systemd does."""

    def run_server(self, **environment):
        with tempfile.TemporaryDirectory() as var:
            env = {
                "PATH": os.environ["PATH"],
                "DJANGO_SETTINGS_MODULE": "dateline.settings",
                "SECRET_KEY": "access-log-test-secret-key-0123456789abcdef",
                "ALLOWED_HOSTS": "127.0.0.1",
                "DATELINE_VAR_DIR": var,
                **environment,
            }
            port = free_port()
            server = subprocess.Popen(
                [sys.executable, "manage.py", "serve", "--workers", "2", "--port", str(port)],
                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                self.wait_for(port)
                for reader in range(3):
                    fetch(port, f"/healthz?reader={reader}")
            finally:
                server.send_signal(signal.SIGTERM)
                output, _ = server.communicate(timeout=60)
        return output.decode()

    def wait_for(self, port):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                return fetch(port, "/healthz?starting")
            except OSError:
                time.sleep(0.2)
        self.fail(f"server on port {port} did not start")

    def test_each_request_is_on_standard_output_when_the_server_stops(self):
        output = self.run_server()
        for reader in range(3):
            logged = [line for line in output.splitlines() if f"reader={reader} " in line]
            self.assertEqual(len(logged), 1, output)  # once: granian logs none of its own
            line = LINE.fullmatch(logged[0])
            self.assertEqual(line["request"], f"GET /healthz?reader={reader} HTTP/1.1")
            self.assertEqual((line["address"], line["status"]), ("127.0.0.1", "200"))

    def test_access_log_off_writes_no_lines(self):
        output = self.run_server(ACCESS_LOG="0")
        self.assertIn("Granian shutdown completed", output)
        self.assertNotIn("GET /healthz", output)


def fetch(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.read()
