"""A newsroom's worst day: the whole system under load, with faults, and nothing lost.

    .venv/bin/python bench/soak.py [--minutes 10] [--articles 10000] [--db sqlite|postgres|both]

`make soak` runs it (both databases; PostgreSQL and Redis when they are reachable). On a
generated site of `--articles` articles, behind the production set-up docs/deploy.md
describes (granian via `manage.py serve`, the task worker on the database queue as `make
worker` runs it, nginx with docs/nginx.conf in front), for `--minutes`:

- Locust (headless; bench/soak_locust.py) plays anonymous readers (a few stories take most
  views; home, topic, search, feed pages and the content API), readers arriving with a
  unique click id, a flood of random parameters, and 50 commenters (returning and new,
  some replying);
- editors, in this process, publish, update, correct, unpublish and reschedule stories
  through the services the admin uses, post live entries and send a newsletter issue;
  moderators approve and mark spam in bulk. After each headline change, a reader polls
  the article through nginx until the new headline shows;
- faults on a schedule: SIGKILL of one web worker every 60 s; SIGKILL of the task worker
  while it runs a task (it is started again, as systemd would); on SQLite a writer holding
  the lock for 5 s; on PostgreSQL, Redis stopped for 20 s and the database for 10 s (both
  private servers the soak starts, so nothing else on the machine is touched).

At the end it prints pass/fail lines with counts (comments, counts, errors, staleness,
search, lists, feeds, sitemaps, tasks, newsletter) and throughput with p50/p99 per kind of
request. It asserts nothing and exits 0; a missing tool (nginx, Locust) is a "skipped:"
line.
"""

import argparse
import csv
import json
import math
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != REPO_ROOT / "bench"]
sys.path.insert(0, str(REPO_ROOT / "bench"))
import http_speed as hs  # noqa: E402 - the servers, nginx and the site, as bench-http runs them

hs.keep_stdlib_http()
HOST = hs.HOST
COMMENTERS = 50
RETURNING = 20  # of the commenters, those with approved comments before the soak
STALE_LIMIT = 1.0  # seconds after a change is committed
POSTING_P99_TARGET_MS = 1000
# Seconds after a fault's own during which what it knocked over recovers (a respawned
# worker starting, connections opened again).
FAULT_AFTERMATH = 5


