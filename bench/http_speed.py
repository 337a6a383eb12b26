"""How fast Dateline serves readers over HTTP: its server alone, its page cache, nginx in front.

    .venv/bin/python bench/http_speed.py [--articles 10000] [--duration 20] [--redis-url URL]

In a fresh temporary var dir (DATELINE_VAR_DIR): migrate, collectstatic, `manage.py
generate_articles N`, `rebuild_related` and `rebuild_search_index`. The newest article gets
20 approved comments (through the comment services) and a full "You May Also Like" block.
Then the production server, `manage.py serve` (granian, 2 worker processes of one request
at a time each, access log on, as `make serve` runs it) with DEBUG off, is
started once per configuration, and `wrk -t2 -c32 -d20s --latency` (after a 3-second
warm-up) measures:

- the article page with the page cache off (PAGE_CACHE_SECONDS=0): it joins the parts
  stored by the first view after a change (pages/parts.py); then the same with stored
  parts off too (ARTICLE_PARTS_SECONDS=0), every part rendered on every view; and the
  home, topic and search pages with the page cache off;
- the same pages from Dateline's own page cache (PAGE_CACHE_SECONDS=600, the default;
  the default file cache shared by the workers, or Redis with --redis-url);
- the article page through nginx running docs/nginx.conf (ports and paths swapped for the
  temporary ones, TLS left out), whose micro-cache keeps it for s-maxage (1 s);
- posting a comment (a wrk Lua script, a different text on every request), on a server
  with COMMENTS_FLOOD_SECONDS=0 and COMMENTS_MIN_FILL_SECONDS=0, with a form token signed
  here (`make_token`, the same SECRET_KEY) and a CSRF token and cookie from /comments/csrf/.

It also counts the SQL queries of an uncached article page (the test client, in a
`manage.py shell -c` run): joining stored parts, rendering them, and with them off; and it
weighs the page's HTML. Before the setup and before every wrk run it
waits (polling every 60 s, 30 minutes at most in all) while another benchmark script runs
or any other process keeps a quarter of a core busy: the figures would be wrong otherwise,
and theirs too. A run during which other processes used more than that is measured again
(twice at most), and the summary says so if it still was.

Targets (printed beside the figures, not asserted): the uncached article at >= 1,000 req/s
with p99 < 100 ms; >= 10,000 req/s from the page cache and >= 30,000 req/s from nginx's;
<= 6 SQL queries per uncached article page; its HTML under 40 KB. Needs wrk and nginx
(Debian: apt-get install wrk nginx); without wrk it prints "skipped: ..." and exits 0.
Every server is stopped at the end, also on Ctrl-C.
"""

import argparse
import gzip
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from dateline.ops.machine_speed import speed_line
from dateline.ops.nginxconf import local_nginx_config

REPO_ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(REPO_ROOT / "manage.py")]
NGINX_CONF = REPO_ROOT / "docs" / "nginx.conf"
HOST = "127.0.0.1"
COMMENTS_ON_ARTICLE = 20
RELATED_WANTED = 3
WARM_UP_SECONDS = 3
# Other benchmarks share the machine's cores: wrk waits while one of them runs, or while any
# other process keeps more than BUSY_CORES of a core busy over BUSY_SAMPLE_SECONDS.
BUSY_SCRIPTS = re.compile(
    r"bench/\w+\.py|manage\.py (generate_articles|rebuild_related|rebuild_search_index)"
)
BUSY_CORES = 0.25
BUSY_SAMPLE_SECONDS = 3
BUSY_POLL_SECONDS = 60
# A run during which others used more than BUSY_CORES is measured again, this many times.
CONTENDED_RETRIES = 2
BUSY_WAIT_LIMIT = 30 * 60
# Settings a developer may have exported that would change what is measured.
CLEARED_ENV = (
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "TASKS_BACKEND",
    "SECRET_KEY_FILE",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "HTTPS",
    "PAGE_CACHE_SECONDS",
    "ARTICLE_PARTS_SECONDS",
    "PAGE_CACHE_SHARED_SECONDS",
    "COMMENTS_FLOOD_SECONDS",
    "COMMENTS_MIN_FILL_SECONDS",
    "COMMENTS_CLOSE_AFTER_DAYS",
    "DEBUG",
    "LOG_LEVEL",
    "WEB_CONCURRENCY",
    "GUNICORN_CMD_ARGS",
)
TARGET_QUERIES = 6
TARGET_HTML_KB = 40


@dataclass
class Run:
    label: str
    server: str
    requests: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    bad: int = 0  # non-2xx/3xx responses
    socket_errors: int = 0
    target: str = ""
    met: bool | None = None
    others_cores: float = 0.0  # CPU other processes used during the measured run


