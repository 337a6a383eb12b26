"""Live coverage under a breaking-news load: readers polling, readers opening the page, an
editor posting, all through nginx in front of the production server.

    .venv/bin/python bench/live_speed.py [--seconds 300] [--articles 1000] [--entries 200]

In a fresh temporary var dir: migrate, collectstatic, `generate_articles`, related lists and
the search index (as bench/http_speed.py builds its site). The newest article gets live
coverage with `--entries` updates already posted. Then `manage.py serve` (granian, 2
workers, the page cache on, as `make serve`) with nginx running docs/nginx.conf in front,
and for `--seconds` (default 300, five minutes):

- readers polling: one wrk process on the poll address, its connections paced by a Lua
  `delay()` to about `--poll-rate` (670) requests a second: 10,000 readers each polling
  every 15 s;
- readers opening the live page: a second wrk process at about `--page-rate` (300) a second;
- an editor posting an update every `--post-every` (10) seconds through the same service
  the newsroom's composer calls (in this process, on the same database and cache);
- a watcher asking for the poll answer through nginx every 100 ms, which notes when each
  new update first appears in it.

It prints the polls' and the page views' rate, p50 and p99 (wrk's latency, not counting
the pacing delay), non-2xx/3xx answers and socket errors; the delay from each update's
commit to its first appearance in a poll answer through nginx (p50, max; a reader sees it
at their next poll, so at most the poll interval plus this); and the SQL queries of a poll
answered from the page cache (the test client, in this process). Goals: poll p99 under
50 ms, every update in a poll answer within 1 s of the poll interval, 0 queries per cached
poll, no 5xx. Needs wrk and nginx (Debian: apt-get install wrk nginx); without them it
prints "skipped: ..." and exits 0. Ctrl-C stops every server.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import http_speed as bench  # noqa: E402 - the site, the servers and wrk, as bench-http does

PACED_SCRIPT = """
-- Each connection waits DELAY_MS between requests: a steady rate, as many readers make.
local pause = tonumber(os.getenv("DELAY_MS") or "100")
function delay()
  return pause
end
"""
WATCH_SECONDS = 0.1
PACE_MS = 100
POLL_GOAL_P99_MS = 50


def paced_wrk(binary, url, rate, seconds, script, log_path):
    """A wrk process with enough connections, each pausing PACE_MS between requests, to
    make about `rate` requests a second."""
    connections = max(1, round(rate * PACE_MS / 1000))
    args = [
        binary, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s",
        "-s", str(script), url,
    ]  # fmt: skip
    env = {**os.environ, "DELAY_MS": str(PACE_MS)}
    log = open(log_path, "w")  # noqa: SIM115 - closed by the caller through the process
    return bench.subprocess.Popen(args, stdout=log, stderr=bench.subprocess.STDOUT, env=env), log


def set_up_live_article(env, entries):
    """In this process, on the benchmark's database: the newest article, covered live with
    `entries` updates. Returns (article, the services module, the display module)."""
    os.environ.update(env)
    for name in bench.CLEARED_ENV:
        if name not in env:
            os.environ.pop(name, None)
    sys.path.insert(0, str(bench.REPO_ROOT))
    import django

    django.setup()
    from dateline.articles.models import Article
    from dateline.live import services
    from dateline.live.models import Entry

    article = Article.objects.published().select_related("primary_topic").first()
    services.start_coverage(article)
    Entry.objects.bulk_create(
        Entry(article=article, body=f"<p>Update {n}: the talks go on, officials say.</p>")
        for n in range(entries)
    )
    return article, services


def queries_per_cached_poll(poll_path):
    """SQL queries of a poll answered from the page cache (and of the one that filled it)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    with CaptureQueriesContext(connection) as filling:
        first = client.get(poll_path)
    with CaptureQueriesContext(connection) as cached:
        again = client.get(poll_path)
    return len(filling), first.get("X-Cache"), len(cached), again.get("X-Cache")