def percentile(values, pct):
    """The nearest-rank percentile, 0 for none."""
    if not values:
        return 0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Soak:
    def __init__(self, args, db, work_dir):
        self.args, self.db, self.work = args, db, work_dir
        self.children = hs.Children()
        self.stop = threading.Event()  # the load is over
        self.finished = threading.Event()  # the queue is drained: the worker may stop
        self.events = []  # (time, what): faults and editors' actions, for the report
        self.stale = []  # seconds until readers saw each new headline through nginx
        self.app_port, self.front_port = args.port, args.port + 1
        self.worker = None

    def note(self, what):
        self.events.append((time.time(), what))
        log(what)

    # Set-up.

    def environment(self):
        var_dir = self.work / "var"
        var_dir.mkdir(exist_ok=True)
        extra = {
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "PAGE_CACHE_SECONDS": "600",
            "COMMENTS_MIN_FILL_SECONDS": "2",
            "EMAIL_BACKEND": "dateline.mailbox.backend.EmailBackend",
            "SITE_URL": f"http://{HOST}:{self.front_port}",
            "LOG_LEVEL": "WARNING",
            "ACCESS_LOG": "0",
        }
        if self.db == "postgres":
            extra.update(DATABASE_URL=self.postgres_url, REDIS_URL=self.redis_url)
        return hs.base_env(var_dir, "soak-" + "x" * 45, **extra)

    def start_private_postgres(self):
        """A PostgreSQL cluster of the soak's own (stopping the machine's would hurt others)."""
        bin_dir = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
        if bin_dir is None:
            return "no PostgreSQL server binaries under /usr/lib/postgresql"
        self.pg_bin, self.pg_data = bin_dir, self.work / "pg"
        self.pg_port = self.args.port + 10
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.as_postgres = as_postgres
        self.pg_data.mkdir()
        if as_postgres:
            shutil.chown(self.work, "postgres")
            shutil.chown(self.pg_data, "postgres")
        done = subprocess.run(
            [
                *as_postgres,
                str(bin_dir / "initdb"),
                "-D",
                str(self.pg_data),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode:
            return f"initdb failed: {done.stderr[-300:]}"
        self.pg_ctl("start")
        subprocess.run(
            [
                *as_postgres,
                str(bin_dir / "createdb"),
                "-h",
                HOST,
                "-p",
                str(self.pg_port),
                "-U",
                "postgres",
                "dateline",
            ],
            check=True,
            timeout=60,
        )
        self.postgres_url = f"postgres://postgres@{HOST}:{self.pg_port}/dateline"
        return None

    def pg_ctl(self, action):
        options = f"-p {self.pg_port} -k {self.pg_data} -c listen_addresses={HOST} -c fsync=off"
        subprocess.run(
            [
                *self.as_postgres,
                str(self.pg_bin / "pg_ctl"),
                "-D",
                str(self.pg_data),
                "-w",
                "-o",
                options,
                "-l",
                str(self.pg_data / "log"),
                "-m",
                "immediate",
                action,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start_private_redis(self):
        server = shutil.which("redis-server")
        if server is None:
            return "no redis-server"
        self.redis_port = self.args.port + 11
        self.redis_args = [
            server,
            "--port",
            str(self.redis_port),
            "--bind",
            HOST,
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        self.redis = self.children.start(
            self.redis_args, env=dict(os.environ), log_path=self.work / "redis.log"
        )
        time.sleep(0.5)
        self.redis_url = f"redis://{HOST}:{self.redis_port}/0"
        return None

    def build(self):
        self.env = self.environment()
        log(f"Building a site of {self.args.articles:,} articles ({self.db})")
        hs.build_site(self.env, self.args.articles)
        os.environ.update(self.env)
        for name in hs.CLEARED_ENV:
            if name not in self.env:
                os.environ.pop(name, None)
        sys.path.insert(0, str(REPO_ROOT))
        import django

        django.setup()
        self.prepare_content()

    def prepare_content(self):
        """Returning commenters with approved comments, a live story, a newsletter with
        subscribers, and the addresses the readers visit."""
        from django.db import connections
        from django.utils.timezone import now

        from dateline.articles.models import Article
        from dateline.comments import services as comments
        from dateline.live import services as live
        from dateline.newsletters.models import Newsletter, Subscriber, Subscription
        from dateline.topics.models import Topic

        articles = list(
            Article.objects.published().newest_first().select_related("primary_topic")[:2000]
        )
        self.editor = self.make_editor()
        for number in range(RETURNING):
            comment = comments.post_comment(
                article=articles[number],
                body=f"An earlier remark from reader {number}.",
                name=f"Returning reader {number}",
                email=f"returning{number}@example.org",
                ip=f"192.0.2.{number + 1}",
            )
            comments.approve_comment(comment)
        self.live_article = articles[0]
        live.start_coverage(self.live_article)
        newsletter = Newsletter.objects.create(
            name="Soak briefing",
            slug="soak",
            kind=Newsletter.Kind.DAILY,
            description="The day's stories.",
        )
        for number in range(200):
            subscriber = Subscriber.objects.create(
                email=f"subscriber{number}@example.org", confirmed_at=now()
            )
            Subscription.objects.create(
                subscriber=subscriber, newsletter=newsletter, status=Subscription.Status.ACTIVE
            )
        self.newsletter = newsletter
        data = {
            "articles": [a.get_absolute_url() for a in articles],
            "ids": [a.pk for a in articles],
            "ids_by_path": {a.get_absolute_url(): a.pk for a in articles},
            # Readers comment on recent stories (older ones are closed for comments).
            "open": [a.get_absolute_url() for a in articles if a.comments_are_open][:300],
            "topics": [t.get_absolute_url() for t in Topic.objects.all()],
            "words": ["council", "vote", "harbour", "budget", "election", "storm", "court"],
            "returning": [
                [f"Returning reader {n}", f"returning{n}@example.org"] for n in range(RETURNING)
            ],
            "commenters": COMMENTERS,
            "comment_wait": self.args.comment_wait,
            "fill_seconds": 2.5,
            "out_dir": str(self.work),
        }
        (self.work / "soak.json").write_text(json.dumps(data))
        self.data = data
        connections.close_all()

    def make_editor(self):
        from django.contrib.auth.models import User

        return User.objects.create_user("soak-editor", "editor@example.org", is_staff=True)

    # Processes.

    def start(self):
        self.server = hs.start_server(
            self.children, self.env, self.app_port, self.args.workers, self.work / "serve.log"
        )
        self.start_worker()
        nginx_dir = self.work / "nginx"
        nginx_dir.mkdir(exist_ok=True)
        var_dir = Path(self.env["DATELINE_VAR_DIR"])
        conf = hs.nginx_config(
            nginx_dir, self.front_port, self.app_port, var_dir / "static", var_dir / "media"
        )
        self.nginx = hs.start_nginx(
            self.children, self.args.nginx, nginx_dir, conf, self.front_port
        )

    def start_worker(self):
        # As `make worker` runs it.
        for command in (["recover_tasks"], ["schedule_newsletters"]):
            subprocess.run(
                [*hs.MANAGE, *command],
                env=self.env,
                cwd=REPO_ROOT,
                check=True,
                capture_output=True,
                timeout=120,
            )
        self.worker = self.children.start(
            [*hs.MANAGE, "db_worker", "--interval", "0.2"],
            env=self.env,
            log_path=self.work / "worker.log",
        )

    def supervise_worker(self):
        """Start the task worker again 5 s after it exits, as systemd does (docs/deploy.md:
        Restart=always, RestartSec=5): killed by a fault, or stopped by a database outage."""
        while not self.finished.wait(1):
            if self.worker.poll() is None:
                continue
            self.note(f"task worker exited ({self.worker.returncode}); starting it in 5 s")
            if self.finished.wait(5):
                return
            try:
                self.start_worker()
                self.note("task worker started again")
            except subprocess.CalledProcessError as error:  # the database is still down
                self.note(f"task worker did not start ({error.cmd[2]} failed); retrying")

    def granian_workers(self):
        """The pids of granian's worker processes (children of the server process)."""
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            parent = re.search(r"^PPid:\s+(\d+)", text, re.MULTILINE)
            if parent and int(parent.group(1)) == self.server.pid:
                found.append(int(status.parent.name))
        return found

    # Faults.

    def faults(self, started, minutes):
        schedule = []
        for second in range(60, int(minutes * 60), 60):
            schedule.append((second, self.kill_web_worker))
        schedule.append((minutes * 60 * 0.25, self.kill_task_worker))
        if self.db == "sqlite":
            schedule.append((minutes * 60 * 0.5, self.hold_sqlite_lock))
        else:
            schedule.append((minutes * 60 * 0.4, self.stop_redis))
            schedule.append((minutes * 60 * 0.7, self.stop_postgres))
        for at, fault in sorted(schedule, key=lambda item: item[0]):
            if self.stop.wait(max(0, started + at - time.time())):
                return
            try:
                fault()
            except Exception as error:  # a fault that failed is reported, not fatal
                self.note(f"fault {fault.__name__} failed: {error}")

    def kill_web_worker(self):
        workers = self.granian_workers()
        if workers:
            victim = random.choice(workers)
            os.kill(victim, signal.SIGKILL)
            self.note(f"fault: SIGKILL web worker {victim}")

    def kill_task_worker(self):
        """SIGKILL the worker while it runs a task (waiting up to 60 s for one)."""
        from dateline.articles.models import Article

        # Publishing queues tasks: make some, then catch the worker in one.
        for article in Article.objects.published()[:5]:
            self.update_headline(article, probe=False)
        deadline = time.time() + 60
        while time.time() < deadline and not self.running_tasks():
            time.sleep(0.01)
        running = self.running_tasks()
        os.kill(self.worker.pid, signal.SIGKILL)
        self.note(f"fault: SIGKILL task worker while {running} task(s) ran")

    def running_tasks(self):
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.filter(status="RUNNING").count()

    def hold_sqlite_lock(self):
        path = Path(self.env["DATELINE_VAR_DIR"]) / "dateline.sqlite3"
        with sqlite3.connect(path, timeout=30, isolation_level=None) as db:
            db.execute("BEGIN IMMEDIATE")
            self.note("fault: a SQLite writer holds the lock for 5 s")
            time.sleep(5)
            db.execute("ROLLBACK")

    def stop_redis(self):
        self.children.stop(self.redis)
        self.note("fault: Redis stopped for 20 s")
        time.sleep(20)
        self.redis = self.children.start(
            self.redis_args, env=dict(os.environ), log_path=self.work / "redis.log"
        )
        self.note("Redis started again (empty)")

    def stop_postgres(self):
        self.pg_ctl("stop")
        self.note("fault: PostgreSQL stopped for 10 s")
        time.sleep(10)
        self.pg_ctl("start")
        self.note("PostgreSQL started again")

    # Editors and moderators.

    def editors(self, started, minutes):
        from django.db import close_old_connections

        actions = [
            self.publish_new,
            self.update_headline_of_one,
            self.correct_one,
            self.unpublish_one,
            self.reschedule_one,
            self.moderate,
            self.live_entry,
        ]
        newsletter_at = started + minutes * 60 * 0.6
        sent = False
        while not self.stop.wait(self.args.edit_every):
            close_old_connections()
            try:
                if not sent and time.time() >= newsletter_at:
                    self.send_newsletter()
                    sent = True
                random.choice(actions)()
            except Exception as error:  # the database may be down: the newsroom retries
                self.note(f"editor's action failed ({type(error).__name__}: {error})")

    def pick(self):
        from dateline.articles.models import Article

        ids = self.data["ids"][5:300]  # not the busiest: those stay for the readers
        return Article.objects.published().filter(pk__in=random.sample(ids, 20)).first()

    def publish_new(self):
        from dateline.articles.models import Article
        from dateline.articles.services import publish_article, set_authors
        from dateline.authors.models import Author
        from dateline.topics.models import Topic

        stamp = time.strftime("%H%M%S")
        article = Article.objects.create(
            headline=f"Council publishes its figures at {stamp}",
            slug=f"soak-{stamp}-{random.randint(0, 9999)}",
            primary_topic=Topic.objects.order_by("?").first(),
            body="<p>The council published the figures readers asked for, line by line.</p>",
        )
        set_authors(article, [Author.objects.order_by("?").first()])
        publish_article(article, by=self.editor)
        self.note(f"editor: published {article.pk}")

    def update_headline(self, article, *, probe=True, correction=False):
        from dateline.articles.services import record_update

        what = "corrected" if correction else "updated"
        base = article.headline.split(" [")[0][:150]
        article.headline = f"{base} [{what} {time.strftime('%H:%M:%S')}]"
        article.save(update_fields=["headline"])
        record_update(article, by=self.editor, comment="Correction" if correction else "Updated")
        committed = time.time()
        if probe:
            self.probe(article.get_absolute_url(), article.headline, committed)

    def probe(self, path, headline, committed):
        """Poll the page through nginx until the new headline shows."""
        import html

        url = f"http://{HOST}:{self.front_port}{path}"
        wanted = html.escape(headline, quote=False).encode()
        while time.time() - committed < 30:
            try:
                status, _, body = hs.fetch(url, timeout=5)
            except OSError:
                status, body = 0, b""
            if status == 200 and wanted in body:
                self.stale.append(time.time() - committed)
                return
            time.sleep(0.05)
        self.stale.append(float("inf"))

    def update_headline_of_one(self):
        article = self.pick()
        if article:
            self.update_headline(article)

    def correct_one(self):
        article = self.pick()
        if article:
            self.update_headline(article, correction=True)

    def unpublish_one(self):
        from dateline.articles.services import unpublish_article

        article = self.pick()
        if article:
            unpublish_article(article, by=self.editor)
            self.note(f"editor: unpublished {article.pk}")

    def reschedule_one(self):
        from django.utils.timezone import now

        from dateline.articles.services import publish_article

        article = self.pick()
        if article:
            publish_article(
                article, at=now() + timedelta(seconds=random.randint(20, 120)), by=self.editor
            )
            self.note(f"editor: rescheduled {article.pk}")

    def moderate(self):
        from dateline.comments import services
        from dateline.comments.models import Comment

        pending = list(Comment.objects.filter(status="pending").values_list("pk", flat=True)[:40])
        if not pending:
            return
        half = len(pending) // 2
        services.moderate_comments(
            Comment.objects.filter(pk__in=pending[:half] or pending), "approved", by=self.editor
        )
        if half:
            services.moderate_comments(
                Comment.objects.filter(pk__in=pending[half:]), "spam", by=self.editor
            )
        self.note(f"moderator: {len(pending)} comments approved or marked as spam")

    def live_entry(self):
        from dateline.live import services

        services.post_entry(
            self.live_article,
            f"<p>{time.strftime('%H:%M:%S')}: crews are still at the scene.</p>",
            by=self.editor,
        )

    def send_newsletter(self):
        from dateline.newsletters import services, tasks

        # As the admin's "Send" action does.
        issue = services.compose_issue(self.newsletter)
        services.queue_issue(issue)
        tasks.enqueue_sending(issue)
        self.issue = issue
        self.note(f"newsletter: issue {issue.pk} queued for 200 subscribers")

    # The run.

    def run(self):
        locust = shutil.which("locust") or str(Path(sys.executable).parent / "locust")
        minutes = self.args.minutes
        users = self.args.users
        started = time.time()
        threads = [
            threading.Thread(target=self.faults, args=(started, minutes), daemon=True),
            threading.Thread(target=self.editors, args=(started, minutes), daemon=True),
            threading.Thread(target=self.supervise_worker, daemon=True),
        ]
        for thread in threads:
            thread.start()
        log(f"Locust: {users} users for {minutes:g} min against nginx on port {self.front_port}")
        done = subprocess.run(
            [
                locust,
                "-f",
                str(REPO_ROOT / "bench" / "soak_locust.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(max(1, users // 10)),
                "--run-time",
                f"{int(minutes * 60)}s",
                "--host",
                f"http://{HOST}:{self.front_port}",
                "--csv",
                str(self.work / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "10",
            ],
            env=dict(os.environ, SOAK_DATA=str(self.work / "soak.json")),
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=minutes * 60 + 300,
        )
        self.stop.set()
        for thread in threads:
            thread.join(timeout=120)
        if done.returncode not in (0, 1):  # 1: some requests failed, which the checks report
            print(done.stdout[-2000:], done.stderr[-2000:])
        log("Load stopped; waiting for the task queue to drain")
        self.drain()
        self.finished.set()
        time.sleep(2)  # what nginx's micro-cache may still hold (under a second)

    def drain(self, limit=120):
        from django_tasks_db.models import DBTaskResult

        deadline = time.time() + limit
        while time.time() < deadline:
            if not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
                return
            time.sleep(1)

    # Checks.

    def check(self):
        from django.db import connection
        from django.db.models import Count, F, Q
        from django_tasks_db.models import DBTaskResult

        from dateline.articles.models import Article
        from dateline.comments.models import Comment

        lines = []

        def line(ok, text):
            lines.append(f"  {'pass' if ok else 'FAIL'}: {text}")

        seen = {"posted": [], "server_errors": [], "outage_503": 0, "cache": {}, "junk": []}
        seen["post_times"] = []
        for path in self.work.glob("locust-*.json"):
            part = json.loads(path.read_text())
            seen["posted"] += part["posted"]
            seen["post_times"] += part.get("post_times", [])
            seen["server_errors"] += part["server_errors"]
            seen["outage_503"] += part["outage_503"]
            seen["junk"] += part.get("junk", [])
            for name, (hits, total) in part.get("cache", {}).items():
                counts = seen["cache"].setdefault(name, [0, 0])
                counts[0] += hits
                counts[1] += total
        texts = [text for text, _ in seen["posted"]]
        stored = (
            Counter(Comment.objects.filter(body__in=texts).values_list("body", flat=True))
            if texts
            else Counter()
        )
        missing = sum(1 for t in texts if stored[t] == 0)
        doubled = sum(1 for t in texts if stored[t] > 1)
        line(
            not missing and not doubled,
            f"comments answered with success: {len(texts):,}; stored exactly once: "
            f"{len(texts) - missing - doubled:,}; missing {missing}; stored twice {doubled}",
        )
        wrong = (
            Article.objects.annotate(
                approved=Count("comments", filter=Q(comments__status="approved"))
            )
            .exclude(comment_count=F("approved"))
            .count()
        )
        line(
            not wrong,
            f"articles whose shown comment count differs from their approved comments: {wrong}",
        )
        errors = Counter(status for _, _, _, status in seen["server_errors"])
        line(
            not errors,
            f"5xx answers: {sum(errors.values())} {dict(errors) or ''}; 503 with "
            f"Retry-After while the database was down: {seen['outage_503']}",
        )
        late = [s for s in self.stale if s > STALE_LIMIT]
        worst = max(self.stale, default=0)
        line(
            not late,
            f"headline changes: {len(self.stale)}; seen by readers through nginx "
            f"within {STALE_LIMIT:g} s: {len(self.stale) - len(late)}; slowest "
            f"{worst:.2f} s",
        )
        lines.append(self.posting_line(seen["post_times"]))
        rates = {name: hits / total for name, (hits, total) in seen["cache"].items() if total}
        plain, clicked = rates.get("article", 0), rates.get("article with click id", 0)
        line(
            clicked >= plain - 0.05,
            "answered from a cache: "
            + ", ".join(f"{n} {r:.0%}" for n, r in sorted(rates.items()))
            + " (articles with a click id as often as plain ones)",
        )
        kept = self.stored_under(seen["junk"])
        line(
            not kept,
            f"random-parameter addresses kept as pages of their own in Dateline's "
            f"page cache: {kept} of {len(seen['junk'])} sampled",
        )
        published = set(Article.objects.published().values_list("pk", flat=True))
        every_published = set(
            Article.objects.filter(status=Article.Status.PUBLISHED).values_list("pk", flat=True)
        )
        with connection.cursor() as cursor:
            column = "rowid" if connection.vendor == "sqlite" else "article_id"
            cursor.execute(f"SELECT {column} FROM search_index")
            indexed = {row[0] for row in cursor.fetchall()}
        extra, absent = indexed - every_published, every_published - indexed
        line(
            not extra and not absent,
            f"search index: {len(indexed):,} articles; published (scheduled included) "
            f"{len(every_published):,}; indexed but not published {len(extra)}; published "
            f"but not indexed {len(absent)}",
        )
        shown_wrong = self.lists_show_only_live(published)
        line(
            not shown_wrong,
            f"related blocks, feeds and sitemaps: {len(shown_wrong)} links to"
            f" an unpublished or not-yet-due article {shown_wrong[:5]}",
        )
        tasks = Counter(DBTaskResult.objects.values_list("status", flat=True))
        unfinished = tasks.get("READY", 0) + tasks.get("RUNNING", 0) + tasks.get("FAILED", 0)
        line(not unfinished, f"tasks: {dict(tasks)}")
        if getattr(self, "issue", None) is not None:
            received = self.newsletter_recipients(self.issue.subject)
            once = sum(1 for n in received.values() if n == 1)
            line(
                once == 200 and len(received) == 200,
                f"newsletter: {len(received)} of 200 subscribers received it; exactly once "
                f"{once}; more than once {sum(1 for n in received.values() if n > 1)}",
            )
        return lines

    def posting_line(self, post_times):
        """Posting's p99 against its target, and how much of the slow tail the faults made:
        a post sent while a fault was in effect (the fault's own seconds, and a few after
        for what it knocked over) is counted apart as well."""
        if not post_times:
            return "  FAIL: no comment was posted"
        windows = []
        for at, what in self.events:
            if what.startswith("fault:"):
                held = re.search(r"for (\d+) s", what)
                windows.append((at, at + (int(held.group(1)) if held else 0) + FAULT_AFTERMATH))
        during = [ms for sent, ms in post_times if any(a <= sent <= b for a, b in windows)]
        outside = [ms for sent, ms in post_times if not any(a <= sent <= b for a, b in windows)]
        p99 = percentile([ms for _, ms in post_times], 99)
        slow = sum(1 for _, ms in post_times if ms > POSTING_P99_TARGET_MS)
        slow_during = sum(1 for ms in during if ms > POSTING_P99_TARGET_MS)
        return (
            f"  {'pass' if p99 < POSTING_P99_TARGET_MS else 'FAIL'}: posting a comment: p99 "
            f"{p99:,.0f} ms over {len(post_times):,} posts (target < "
            f"{POSTING_P99_TARGET_MS:,} ms); {slow} took longer, {slow_during} of them sent "
            f"while a fault was in effect; p99 of the {len(outside):,} sent outside faults "
            f"{percentile(outside, 99):,.0f} ms"
        )

    def newsletter_recipients(self, subject):
        """{address: how many copies of the issue the mailbox (the e-mail back-end) got}."""
        from email import message_from_binary_file
        from email.header import decode_header, make_header

        from django.conf import settings

        received = Counter()
        for path in Path(settings.MAILBOX_DIR).glob("*.eml"):
            with path.open("rb") as handle:
                message = message_from_binary_file(handle)
            found = str(make_header(decode_header(message["Subject"] or "")))
            if " ".join(found.split()) == " ".join(subject.split()):  # unfolded
                received[message["To"]] += 1
        return received

    def stored_under(self, addresses):
        """How many of these addresses have a page of their own in the page cache (the key
        Dateline used before it kept only the parameters a page reads)."""
        from django.core.cache import cache

        from dateline.pagecache.middleware import page_key

        return sum(cache.get(page_key(address)) is not None for address in addresses)

    def lists_show_only_live(self, published):
        """Read, through nginx, the related blocks of a sample of articles, the feeds and
        the sitemaps: how many article links among them are not live now."""
        from dateline.articles.models import Article

        live_paths = {
            a.get_absolute_url()
            for a in Article.objects.published()
            .only("slug", "primary_topic__slug")
            .select_related("primary_topic")
        }
        link = re.compile(r'(?:href="|<link>|<loc>)(?:https?://[^/"<]+)?(/news/[^"<?#]+/)')
        wrong = []
        pages = [
            *random.sample(self.data["articles"], 30),
            "/feeds/rss/",
            "/feeds/atom/",
            "/sitemap-news.xml",
            "/",
        ]
        for path in pages:
            _, _, body = hs.fetch(f"http://{HOST}:{self.front_port}{path}")
            for found in set(link.findall(body.decode(errors="replace"))):
                if found not in live_paths and self.looks_like_article(found):
                    wrong.append(f"{path} -> {found}")
        del published
        return wrong

    @staticmethod
    def looks_like_article(path):
        from django.urls import Resolver404, resolve

        try:
            return resolve(path).view_name == "articles:detail"
        except Resolver404:
            return False

    def throughput(self):
        path = self.work / "locust_stats.csv"
        if not path.exists():
            return ["  (no Locust statistics)"]
        rows = list(csv.DictReader(path.open()))
        out = [
            f"  {'kind':<28} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'fails':>6}"
        ]
        for row in rows:
            out.append(
                f"  {row['Name']:<28} {int(row['Request Count']):>9,} "
                f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['99%']:>7} "
                f"{int(row['Failure Count']):>6}"
            )
        failures = self.work / "locust_failures.csv"
        if failures.exists():
            for row in list(csv.DictReader(failures.open()))[:8]:
                out.append(
                    f"  failed: {row['Occurrences']} x {row['Method']} {row['Name']}: "
                    f"{row['Error'][:100]}"
                )
        return out


def soak(args, db):
    work = Path(tempfile.mkdtemp(prefix=f"dateline-soak-{db}-"))
    if args.keep:
        log(f"Keeping the run's files in {work}")
    run = Soak(args, db, work)
    try:
        if db == "postgres":
            problem = run.start_private_redis() or run.start_private_postgres()
            if problem:
                print(f"skipped: PostgreSQL run ({problem})")
                return None
        run.build()
        run.start()
        run.run()
        return run.check() + ["", *run.throughput()]
    finally:
        run.stop.set()
        run.finished.set()
        run.children.stop_all()
        if db == "postgres" and (work / "pg" / "postmaster.pid").exists():
            run.pg_ctl("stop")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--users", type=int, default=150, help="Locust users (50 commenters)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=18700)
    parser.add_argument("--edit-every", type=float, default=12, help="seconds between edits")
    parser.add_argument(
        "--comment-wait",
        type=float,
        default=20,
        help="seconds each commenter waits between comments (at least)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the run's files (logs)")
    parser.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    args = parser.parse_args()
    if not Path(args.nginx).exists():
        print("skipped: nginx not found (Debian: apt-get install nginx)")
        return 0
    if not (shutil.which("locust") or (Path(sys.executable).parent / "locust").exists()):
        print("skipped: Locust not installed (make soak installs it)")
        return 0
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if args.db == "both" and len(databases) > 1:
        # Each run sets Django up for its own database: one process per run.
        for db in databases:
            subprocess.run([sys.executable, __file__, *sys.argv[1:], "--db", db], check=False)
        return 0
    results = soak(args, databases[0])
    if results:
        print("\n" + "=" * 90)
        print(f"Soak summary: {databases[0]}, {args.minutes:g} min, {args.articles:,} articles")
        print("\n".join(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
