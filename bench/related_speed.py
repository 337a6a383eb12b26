"""How fast related lists are built: the full rebuild at scale, and one publish.

    .venv/bin/python bench/related_speed.py [--sizes 10000 100000] [--seed 1]

For each size, in a fresh temporary SQLite database: `manage.py generate_articles N`, then
`manage.py rebuild_related`, each in its own process, timed (wall clock) with the peak
memory (maximum resident set size) of that process. At the smallest size the rebuild is
also interrupted (SIGINT) part-way and run again, to show that it resumes. At the largest
size one story at a time is created and published, five times over, timing
`refresh_related(article)` on its own and the whole `publish_article` with its task (the
default back-end runs it at once, in process).

Targets (the related-articles issue): 100,000 articles rebuilt in under 5 minutes with
under 2 GB peak memory; one publish updates the lists in under 0.5 s. This prints the
figures and asserts nothing.
"""

import argparse
import os
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on sys.path, where a benchmark's name can shadow
# the standard library (bench/http_speed.py hides the `http` package that Django imports).
sys.path = [p for p in sys.path if Path(p or ".").resolve() != REPO_ROOT / "bench"]
MANAGE = [sys.executable, str(REPO_ROOT / "manage.py")]
# A progress line of rebuild_related and generate_articles: "Label: [###  ] 5,000/10,000 (12s)".
PROGRESS = re.compile(
    r"^(?P<label>[^:]+): \[[# ]*\] (?P<done>[\d,]+)/(?P<total>[\d,]+) \((?P<s>\d+)s\)$"
)
REPEATS = 5
# One publish is stopped after this long: as shipped, the candidate query can take hours at
# 100,000 articles (see publish_section).
PUBLISH_TIMEOUT = 300
# Django's system-check warnings, which say nothing about speed.
CHECK_NOISE = re.compile(r"^(System check identified|WARNINGS:|HINT:|\S+: \(\S+\.W\d+\))")