class Watcher(threading.Thread):
    """Asks for the poll answer through nginx every WATCH_SECONDS; notes when each update
    first appears, and every status it gets."""

    def __init__(self, url, stop):
        super().__init__(daemon=True)
        self.url, self.stop = url, stop
        self.first_seen = {}
        self.statuses = {}

    def run(self):
        while not self.stop.is_set():
            try:
                status, _, body = bench.fetch(self.url, timeout=5)
            except OSError:
                status, body = "error", b""
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 200:
                moment = time.time()
                for entry in json.loads(body)["entries"]:
                    self.first_seen.setdefault(entry["id"], moment)
            time.sleep(WATCH_SECONDS)


class Editor(threading.Thread):
    """Posts an update every `every` seconds; notes when each was committed."""

    def __init__(self, article, services, every, stop):
        super().__init__(daemon=True)
        self.article, self.services, self.every, self.stop = article, services, every, stop
        self.committed = {}
        self.failures = 0

    def run(self):
        from django.db import connection

        number = 0
        while not self.stop.wait(self.every):
            number += 1
            try:
                entry = self.services.post_entry(
                    self.article, f"<p>Breaking update {number}: more news.</p>", by=None
                )
            except Exception as exc:  # a locked database: counted, the run goes on
                self.failures += 1
                print(f"  editor: could not post update {number}: {exc}", flush=True)
                continue
            self.committed[entry.pk] = time.time()
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=300, help="how long the load lasts")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=200, help="updates posted beforehand")
    parser.add_argument("--poll-rate", type=int, default=670, help="polls a second")
    parser.add_argument("--page-rate", type=int, default=300, help="page views a second")
    parser.add_argument("--post-every", type=float, default=10, help="seconds between updates")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--nginx-port", type=int, default=8792)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--no-wait", action="store_true", help="do not wait for a quiet machine")
    args = parser.parse_args()

    wrk = shutil.which("wrk")
    nginx = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/sbin/nginx") if Path(p).exists()), None
    )
    if wrk is None or nginx is None:
        print("skipped: wrk and nginx are needed (Debian: apt-get install wrk nginx)")
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    waiter = bench.IdleWaiter(enabled=not args.no_wait)
    children = bench.Children()
    waiter.ignored = children.groups
    work_dir = Path(tempfile.mkdtemp(prefix="dateline-live-bench-"))
    try:
        return run(args, wrk, nginx, waiter, children, work_dir)
    except KeyboardInterrupt:
        print("\nInterrupted: stopping the servers.", flush=True)
        return 130
    finally:
        children.stop_all()
        if args.keep:
            print(f"Kept {work_dir}")
        else:
            shutil.rmtree(work_dir, ignore_errors=True)


