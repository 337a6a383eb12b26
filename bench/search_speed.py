"""Search latency at scale: Dateline's full-text search against a plain icontains query
(what WordPress's search does), on SQLite and, where it runs, on PostgreSQL.

    .venv/bin/python bench/search_speed.py [--sizes 10000 100000] [--queries 200]

For each size it builds a fresh database in a temporary folder (and a scratch PostgreSQL
database, dropped at the end), generates that many articles with `generate_articles`,
indexes them, and times the same queries through both back-ends. Prints p50/p95 in ms.
Target: p95 under 50 ms at 100,000 articles, at least 10 times faster than icontains.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"

MEASURE = r"""
import json, random, statistics, time
from django.db import connection
from dateline.articles.models import Article
from dateline.search.backends import ContainsBackend, Filters, backend, query_terms

random.seed(7)
headlines = list(Article.objects.order_by("?").values_list("headline", flat=True)[:2000])
words = [w for h in headlines for w in query_terms(h) if len(w) > 4]
queries = []
for i in range(QUERIES):
    n = 1 if i % 2 == 0 else 2
    queries.append(random.sample(words, n))

def timed(search, terms):
    start = time.perf_counter()
    total, hits = search.search(terms, Filters(), 0, 10)
    return (time.perf_counter() - start) * 1000, total

def percentiles(samples):
    samples = sorted(samples)
    return {"p50": samples[len(samples) // 2], "p95": samples[int(len(samples) * 0.95) - 1],
            "n": len(samples)}

fts = backend()
for terms in queries[:10]:
    timed(fts, terms)  # warm up
fts_ms = [timed(fts, terms)[0] for terms in queries]
slow = ContainsBackend()
contains_ms = [timed(slow, terms)[0] for terms in queries[: max(20, QUERIES // 10)]]
print("RESULT " + json.dumps({"vendor": connection.vendor,
    "backend": type(fts).__name__, "fts": percentiles(fts_ms),
    "icontains": percentiles(contains_ms)}))
"""


def run(env, *args, capture=False):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, text=True,
        capture_output=capture, timeout=3600,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args[:1])} failed:\n{result.stderr}")
    return result.stdout if capture else ""


def postgres_available():
    try:
        import psycopg

        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
        return True
    except Exception:
        return False


def scratch_postgres(name, drop=False):
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop:
            conn.execute(f'CREATE DATABASE "{name}"')


def measure(size, vendor, queries):
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dateline.settings", "DEBUG": "1",
               "DATELINE_VAR_DIR": var,
               "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"}  # fmt: skip
        name = f"dateline_search_bench_{size}"
        if vendor == "postgresql":
            scratch_postgres(name)
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
        try:
            started = time.monotonic()
            run(env, "migrate", "--noinput", "-v", "0")
            run(env, "generate_articles", str(size))
            generated = time.monotonic()
            run(env, "rebuild_search_index")
            indexed = time.monotonic()
            output = run(env, "shell", "-c", MEASURE.replace("QUERIES", str(queries)),
                         capture=True)  # fmt: skip
            line = next(x for x in output.splitlines() if x.startswith("RESULT "))
            result = json.loads(line[len("RESULT ") :])
            result["generate_s"] = generated - started
            result["index_s"] = indexed - generated
            return result
        finally:
            if vendor == "postgresql":
                scratch_postgres(name, drop=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    vendors = [v for v in ["sqlite", "postgresql"] if v in args.databases]
    if "postgresql" in vendors and not postgres_available():
        vendors.remove("postgresql")
    if len(vendors) == 1:
        print("PostgreSQL is not reachable on 127.0.0.1:5432: measuring SQLite only.")
    rows = []
    for size in args.sizes:
        for vendor in vendors:
            print(f"{size:,} articles on {vendor}: generating, indexing, measuring...", flush=True)
            rows.append((size, vendor, measure(size, vendor, args.queries)))
    print()
    print(f"{'articles':>9}  {'database':<10} {'search p50':>10} {'p95':>8} "
          f"{'icontains p50':>13} {'p95':>9} {'p95 ratio':>9}  index build")  # fmt: skip
    for size, vendor, r in rows:
        fts, slow = r["fts"], r["icontains"]
        ratio = slow["p95"] / fts["p95"] if fts["p95"] else float("inf")
        print(f"{size:>9,}  {vendor:<10} {fts['p50']:>8.1f}ms {fts['p95']:>6.1f}ms "
              f"{slow['p50']:>11.1f}ms {slow['p95']:>7.1f}ms {ratio:>8.0f}x  "
              f"{r['index_s']:.0f}s")  # fmt: skip
    print("Target: p95 < 50 ms at 100,000 articles, >= 10x faster than icontains.")


if __name__ == "__main__":
    main()