# Waiting for the machine to be quiet.


class IdleWaiter:
    """Waits while the machine is busy: another benchmark script, or any other process using
    more than BUSY_CORES of a core (a test suite, a rebuild). At most BUSY_WAIT_LIMIT seconds
    over the whole run; `ignored` holds the process groups of this run's own servers."""

    def __init__(self, enabled):
        self.enabled = enabled
        self.waited = 0.0
        self.ignored = set()
        self.database_server = False  # True when this run's site is on PostgreSQL

    @staticmethod
    def processes():
        """{pid: (command line, process group, CPU seconds used)}, this process left out."""
        found = {}
        tick = os.sysconf("SC_CLK_TCK")
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                args = (entry / "cmdline").read_bytes().split(b"\0")
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name, in parentheses, may hold spaces: the fields follow the last ")".
            fields = stat[stat.rindex(")") + 2 :].split()
            line = " ".join(a.decode(errors="replace") for a in args if a)
            cpu = (int(fields[11]) + int(fields[12])) / tick  # user + system time
            found[int(entry.name)] = (line, int(fields[2]), cpu)
        return found

    def ours(self, line, group):
        """This run's servers, the Redis server when the page cache is measured in it, and
        the PostgreSQL server's processes when the site is on it (its backends and WAL
        writer do the site's work; counted as others, every posting run was measured three
        times and reported as contended)."""
        if group in self.ignored or os.path.basename(line.split()[0]) == "redis-server":
            return True
        return self.database_server and line.startswith("postgres:")

    def others_cores(self, before, after, seconds):
        """How many cores processes outside this run used between two `processes()`."""
        used = 0.0
        for pid, (line, group, cpu) in after.items():
            if line and not self.ours(line, group):
                used += cpu - before.get(pid, ("", 0, 0.0))[2]
        return used / seconds

    def busy(self):
        before = self.processes()
        time.sleep(BUSY_SAMPLE_SECONDS)
        after = self.processes()
        found = []
        for pid, (line, group, cpu) in after.items():
            if not line or self.ours(line, group):
                continue
            share = (cpu - before.get(pid, ("", 0, 0.0))[2]) / BUSY_SAMPLE_SECONDS
            program = os.path.basename(line.split()[0])
            named = program == "wrk" or ("python" in program and BUSY_SCRIPTS.search(line))
            if named or share > BUSY_CORES:
                found.append(f"{pid} at {share:.0%} CPU: {line[:90]}")
        return found

    def wait(self, before):
        if not self.enabled:
            return
        while busy := self.busy():
            if self.waited >= BUSY_WAIT_LIMIT:
                print(
                    f"  ! still busy after {BUSY_WAIT_LIMIT // 60} minutes of waiting, going on "
                    f"(the figures below may be low): {'; '.join(busy)}",
                    flush=True,
                )
                return
            print(
                f"  waiting before {before}: the machine is busy ({'; '.join(busy)}); "
                f"checking again in {BUSY_POLL_SECONDS} s",
                flush=True,
            )
            time.sleep(BUSY_POLL_SECONDS)
            self.waited += BUSY_POLL_SECONDS


# Child processes.


class Children:
    """Long-running children (servers), each in its own process group, stopped on exit."""

    def __init__(self):
        self.running = []
        self.groups = set()

    def start(self, args, *, env, log_path, cwd=REPO_ROOT):
        log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(
            args, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running.append((process, log))
        self.groups.add(process.pid)  # its own session: the group's id is its pid
        return process

    def stop(self, process):
        for entry in list(self.running):
            if entry[0] is process:
                self._stop(*entry)
                self.running.remove(entry)

    def stop_all(self):
        while self.running:
            self._stop(*self.running.pop())

    @staticmethod
    def _stop(process, log):
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=15)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        log.close()


def run_command(args, env, what, timeout):
    started = time.perf_counter()
    try:
        done = subprocess.run(
            args,
            env=env,
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise SystemExit(f"{what} did not finish within {timeout} s") from None
    if done.returncode != 0:
        print(done.stdout[-3000:])
        raise SystemExit(f"{what} failed with exit code {done.returncode}")
    return done.stdout, time.perf_counter() - started


def port_is_free(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) != 0


def keep_stdlib_http():
    """This file is named http.py, and Python puts its folder first on the import path, where
    it would stand in for the standard library's http package (which urllib.request and
    Django import): the folder comes off the path before anything imports `http`."""
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]


def fetch(url, *, headers=None, timeout=10):
    """(status, headers, body) of one GET, without following redirects."""
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_until_up(process, url, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} exited with code {process.returncode} (see its log)")
        try:
            status, _, _ = fetch(url, timeout=2)
            if status == 200:
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.3)
    raise SystemExit(f"{what} did not answer {url} within {timeout} s")