def run(args, wrk, nginx, waiter, children, work_dir):
    var_dir = work_dir / "var"
    env = bench.base_env(var_dir, secrets.token_urlsafe(50), PAGE_CACHE_SECONDS=600)
    print(f"Live coverage under load: {args.articles:,} articles, in {work_dir}")
    print(bench.speed_line(), flush=True)
    waiter.wait("building the site")
    print("\nBuilding the site:", flush=True)
    bench.build_site(env, args.articles)
    article, services = set_up_live_article(env, args.entries)
    poll_path = f"/live/{article.pk}/updates.json"
    page_path = article.get_absolute_url()
    filling, first_state, cached, cached_state = queries_per_cached_poll(poll_path)
    print(f"  live article {page_path}: {args.entries} updates; poll address {poll_path}")
    from django.db import connections

    connections.close_all()

    nginx_dir = work_dir / "nginx"
    nginx_dir.mkdir()
    conf = bench.nginx_config(
        nginx_dir, args.nginx_port, args.port, var_dir / "static", var_dir / "media"
    )
    bench.start_server(children, env, args.port, args.workers, work_dir / "server.log")
    bench.start_nginx(children, nginx, nginx_dir, conf, args.nginx_port)
    front = f"http://{bench.HOST}:{args.nginx_port}"
    script = work_dir / "paced.lua"
    script.write_text(PACED_SCRIPT)
    for path in (poll_path, page_path):  # warm: the first answers fill the caches
        bench.fetch(front + path)

    waiter.wait("the load")
    print(
        f"\nLoad for {args.seconds} s through nginx: polls at ~{args.poll_rate}/s, page views "
        f"at ~{args.page_rate}/s, an update every {args.post_every:g} s "
        f"(granian {args.workers} workers, page cache on)",
        flush=True,
    )
    stop = threading.Event()
    watcher = Watcher(front + poll_path, stop)
    editor = Editor(article, services, args.post_every, stop)
    polls, poll_log = paced_wrk(
        wrk, front + poll_path, args.poll_rate, args.seconds, script, work_dir / "polls.txt"
    )
    pages, page_log = paced_wrk(
        wrk, front + page_path, args.page_rate, args.seconds, script, work_dir / "pages.txt"
    )
    watcher.start()
    editor.start()
    started = time.monotonic()
    while polls.poll() is None or pages.poll() is None:
        elapsed = time.monotonic() - started
        print(
            f"\r  {elapsed:5.0f} / {args.seconds} s, {len(editor.committed)} updates posted",
            end="",
            flush=True,
        )
        time.sleep(1)
    print()
    time.sleep(3)  # the last update's way through nginx's micro-cache
    stop.set()
    watcher.join(10)
    editor.join(10)
    poll_log.close()
    page_log.close()
    poll_run = bench.parse_wrk((work_dir / "polls.txt").read_text())
    page_run = bench.parse_wrk((work_dir / "pages.txt").read_text())
    report(args, poll_run, page_run, watcher, editor, (filling, first_state, cached, cached_state))
    return 0


def report(args, poll_run, page_run, watcher, editor, queries):
    filling, first_state, cached, cached_state = queries
    print("\nResults:")
    for label, run in (("polls", poll_run), ("page views", page_run)):
        print(
            f"  {label:<11} {run['rps']:>8,.0f} req/s  p50 {run['p50_ms']:>7.2f} ms  "
            f"p99 {run['p99_ms']:>7.2f} ms  ({run['requests']:,} requests, {run['bad']:,} "
            f"non-2xx/3xx, {run['socket_errors']:,} socket errors)"
        )
    delays = [
        watcher.first_seen[pk] - moment
        for pk, moment in editor.committed.items()
        if pk in watcher.first_seen
    ]
    missing = len(editor.committed) - len(delays)
    if delays:
        print(
            f"  update committed -> first in a poll answer through nginx: p50 "
            f"{statistics.median(delays):.2f} s, max {max(delays):.2f} s over {len(delays)} "
            f"updates ({missing} never seen; the watcher asks every {WATCH_SECONDS:g} s)"
        )
    print(f"  editor: {len(editor.committed)} updates posted, {editor.failures} failed")
    five_xx = sum(n for status, n in watcher.statuses.items() if str(status).startswith("5"))
    print(f"  watcher's answers: {dict(sorted(watcher.statuses.items(), key=str))}")
    print(
        f"  SQL queries per poll: {filling} to fill the cache ({first_state}), {cached} "
        f"answered from it ({cached_state})"
    )
    poll_interval = 15
    worst = max(delays, default=float("inf"))
    goals = [
        (f"poll p99 under {POLL_GOAL_P99_MS} ms", poll_run["p99_ms"] < POLL_GOAL_P99_MS),
        (
            f"every update seen within the poll interval + 1 s (worst {poll_interval} + "
            f"{worst:.2f} s)",
            missing == 0 and worst <= 1.0,
        ),
        ("0 queries per cached poll", cached == 0 and cached_state == "HIT"),
        ("no 5xx", five_xx == 0 and not poll_run["bad"] and not page_run["bad"]),
    ]
    for label, met in goals:
        print(f"  {'met' if met else 'MISSED'}: {label}")


if __name__ == "__main__":
    sys.exit(main())