def child_env(var_dir, tasks=False):
    env = dict(os.environ, DATELINE_VAR_DIR=var_dir, DEBUG="1", LOG_LEVEL="WARNING")
    env.pop("DATABASE_URL", None)  # always the throwaway SQLite file
    env.pop("TASKS_BACKEND", None)
    if not tasks:
        env["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    return env


def run(args, env, *, interrupt_after=None, timeout=None):
    """Run a child process; (exit code, output, wall seconds, peak memory in MB). SIGINT
    after `interrupt_after` seconds, SIGKILL after `timeout` seconds.

    os.wait4 gives the resource usage of that one child, so its ru_maxrss is its own peak.
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        args,
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # Started in the background (nohup, `&`), this script inherits an ignored SIGINT,
        # and so would the child: Ctrl-C must reach it for the resumability check.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    timers = []
    if interrupt_after is not None:
        timers.append(threading.Timer(interrupt_after, process.send_signal, [signal.SIGINT]))
    if timeout is not None:
        timers.append(threading.Timer(timeout, process.kill))
    for timer in timers:
        timer.start()
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    for timer in timers:
        timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, output, time.perf_counter() - started, usage.ru_maxrss / 1024


def summary_lines(output):
    """What a command printed, without its progress bars but with the final bar of each
    phase (which carries the phase's time)."""
    lines = []
    for line in output.splitlines():
        match = PROGRESS.match(line.strip())
        if match is None:
            if line.strip() and not CHECK_NOISE.match(line.strip()):
                lines.append(line.strip())
        elif match["done"] == match["total"]:
            lines.append(f"{match['label']}: {match['total']} in {match['s']}s")
    return lines


def check(code, output, what):
    if code != 0:
        print(output)
        raise SystemExit(f"{what} failed with exit code {code}")


def database_figures(var_dir):
    path = Path(var_dir) / "dateline.sqlite3"
    with sqlite3.connect(path) as db:
        articles = db.execute("SELECT count(*) FROM articles_article").fetchone()[0]
        links = db.execute("SELECT count(*) FROM related_relatedlink").fetchone()[0]
        full = db.execute(
            "SELECT count(*) FROM (SELECT article_id FROM related_relatedlink "
            "GROUP BY article_id HAVING count(*) >= 3)"
        ).fetchone()[0]
        terms = db.execute("SELECT count(*) FROM related_articleterm").fetchone()[0]
    return articles, links, full, terms, path.stat().st_size / 2**20


def measure_size(size, seed, *, resumability, incremental):
    print(f"\n== {size:,} articles ==", flush=True)
    with tempfile.TemporaryDirectory(prefix="dateline-speed-") as var_dir:
        env = child_env(var_dir)
        check(*run([*MANAGE, "migrate", "--noinput", "-v", "0"], env)[:2], "migrate")
        code, output, wall, peak = run(
            [*MANAGE, "generate_articles", str(size), "--seed", str(seed)], env
        )
        check(code, output, "generate_articles")
        print(f"generate_articles: {wall:.1f}s wall, peak memory {peak:.0f} MB", flush=True)

        load = os.getloadavg()[0]
        code, output, wall, peak = run([*MANAGE, "rebuild_related"], env)
        check(code, output, "rebuild_related")
        print(
            f"rebuild_related:   {wall:.1f}s wall, peak memory {peak:.0f} MB (load average "
            f"{load:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} CPUs)"
        )
        for line in summary_lines(output):
            print(f"  | {line}")
        articles, links, full, terms, megabytes = database_figures(var_dir)
        print(
            f"  {articles:,} articles, {terms:,} signature terms, {links:,} related links, "
            f"{full:,} articles with a full list of 3; database {megabytes:,.0f} MB",
            flush=True,
        )
        if resumability:
            test_resumability(env, wall)
        if incremental:
            publish_section(var_dir, size)
        return wall, peak


def publish_section(var_dir, size):
    env = child_env(var_dir, tasks=True)
    print(f"\nOne publish at {size:,} articles, the database as rebuild_related leaves it:")
    code, output, _, _ = run(
        [sys.executable, __file__, "--publish-timings", str(REPEATS)], env, timeout=PUBLISH_TIMEOUT
    )
    if code == -signal.SIGKILL:
        print(f"  refresh_related did not finish within {PUBLISH_TIMEOUT}s: stopped")
    else:
        check(code, output, "the publish timings")
        print_publish_output(output)


def print_publish_output(output):
    ours = [line for line in output.splitlines() if line.startswith(("  story", "One publish"))]
    print("\n".join(ours), flush=True)
    others = len(output.splitlines()) - len(ours)
    if others:
        first = next(line for line in output.splitlines() if line not in ours)
        print(f"  (the process also logged {others} other lines, the first: {first[:120]})")


def test_resumability(env, rebuild_seconds):
    # Half-way: past the first phase (counting terms, which starts over) at any size.
    delay = max(2.0, rebuild_seconds * 0.5)
    print(f"\nResumability: rebuild_related again, interrupted (SIGINT) after {delay:.0f}s")
    code, output, wall, _ = run([*MANAGE, "rebuild_related"], env, interrupt_after=delay)
    print(f"  first run: exit code {code} after {wall:.1f}s")
    for line in summary_lines(output):
        print(f"  | {line}")
    code, output, wall, _ = run([*MANAGE, "rebuild_related"], env)
    print(f"  second run: exit code {code} after {wall:.1f}s")
    for line in summary_lines(output):
        print(f"  | {line}")
    resumed = "Resuming an interrupted rebuild" in output
    finished = code == 0 and "Related lists rebuilt." in output
    print(f"  resumed: {'yes' if resumed else 'NO'}; finished: {'yes' if finished else 'NO'}")


def publish_timings(repeats):
    """Run in a child process on the benchmark's database, with tasks running at once."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    django.setup()
    from datetime import timedelta

    from django.utils.timezone import now

    from dateline.articles.models import Article
    from dateline.articles.services import publish_article, set_authors
    from dateline.related.management.commands.generate_articles import (
        article_fields,
        desk_of,
        ensure_authors,
        ensure_topics,
    )
    from dateline.related.models import RelatedLink
    from dateline.related.services import refresh_related

    topics, authors = ensure_topics(), ensure_authors()
    base = Article.objects.count() + 1_000_000

    def new_article(number, *, published):
        fields, topic_index, _, author_count, rng = article_fields(number, 7, now())
        fields.update(slug=f"bench-publish-{number}", published_at=None, updated_at=None)
        fields["status"] = Article.Status.DRAFT
        if published:
            # Written straight as published, so that no task runs: refresh_related is
            # timed on its own below.
            fields.update(status=Article.Status.PUBLISHED, published_at=now() - timedelta(1))
        article = Article.objects.create(primary_topic=topics[topic_index], **fields)
        set_authors(article, [authors[i] for i in rng.sample(desk_of(topic_index), 1)])
        return article

    refresh, publish = [], []
    for i in range(repeats):
        article = new_article(base + 2 * i, published=True)
        started = time.perf_counter()
        refresh_related(article)
        refresh.append(time.perf_counter() - started)

        article = new_article(base + 2 * i + 1, published=False)
        started = time.perf_counter()
        publish_article(article)
        publish.append(time.perf_counter() - started)
        if not RelatedLink.objects.filter(article=article).exists():
            raise SystemExit("publish_article did not compute the new story's list")
        entered = RelatedLink.objects.filter(related=article).count()
        print(
            f"  story {i + 1}: refresh_related {refresh[-1]:.3f}s, publish_article with its "
            f"task {publish[-1]:.3f}s (entered {entered} other lists)"
        )
    for name, times in (("refresh_related(article)", refresh), ("publish_article + task", publish)):
        print(
            f"One publish, {name}: median {statistics.median(times):.3f}s, "
            f"max {max(times):.3f}s over {repeats} stories"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--publish-timings", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.publish_timings:
        publish_timings(args.publish_timings)
        return 0

    sizes = sorted(set(args.sizes))
    print(f"Related lists at {', '.join(f'{n:,}' for n in sizes)} synthetic articles")
    results = {}
    for size in sizes:
        results[size] = measure_size(
            size, args.seed, resumability=size == sizes[0], incremental=size == sizes[-1]
        )
    print("\nFull rebuild (target at 100,000: under 300 s and under 2,048 MB):")
    for size, (wall, peak) in results.items():
        print(f"  {size:>9,} articles: {wall:7.1f} s, peak memory {peak:7.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