# The site.


def base_env(var_dir, secret_key, **extra):
    env = {k: v for k, v in os.environ.items() if k not in CLEARED_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="dateline.settings",
        DATELINE_VAR_DIR=str(var_dir),
        DEBUG="0",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def build_site(env, articles):
    steps = [
        ("migrate", [*MANAGE, "migrate", "--noinput", "-v", "0"], 600),
        ("collectstatic", [*MANAGE, "collectstatic", "--noinput", "-v", "0"], 600),
        (f"generate_articles {articles}", [*MANAGE, "generate_articles", str(articles)], 3600),
        ("rebuild_related", [*MANAGE, "rebuild_related"], 3600),
        ("rebuild_search_index", [*MANAGE, "rebuild_search_index"], 3600),
    ]
    for what, args, timeout in steps:
        output, seconds = run_command(args, env, what, timeout)
        last = next((line for line in reversed(output.splitlines()) if line.strip()), "")
        last = re.sub(r"\x1b\[[0-9;]*m", "", last.split("\r")[-1]).strip()
        print(f"  {what}: {seconds:.1f} s{f'  ({last[:90]})' if last else ''}", flush=True)


def prepare_article(env):
    """In this process, on the temporary database: the article to measure, with its comments
    and its related stories, and the signed form token for posting comments."""
    os.environ.update(env)
    for name in CLEARED_ENV:
        if name not in env:
            os.environ.pop(name, None)
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections

    from dateline.articles.models import Article
    from dateline.comments import services
    from dateline.comments.forms import make_token
    from dateline.comments.models import Comment
    from dateline.related.models import RelatedLink
    from dateline.related.services import refresh_related

    article = None
    for candidate in Article.objects.published().select_related("primary_topic")[:50]:
        if not candidate.comments_are_open:
            continue
        if RelatedLink.objects.for_block(candidate).count() < RELATED_WANTED:
            refresh_related(candidate)
        if RelatedLink.objects.for_block(candidate).count() >= RELATED_WANTED:
            article = candidate
            break
    if article is None:
        raise SystemExit("None of the 50 newest articles has comments open and 3 related stories")

    remarks = [
        "The figures in the third paragraph match what the council published last week.",
        "I was at the meeting and this is a fair account of what was said.",
        "Does anyone know when the full report will be made public?",
        "Good reporting. I'd like to read more about how this affects smaller towns.",
        "The same thing happened here two years ago and nobody followed it up.",
    ]
    top_level = []
    for i in range(COMMENTS_ON_ARTICLE):
        # Every fourth comment answers an earlier one, so the threads nest as they do on a site.
        parent = top_level[-1] if i % 4 == 3 and top_level else None
        comment = services.post_comment(
            article=article,
            body=f"{remarks[i % len(remarks)]} (Reader {i + 1})",
            name=f"Reader {i + 1}",
            email=f"reader{i + 1}@example.com",
            url=f"https://reader{i + 1}.example.com/",
            parent=parent,
            ip=f"203.0.113.{i + 1}",
            agent="bench/http_speed.py",
        )
        if comment.status != Comment.Status.APPROVED:
            services.approve_comment(comment)
        if parent is None:
            top_level.append(comment)
    article.refresh_from_db()
    words = sorted(
        (w for w in re.findall(r"[A-Za-z]+", article.headline) if len(w) >= 5),
        key=len,
        reverse=True,
    )
    info = {
        "id": article.pk,
        "url": article.get_absolute_url(),
        "headline": article.headline,
        "topic_url": article.primary_topic.get_absolute_url(),
        "topic": article.primary_topic.name,
        "comments": Comment.objects.approved().filter(article=article).count(),
        "related": RelatedLink.objects.for_block(article).count(),
        "search_word": (words or ["council"])[0].lower(),
        "token": make_token(article),
        "commenter_email": "reader1@example.com",
        "articles": Article.objects.published().count(),
        "static_css": None,
    }
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        info["static_css"] = json.loads(manifest.read_text())["paths"].get("dateline/site.css")
    connections.close_all()
    return info


QUERY_COUNT_CODE = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from dateline.pages import parts
from dateline.articles.page_query import page_article
result = {}
client = Client()
client.get(URL)  # fills the per-process caches (navigation) and the page's stored parts
article_id = page_article(URL.rstrip("/").rsplit("/", 1)[-1]).pk
for run in ("rendering", "stored"):
    if run == "rendering":
        parts.forget([f"article:{article_id}"])  # as a change to the article does
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    result[run] = {
        "status": response.status_code,
        "queries": [q["sql"] for q in queries.captured_queries],
    }
print("RESULT " + json.dumps(result))
"""


def count_queries(env, url):
    """SQL queries of one uncached article page, in a fresh process: the view that renders
    the page's parts (the first after a change) and the views that join them; then the same
    with stored parts turned off (ARTICLE_PARTS_SECONDS=0)."""
    env = dict(env, PAGE_CACHE_SECONDS="0", ALLOWED_HOSTS="127.0.0.1,localhost,testserver")
    code = f"URL = {url!r}\n" + QUERY_COUNT_CODE
    results = {}
    for name, extra in (("parts", {}), ("no parts", {"ARTICLE_PARTS_SECONDS": "0"})):
        output, _ = run_command(
            [*MANAGE, "shell", "-c", code], dict(env, **extra), "the query count", 300
        )
        line = next(line for line in output.splitlines() if line.startswith("RESULT "))
        results[name] = json.loads(line[len("RESULT ") :])
    return results


def comment_counts(env, article_id):
    """{status: comments} on the article, from whichever database the site is in."""
    code = (
        "import json\nfrom django.db.models import Count\n"
        "from dateline.comments.models import Comment\n"
        f"rows = Comment.objects.filter(article_id={int(article_id)}).order_by()"
        ".values_list('status').annotate(n=Count('pk'))\n"
        "print('RESULT ' + json.dumps(dict(rows)))"
    )
    output, _ = run_command([*MANAGE, "shell", "-c", code], env, "counting comments", 300)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


def new_database(server_url, name):
    """A new, empty database on the PostgreSQL server at `server_url`, dropped at exit."""
    import atexit

    import psycopg

    name = re.sub(r"\W", "_", name).lower()
    server_url = server_url.rstrip("/")
    with psycopg.connect(server_url + "/postgres", autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')

    def drop():
        try:
            with psycopg.connect(server_url + "/postgres", autocommit=True) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception as exc:  # the figures are printed already
            print(f"Could not drop the benchmark's database {name}: {exc}")

    atexit.register(drop)
    return f"{server_url}/{name}"


# Servers.


def server_args(port, workers):
    # As `make serve` runs it: `manage.py serve`, access log on standard output.
    return [*MANAGE, "serve", "--host", HOST, "--port", str(port), "--workers", str(workers)]


def start_server(children, env, port, workers, log_path):
    if not port_is_free(port):
        raise SystemExit(f"Port {port} is taken: pass --port with a free one")
    process = children.start(server_args(port, workers), env=env, log_path=log_path)
    wait_until_up(process, f"http://{HOST}:{port}/healthz", "manage.py serve")
    return process


def nginx_config(nginx_dir, port, app_port, static_root, media_root):
    """docs/nginx.conf made runnable here (dateline/ops/nginxconf.py)."""
    try:
        return local_nginx_config(
            NGINX_CONF, nginx_dir, host=HOST, port=port, app_port=app_port,
            static_root=static_root, media_root=media_root,
        )  # fmt: skip
    except ValueError as error:
        raise SystemExit(f"{error}: update dateline/ops/nginxconf.py") from None


def start_nginx(children, nginx, nginx_dir, conf, port):
    if not port_is_free(port):
        raise SystemExit(f"Port {port} is taken: pass --nginx-port with a free one")
    base = [nginx, "-p", str(nginx_dir), "-c", str(conf), "-e", str(nginx_dir / "error.log")]
    test = subprocess.run([*base, "-t"], capture_output=True, text=True, timeout=30)
    if test.returncode != 0:
        raise SystemExit(f"nginx -t failed:\n{test.stderr}")
    process = children.start(base, env=dict(os.environ), log_path=nginx_dir / "stdout.log")
    wait_until_up(process, f"http://{HOST}:{port}/healthz", "nginx")
    return process


# wrk.


WRK_POST_SCRIPT = """
-- One comment per request, each with its own text: the form refuses a repeat. The text
-- holds the run's name (the warm-up and the measured run are two wrk processes), the
-- thread's number and a counter.
local counter = 0
local threads = {}
local run = "run"

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  run = args[1] or run
end

function request()
  counter = counter + 1
  local text = "Comment+" .. run .. "-" .. id .. "-" .. counter ..
    "+from+a+regular+reader:+the+council+should+publish+its+figures+before+the+vote."
  return wrk.format("POST", PATH, nil, FORM .. "&comment=" .. text)
end
"""


def post_script(path, form, cookie):
    lua = (
        f'wrk.method = "POST"\n'
        f'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f'wrk.headers["Cookie"] = "csrftoken={cookie}"\n'
        f"PATH = {json.dumps(path)}\n"
        f"FORM = {json.dumps(form)}\n" + WRK_POST_SCRIPT
    )
    return lua


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(output):
    def number(pattern, default=0.0):
        match = re.search(pattern, output)
        return float(match.group(1)) if match else default

    latency = {}
    for percent, value, unit in re.findall(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\b",
                                           output, re.MULTILINE):  # fmt: skip
        latency[percent] = to_ms(value, unit)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": int(number(r"(\d+) requests in")),
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "p50_ms": latency.get("50", 0.0),
        "p99_ms": latency.get("99", 0.0),
        "bad": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
    }


class Wrk:
    def __init__(self, binary, args, waiter, work_dir):
        self.binary = binary
        self.args = args
        self.waiter = waiter
        self.work_dir = work_dir
        self.results = []

    def measure(self, label, server, url, *, script=None, target="", check=None):
        base = [self.binary, f"-t{self.args.threads}", f"-c{self.args.connections}"]
        if script:
            base += ["-s", str(script)]

        def wrk_args(seconds, name):
            # A script gets the run's name: its comments must differ from the warm-up's.
            extra = ["--", name] if script else []
            return [*base, f"-d{seconds}s", "--latency", "--timeout", "5s", url, *extra]

        # Another process may start in the middle of a run: then it is measured again.
        for attempt in range(1 + CONTENDED_RETRIES):
            self.waiter.wait(f"measuring {label}")
            warm_up = wrk_args(WARM_UP_SECONDS, f"warmup{attempt}")
            subprocess.run(warm_up, capture_output=True, timeout=WARM_UP_SECONDS + 60)
            before, started = self.waiter.processes(), time.monotonic()
            done = subprocess.run(
                wrk_args(self.args.duration, f"measured{attempt}"),
                capture_output=True,
                text=True,
                timeout=self.args.duration + 120,
            )
            others = self.waiter.others_cores(
                before, self.waiter.processes(), time.monotonic() - started
            )
            if done.returncode != 0:
                raise SystemExit(f"wrk failed for {label}:\n{done.stderr}")
            if others <= BUSY_CORES or not self.waiter.enabled or attempt == CONTENDED_RETRIES:
                break
            print(
                f"  ({label}: other processes used {others:.2f} cores meanwhile: measuring again)",
                flush=True,
            )
        run = Run(label=label, server=server, target=target, **parse_wrk(done.stdout))
        run.others_cores = others
        if check is not None:
            run.met = check(run)
        self.results.append(run)
        notes = []
        if run.bad or run.socket_errors:
            notes.append(f"{run.bad:,} non-2xx/3xx, {run.socket_errors:,} socket errors")
        if others > BUSY_CORES:
            notes.append(f"other processes used {others:.2f} cores meanwhile")
        note = f"  ({'; '.join(notes)})" if notes else ""
        print(
            f"  {label:<44} {run.rps:>9,.0f} req/s  p50 {run.p50_ms:>7.2f} ms  "
            f"p99 {run.p99_ms:>7.2f} ms{note}",
            flush=True,
        )
        return run


def verdict(met):
    return "" if met is None else ("met" if met else "MISSED")


# The run.


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=20, help="seconds per wrk run")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--port", type=int, default=8781, help="the server's port")
    parser.add_argument("--nginx-port", type=int, default=8782)
    parser.add_argument(
        "--redis-url",
        help="also measure the page cache in Redis (keys under a prefix of their own, "
        "deleted at the end), e.g. redis://127.0.0.1:6379/0",
    )
    parser.add_argument(
        "--database-url",
        help="build the site in a new database on this PostgreSQL server (dropped at the "
        "end) instead of SQLite, e.g. postgres://postgres@127.0.0.1:5432",
    )
    parser.add_argument(
        "--only",
        choices=["all", "posting"],
        default="all",
        help="posting: only [4], posting comments (with --database-url and --redis-url: "
        "as in production)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--no-wait", action="store_true", help="do not wait for other benchmarks to finish"
    )
    args = parser.parse_args()
    keep_stdlib_http()

    wrk = shutil.which("wrk")
    if wrk is None:
        print("skipped: wrk is not installed (Debian: apt-get install wrk)")
        return 0
    nginx = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/sbin/nginx") if Path(p).exists()), None
    )

    # Ctrl-C and SIGTERM both end in the `finally` below, which stops every server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    waiter = IdleWaiter(enabled=not args.no_wait)
    children = Children()
    waiter.ignored = children.groups
    work_dir = Path(tempfile.mkdtemp(prefix="dateline-http-bench-"))
    redis_prefix = f"dateline-bench-{secrets.token_hex(4)}"
    try:
        return benchmark(args, wrk, nginx, waiter, children, work_dir, redis_prefix)
    except KeyboardInterrupt:
        print("\nInterrupted: stopping the servers.", flush=True)
        return 130
    finally:
        children.stop_all()
        if args.redis_url:
            forget_redis_keys(args.redis_url, redis_prefix)
        if args.keep:
            print(f"Kept {work_dir}")
        else:
            shutil.rmtree(work_dir, ignore_errors=True)


def forget_redis_keys(url, prefix):
    try:
        import redis

        client = redis.Redis.from_url(url)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start : start + 500])
    except Exception as exc:  # a benchmark's clean-up must not hide its figures
        print(f"Could not delete the benchmark's Redis keys ({prefix}:*): {exc}")


def versions(wrk, nginx):
    def first_line(args):
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return "?"
        return (done.stdout + done.stderr).strip().splitlines()[0]

    from importlib.metadata import version

    import django

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "granian": version("granian"),
        "sqlite": sqlite3.sqlite_version,
        "wrk": first_line([wrk, "--version"]).split(" [")[0],
        "nginx": first_line([nginx, "-v"]).split("/")[-1] if nginx else "not installed",
        "cores": os.cpu_count(),
    }


def benchmark(args, wrk, nginx, waiter, children, work_dir, redis_prefix):
    var_dir = work_dir / "var"
    secret_key = secrets.token_urlsafe(50)
    env = base_env(var_dir, secret_key)
    database = "SQLite (WAL) in a temporary directory"
    if args.database_url:
        env["DATABASE_URL"] = new_database(args.database_url, work_dir.name)
        waiter.database_server = True
        database = f"PostgreSQL, database {env['DATABASE_URL'].rsplit('/', 1)[1]}"
    app = f"http://{HOST}:{args.port}"
    front = f"http://{HOST}:{args.nginx_port}"
    v = versions(wrk, nginx)
    print(
        f"Dateline over HTTP: {args.articles:,} articles; Python {v['python']}, Django "
        f"{v['django']}, granian {v['granian']}, SQLite {v['sqlite']}, {v['wrk']}, nginx "
        f"{v['nginx']}, {v['cores']} cores"
    )
    print(f"Temporary site in {work_dir}")
    print(speed_line(), flush=True)

    waiter.wait("building the site")
    print("\nBuilding the site:", flush=True)
    build_site(env, args.articles)
    info = prepare_article(env)
    print(
        f"  article {info['url']}: {info['comments']} approved comments, {info['related']} "
        f"related stories; topic {info['topic_url']}; search word {info['search_word']!r}",
        flush=True,
    )

    queries = count_queries(env, info["url"]) if args.only == "all" else None

    server_line = (
        f"manage.py serve: granian (WSGI), {args.workers} workers of one blocking thread on "
        f"{HOST}:{args.port}, access log "
        f"on (as `make serve`); DEBUG=0, {database.split(' in ')[0].split(',')[0]}, "
        "TASKS_BACKEND immediate (the database queue for posting, as in production)"
    )
    wrk_line = (
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency, after a "
        f"{WARM_UP_SECONDS} s warm-up, HTTP/1.1 keep-alive, no Accept-Encoding (bodies "
        "uncompressed)"
    )
    print(f"\nServer: {server_line}\nLoad:   {wrk_line}", flush=True)
    runner = Wrk(wrk, args, waiter, work_dir)
    article_url = info["url"]
    search_path = "/search/?" + urllib.parse.urlencode({"q": info["search_word"]})
    pages = [
        ("home page", "/"),
        ("topic page", info["topic_url"]),
        (f"search (/search/?q={info['search_word']})", search_path),
    ]

    cached_env = dict(env, PAGE_CACHE_SECONDS="600", PAGE_CACHE_SHARED_SECONDS="1")
    if args.redis_url and args.database_url:
        # PostgreSQL with Redis: the production set-up (docs/deploy.md).
        cached_env.update(REDIS_URL=args.redis_url, CACHE_KEY_PREFIX=redis_prefix)
    logs = work_dir / "logs"
    logs.mkdir()
    html_bytes = html_gzip = None
    if args.only == "all":
        # 1. The page cache off: no whole page is kept; the article page joins its stored parts.
        print(
            "\n[1] PAGE_CACHE_SECONDS=0 (no page kept; the article page joins the parts stored "
            "by the first view after a change, pages/parts.py):",
            flush=True,
        )
        server = start_server(
            children,
            dict(env, PAGE_CACHE_SECONDS="0"),
            args.port,
            args.workers,
            logs / "uncached.log",
        )
        status, headers, body = fetch(app + article_url)
        html_bytes, html_gzip = len(body), len(gzip.compress(body, 5))
        if status != 200:
            raise SystemExit(f"The article page answered {status}")
        status, _, body = fetch(app + search_path)
        found = re.search(rb"((?:More than )?[\d,]+) results? for", body)
        print(
            f"  (search for {info['search_word']!r}: {status}, "
            f"{found.group(1).decode() if found else 'no'} results)",
            flush=True,
        )
        runner.measure(
            "article page, uncached",
            "granian, page cache off",
            app + article_url,
            target=">= 1,000 req/s and p99 < 100 ms",
            check=lambda r: r.rps >= 1000 and r.p99_ms < 100,
        )
        for label, path in pages:
            runner.measure(f"{label}, uncached", "granian, page cache off", app + path)
        children.stop(server)

        # 1b. Stored parts off too: every request renders every part of the article page.
        print("\n[1b] ARTICLE_PARTS_SECONDS=0 as well (every request renders everything):")
        server = start_server(
            children,
            dict(env, PAGE_CACHE_SECONDS="0", ARTICLE_PARTS_SECONDS="0"),
            args.port,
            args.workers,
            logs / "nothing-stored.log",
        )
        runner.measure(
            "article page, nothing stored", "granian, page cache and stored parts off",
            app + article_url,
        )  # fmt: skip
        children.stop(server)

        # 2. The page cache on (the default), and nginx in front of it.
        cache_name = "the file cache in var/cache, shared by the workers"
        if "REDIS_URL" in cached_env:
            cache_name = "Redis"
        print(f"\n[2] PAGE_CACHE_SECONDS=600, the default (cache: {cache_name}):", flush=True)
        server = start_server(children, cached_env, args.port, args.workers, logs / "cached.log")
        fetch(app + article_url)
        _, headers, _ = fetch(app + article_url)
        print(
            f"  (article page: X-Cache {headers.get('X-Cache')}, Cache-Control "
            f"{headers.get('Cache-Control')!r}, Vary {headers.get('Vary')!r})",
            flush=True,
        )
        runner.measure(
            "article page, from the page cache",
            f"granian, page cache in {cache_name}",
            app + article_url,
            target=">= 10,000 req/s",
            check=lambda r: r.rps >= 10_000,
        )
        for label, path in pages[:2]:
            runner.measure(f"{label}, from the page cache", "granian, page cache", app + path)
        runner.measure(
            pages[2][0] + ", page cache on (search is not cached)", "granian", app + search_path
        )

        nginx_checks = []
        if nginx:
            nginx_dir = work_dir / "nginx"
            nginx_dir.mkdir()
            conf = nginx_config(
                nginx_dir, args.nginx_port, args.port, var_dir / "static", var_dir / "media"
            )
            start_nginx(children, nginx, nginx_dir, conf, args.nginx_port)
            nginx_checks = check_nginx(front, article_url, info)
            print("\n[3] nginx with docs/nginx.conf in front of [2] (micro-cache, s-maxage=1):")
            for line in nginx_checks:
                print(f"  check: {line}")
            runner.measure(
                "article page, from nginx's cache",
                "nginx (worker_processes auto) -> granian [2]",
                front + article_url,
                target=">= 30,000 req/s",
                check=lambda r: r.rps >= 30_000,
            )
        else:
            print("\n[3] nginx: skipped (not installed; Debian: apt-get install nginx)")
        children.stop_all()

        # 2b. The page cache in Redis, as on several app servers.
        if args.redis_url:
            print(f"\n[2b] PAGE_CACHE_SECONDS=600, the page cache in Redis ({args.redis_url}):")
            redis_env = dict(cached_env, REDIS_URL=args.redis_url, CACHE_KEY_PREFIX=redis_prefix)
            server = start_server(children, redis_env, args.port, args.workers, logs / "redis.log")
            runner.measure(
                "article page, from the page cache in Redis",
                "granian, page cache in Redis",
                app + article_url,
                target=">= 10,000 req/s",
                check=lambda r: r.rps >= 10_000,
            )
            children.stop(server)

    # 4. Posting comments: flood control and the minimum fill time relaxed.
    print(
        "\n[4] Posting comments (PAGE_CACHE_SECONDS=600, COMMENTS_FLOOD_SECONDS=0, "
        "COMMENTS_MIN_FILL_SECONDS=0):",
        flush=True,
    )
    before = comment_counts(env, info["id"])
    # The database queue, as docs/deploy.md sets production up: lists show new comment
    # counts through a task that runs later (COMMENTS_LIST_COUNT_SECONDS), which the
    # in-process queue cannot. No worker runs here: what it would do is not measured.
    post_env = dict(
        cached_env,
        COMMENTS_FLOOD_SECONDS="0",
        COMMENTS_MIN_FILL_SECONDS="0",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
    )
    server = start_server(children, post_env, args.port, args.workers, logs / "post.log")
    from http.cookies import SimpleCookie

    status, headers, body = fetch(app + "/comments/csrf/")
    csrf_token = json.loads(body)["token"]
    cookie = SimpleCookie()
    cookie.load(headers.get("Set-Cookie", ""))
    form = urllib.parse.urlencode(
        {
            "article": info["id"],
            "token": info["token"],
            "csrfmiddlewaretoken": csrf_token,
            "name": "Reader 1",
            "email": info["commenter_email"],
            "website": "https://reader1.example.com/",
            "phone": "",
        }
    )
    script = work_dir / "post_comment.lua"
    script.write_text(post_script("/comments/post/", form, cookie["csrftoken"].value))
    runner.measure(
        "posting a comment (303 on success)",
        "granian, flood control off",
        app + "/comments/post/",
        script=script,
    )
    children.stop(server)
    after = comment_counts(env, info["id"])
    posted = {k: after.get(k, 0) - before.get(k, 0) for k in after}

    # Report.
    print("\n" + "=" * 100)
    print("Summary")
    print(f"Site: {info['articles']:,} published articles, {database}")
    if "REDIS_URL" in cached_env:
        print(f"Cache: Redis ({args.redis_url}) for the page cache in [2] and [4]")
    print(f"Server: {server_line}")
    print(f"Load: {wrk_line}")
    print()
    print(f"{'what':<46} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  target")
    for r in runner.results:
        errors = r.bad + r.socket_errors
        target = f"{r.target} {verdict(r.met)}".strip()
        if r.others_cores > BUSY_CORES:
            target += f" (other processes used {r.others_cores:.2f} cores meanwhile)"
        print(
            f"{r.label:<46} {r.rps:>9,.0f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {errors:>7,}  {target}"
        )
    print()
    if queries is not None:
        html_kb = html_bytes / 1024
        counts = {
            "joining the stored parts": queries["parts"]["stored"],
            "the first view after a change (renders and stores the parts)": queries["parts"][
                "rendering"
            ],
            "stored parts off (ARTICLE_PARTS_SECONDS=0)": queries["no parts"]["stored"],
        }
        print("SQL queries per uncached article page:")
        for what, run in counts.items():
            sql = run["queries"]
            reads = [q for q in sql if q.lstrip().upper().startswith("SELECT")]
            n = len(reads)
            writes = f" and {len(sql) - n} write(s)" if len(sql) > n else ""
            met = verdict(n <= TARGET_QUERIES)
            print(f"  {what}: {n} reads{writes}  target <= {TARGET_QUERIES} {met}")
            for query in sql:
                print(f"    {shorten_sql(query)}")
        print(
            f"Article page HTML: {html_kb:.1f} KB ({html_bytes:,} bytes; {html_gzip / 1024:.1f} KB "
            f"gzipped)  target < {TARGET_HTML_KB} KB {verdict(html_kb < TARGET_HTML_KB)}"
        )
    print(
        "Comments posted during [4] (warm-up included): "
        + (", ".join(f"{n:,} {status}" for status, n in sorted(posted.items()) if n) or "none")
    )
    return 0


def shorten_sql(sql, width=150):
    sql = re.sub(r'"[a-z_]+"\."([a-z_]+)"', r"\1", sql)  # "table"."column" -> column
    sql = re.sub(r"SELECT .*? FROM", "SELECT ... FROM", sql, count=1)
    return sql if len(sql) <= width else sql[: width - 3] + "..."


def check_nginx(front, article_url, info):
    """What the front server does with a few requests, so the figures are for the intended
    configuration: the article from its cache, personal requests past it, static files."""
    lines = []
    fetch(front + article_url)
    time.sleep(0.1)
    _, headers, _ = fetch(front + article_url)
    lines.append(
        f"article twice: X-Front-Cache {headers.get('X-Front-Cache')}, X-Cache (app) "
        f"{headers.get('X-Cache')}"
    )
    for cookie in ("sessionid=x", "dateline_commenter=x", "csrftoken=x"):
        _, headers, _ = fetch(front + article_url, headers={"Cookie": cookie})
        lines.append(f"article with Cookie {cookie}: X-Front-Cache {headers.get('X-Front-Cache')}")
    if info["static_css"]:
        status, headers, _ = fetch(front + "/static/" + info["static_css"])
        lines.append(
            f"/static/{info['static_css']}: {status}, Cache-Control "
            f"{headers.get('Cache-Control')!r}"
        )
    return lines


if __name__ == "__main__":
    sys.exit(main())
