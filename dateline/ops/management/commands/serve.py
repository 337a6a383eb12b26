"""`manage.py serve`: the production server, granian, serving dateline.wsgi.

granian (a Rust HTTP server) answers the page cache's hits several times faster than
gunicorn's sync workers did: 8,600 against 2,700 req/s for a cached article on a 2-core
machine (bench/http_speed.py), where the Python work per hit is a few cache reads. Each
worker process runs one request at a time (one blocking thread), as gunicorn's sync workers
did: a request holds one database connection. `--threads 2` gives each worker a second
thread, so that one slow request does not hold up the requests queued behind it in its
worker (docs/deploy.md), at about a fifth of the page cache's throughput.
SIGTERM lets requests in flight finish.

The access log goes to standard output, written by Dateline's WSGI entry point
(dateline/ops/accesslog.py; ACCESS_LOG=0 turns it off) rather than by granian
(`--access-log`), whose log through Python's logging halved the throughput of a trivial
application.

granian binds with SO_REUSEPORT, so on a port another server already listens on it would
start without a word and take half of that server's connections: the command refuses such
a port first (`refuse_busy_port`).
"""

import errno
import os
import socket
import sys

from django.core.management.base import BaseCommand, CommandError


def server_args(host, port, workers, threads=1):
    return [
        sys.executable, "-m", "granian",
        "--interface", "wsgi",
        "--host", host,
        "--port", str(port),
        "--workers", str(workers),
        "--blocking-threads", str(threads),
        "--respawn-failed-workers",
        "--workers-kill-timeout", "30",
        "dateline.wsgi:application",
    ]  # fmt: skip


def refuse_busy_port(host, port):
    """CommandError if another process listens on HOST:PORT. A plain socket (no
    SO_REUSEPORT) cannot bind where anything listens; SO_REUSEADDR lets it bind where only
    the closed connections of a server just stopped linger (TIME_WAIT), as granian can.
    Anything else that keeps it from binding (an address not on this machine) is left for
    granian to report."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror:
        return
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CommandError(
                    f"Port {port} on {host} is already in use by another server: stop it, "
                    "or choose another port (--port or PORT)."
                ) from None


class Command(BaseCommand):
    help = (
        "Run the production server (granian, WSGI) on HOST:PORT with WORKERS processes; "
        "the access log goes to standard output unless ACCESS_LOG=0."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WORKERS", "2")),
            help="worker processes (one request at a time each); about one per core",
        )  # fmt: skip
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("THREADS", "1")),
            help="threads per worker (requests each worker runs at once)",
        )  # fmt: skip

    def handle(self, *args, host, port, workers, threads, **options):
        if workers < 1 or threads < 1:
            self.stderr.write("--workers and --threads must be at least 1")
            sys.exit(2)
        refuse_busy_port(host, port)
        args = server_args(host, port, workers, threads)
        sys.stdout.flush()
        os.execv(sys.executable, args)
