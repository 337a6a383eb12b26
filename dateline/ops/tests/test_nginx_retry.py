"""What docs/nginx.conf promises when an app worker dies under a request: a reader's page
and a comment POST are sent again to the app (posting is idempotent: the comments app
answers a repeat as it answered the first), any other POST is not, and the person sees
nginx's 502 rather than risk a form handled twice.

nginx runs the real file in front of a stand-in app server that drops the first
connection of each request, as a SIGKILLed worker does."""

import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import SkipTest

from django.conf import settings
from django.test import SimpleTestCase

from dateline.ops.nginxconf import local_nginx_config

NGINX_CONF = Path(settings.BASE_DIR) / "docs" / "nginx.conf"


class DyingWorker(BaseHTTPRequestHandler):
    """Each path's first request loses its connection without an answer; the next is
    answered."""

    seen = Counter()
    lock = threading.Lock()

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        with self.lock:
            self.seen[self.command, self.path] += 1
            first = self.seen[self.command, self.path] == 1
        if first:
            # Killed mid-request: the socket closes, no status line is ever sent.
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(303 if self.command == "POST" else 200)
        self.send_header("Location", "/news/politics/a-story/#comment-1")
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    do_GET = do_POST = answer

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NginxRetryTestCase(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise SkipTest("nginx is not installed (Debian: apt-get install nginx)")
        cls.app = ThreadingHTTPServer(("127.0.0.1", 0), DyingWorker)
        threading.Thread(target=cls.app.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.app.shutdown)
        cls.dir = Path(tempfile.mkdtemp(prefix="dateline-nginx-test-"))
        cls.addClassCleanup(shutil.rmtree, cls.dir, ignore_errors=True)
        cls.port = free_port()
        conf = local_nginx_config(
            NGINX_CONF, cls.dir, host="127.0.0.1", port=cls.port,
            app_port=cls.app.server_address[1], static_root=cls.dir, media_root=cls.dir,
        )  # fmt: skip
        base = [nginx, "-p", str(cls.dir), "-c", str(conf), "-e", str(cls.dir / "error.log")]
        checked = subprocess.run([*base, "-t"], capture_output=True, text=True, timeout=30)
        if checked.returncode:
            raise AssertionError(f"docs/nginx.conf does not load:\n{checked.stderr}")
        cls.nginx = subprocess.Popen(base, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cls.addClassCleanup(cls.stop_nginx)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", cls.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @classmethod
    def stop_nginx(cls):
        cls.nginx.terminate()
        cls.nginx.wait(timeout=10)

    def send(self, path, data=None):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data)
        opener = urllib.request.build_opener(NoRedirects)
        try:
            with opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def test_a_comment_post_whose_worker_died_is_sent_again_and_lands_on_the_comment(self):
        status = self.send("/comments/post/", b"article=1&comment=Well+put.")
        self.assertEqual(status, 303)
        self.assertEqual(DyingWorker.seen["POST", "/comments/post/"], 2)

    def test_another_form_whose_worker_died_is_not_sent_twice(self):
        status = self.send("/newsletters/signup/", b"email=reader%40example.org")
        self.assertEqual(status, 502)
        self.assertEqual(DyingWorker.seen["POST", "/newsletters/signup/"], 1)

    def test_a_page_whose_worker_died_is_fetched_again(self):
        self.assertEqual(self.send("/news/politics/a-story/"), 200)
        self.assertEqual(DyingWorker.seen["GET", "/news/politics/a-story/"], 2)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
