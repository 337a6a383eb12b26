"""How fast `manage.py import_wordpress` is: the Theme Unit Test export, then a generated
export of 10,000 posts with 50,000 comments.

    .venv/bin/python bench/wxr_import.py [--posts 10000] [--comments 50000] [--seed 1] [--again]

In a fresh temporary folder (SQLite database, file cache), with production settings (DEBUG
off, a throwaway SECRET_KEY), each step in its own process, timed (wall clock) with the
peak memory (maximum resident set size) of that process:

1. `manage.py migrate`, then `import_wordpress` of ../shared/data/wxr/
   themeunittestdata.wordpress.xml (or $DATELINE_WXR_DATA/...; skipped with the reason
   when it is absent);
2. `manage.py generate_wxr` writes the synthetic export (dateline/wordpress/management/
   commands/generate_wxr.py says what is in it);
3. `import_wordpress` of that export into a database of its own (a copy of the freshly
   migrated one), with how long each phase took, read from the time its progress lines
   came out; with --again, the same file imported a second time (everything unchanged).

Target (issue #8): the 10,000-post import in under 60 s. This prints the figures and asserts
nothing. Timings are wall clock: other work on the machine slows them down.
"""

import argparse
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from dateline.ops.machine_speed import speed_line

REPO_ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on sys.path, where a benchmark's name can shadow
# the standard library (bench/http_speed.py hides the `http` package that Django imports).
sys.path = [p for p in sys.path if Path(p or ".").resolve() != REPO_ROOT / "bench"]
MANAGE = [sys.executable, str(REPO_ROOT / "manage.py")]
THEME_DATA = "themeunittestdata.wordpress.xml"
TARGET_SECONDS = 60
# A progress line of import_wordpress without a terminal: "Posts: 200/10,000 (21s)".
PROGRESS = re.compile(r"^(?P<label>[^:]+): (?P<done>[\d,]+)/(?P<total>[\d,]+) \(\d+s\)$")
# The summary lines worth repeating here.
SUMMARY = ("Posts:", "As articles:", "Comments:", "Topics:", "Authors:", "Old addresses:")


def wxr_data_dir():
    """../shared/data/wxr beside the repository, or $DATELINE_WXR_DATA (as the tests)."""
    return Path(os.environ.get("DATELINE_WXR_DATA") or REPO_ROOT.parent / "shared/data/wxr")


def child_env(var_dir):
    env = dict(os.environ, DATELINE_VAR_DIR=var_dir, LOG_LEVEL="WARNING")
    env.update(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="localhost")
    for name in ("DEBUG", "DATABASE_URL", "REDIS_URL", "CACHE_DIR", "TASKS_BACKEND"):
        env.pop(name, None)  # always the throwaway SQLite file and file cache
    return env


def run(args, env):
    """Run a child process; (exit code, [(seconds since start, line)], wall seconds, peak
    memory in MB, CPU seconds). os.wait4 gives the resource usage of that one child, so
    its ru_maxrss is its own peak; its CPU time, unlike the wall time, hardly depends on
    what else the machine is doing."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines = [(time.perf_counter() - started, line.rstrip("\n")) for line in process.stdout]
    _, status, usage = os.wait4(process.pid, 0)
    return (
        os.waitstatus_to_exitcode(status),
        lines,
        time.perf_counter() - started,
        usage.ru_maxrss / 1024,
        usage.ru_utime + usage.ru_stime,
    )


def check(code, lines, what):
    if code != 0:
        print("\n".join(line for _, line in lines[-40:]))
        raise SystemExit(f"{what} failed with exit code {code}")


def phases(lines):
    """[(phase, seconds)] of an import_wordpress run, from when its lines came out."""
    out, last = [], 0.0
    ends = {}
    for at, line in lines:
        if line.startswith("Read ") and "items" in line:
            out.append(("start-up and reading the file", at))
            last = at
        match = PROGRESS.match(line)
        if match and match["done"] == match["total"]:
            ends[match["label"]] = at
    for label, at in sorted(ends.items(), key=lambda pair: pair[1]):
        out.append((label, at - last))
        last = at
    if lines:
        out.append(("the rest (summary, exit)", lines[-1][0] - last))
    return out


def database_figures(path):
    with sqlite3.connect(path) as db:

        def count(sql):
            return db.execute(sql).fetchone()[0]

        states = dict(db.execute("SELECT status, count(*) FROM articles_article GROUP BY 1"))
        comments = dict(db.execute("SELECT status, count(*) FROM comments_comment GROUP BY 1"))
        return {
            "articles": ", ".join(f"{n:,} {status}" for status, n in sorted(states.items())),
            "comments": ", ".join(f"{n:,} {status}" for status, n in sorted(comments.items())),
            "replies": count("SELECT count(*) FROM comments_comment WHERE parent_id IS NOT NULL"),
            "topics": count("SELECT count(*) FROM topics_topic"),
            "authors": count("SELECT count(*) FROM authors_author"),
            "redirects": count("SELECT count(*) FROM wordpress_wordpressredirect"),
            "revisions": count("SELECT count(*) FROM reversion_revision"),
            "related links": count("SELECT count(*) FROM related_relatedlink"),
            "search index rows": count("SELECT count(*) FROM search_index"),
            "database MB": round(Path(path).stat().st_size / 2**20),
        }


def import_export(export, var_dir, what):
    """import_wordpress `export` into the database in `var_dir`; print the figures and
    return (wall seconds, CPU seconds)."""
    env = child_env(var_dir)
    code, lines, wall, peak, cpu = run([*MANAGE, "import_wordpress", str(export)], env)
    check(code, lines, f"import_wordpress of {what}")
    print(
        f"import_wordpress: {wall:.1f} s wall ({cpu:.1f} s CPU), peak memory {peak:,.0f} MB",
        flush=True,
    )
    for phase, seconds in phases(lines):
        print(f"  {seconds:6.1f} s  {phase}")
    for line in summary_lines(line for _, line in lines):
        print(f"  | {line}")
    figures = database_figures(Path(var_dir) / "dateline.sqlite3")
    text = "; ".join(f"{name}: {value:,}" if isinstance(value, int) else f"{name}: {value}"
                     for name, value in figures.items())  # fmt: skip
    print(textwrap.fill(f"In the database: {text}.", 96, initial_indent="  ",
                        subsequent_indent="    "))  # fmt: skip
    return wall, cpu


def summary_lines(lines):
    """The SUMMARY lines of an import's output, each with the lines it wraps onto."""
    keep = None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if line.strip().startswith(SUMMARY) and not PROGRESS.match(line):
            keep = indent
            yield line.strip()
        elif keep is not None and line.strip() and indent >= keep + 4:
            yield "    " + line.strip()
        else:
            keep = None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--again", action="store_true", help="Import the generated export a second time."
    )
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    print(
        f"WordPress import on {os.cpu_count()} CPUs (load average {load:.1f} at the start)",
        flush=True,
    )
    print(speed_line(), flush=True)
    with tempfile.TemporaryDirectory(prefix="dateline-wxr-") as scratch:
        scratch = Path(scratch)
        migrated = scratch / "migrated.sqlite3"
        theme_dir = scratch / "theme"
        theme_dir.mkdir()
        code, lines, wall, *_ = run([*MANAGE, "migrate", "--noinput", "-v", "0"],
                                   child_env(str(theme_dir)))  # fmt: skip
        check(code, lines, "migrate")
        shutil.copy(theme_dir / "dateline.sqlite3", migrated)
        print(f"migrate: {wall:.1f} s", flush=True)

        theme = wxr_data_dir() / THEME_DATA
        print(f"\n== The Theme Unit Test export ({THEME_DATA}) ==")
        if theme.is_file():
            import_export(theme, str(theme_dir), "the Theme Unit Test export")
        else:
            print(f"Skipped: {theme} is not here (set DATELINE_WXR_DATA to its folder).")

        print(f"\n== A generated export: {args.posts:,} posts, {args.comments:,} comments ==")
        big_dir = scratch / "generated"
        big_dir.mkdir()
        shutil.copy(migrated, big_dir / "dateline.sqlite3")
        export = scratch / "generated.xml"
        code, lines, wall, peak, _ = run(
            [*MANAGE, "generate_wxr", str(export), "--posts", str(args.posts),
             "--comments", str(args.comments), "--seed", str(args.seed)],
            child_env(str(big_dir)),
        )  # fmt: skip
        check(code, lines, "generate_wxr")
        size = export.stat().st_size / 2**20
        print(f"generate_wxr: {wall:.1f} s wall, peak memory {peak:,.0f} MB, {size:,.0f} MB file")
        for _, line in lines:
            print(f"  | {line}")
        first = import_export(export, str(big_dir), "the generated export")
        again = None
        if args.again:
            print("\nThe same export again (everything is there already):")
            again = import_export(export, str(big_dir), "the generated export, again")

    wall, cpu = first
    verdict = "met" if wall < TARGET_SECONDS else "NOT met"
    print(
        f"\nTarget: {args.posts:,} posts with {args.comments:,} comments imported in under "
        f"{TARGET_SECONDS} s: {wall:.1f} s wall ({cpu:.1f} s CPU), {verdict} (load average "
        f"{os.getloadavg()[0]:.1f} at the end)."
        + (f" Importing it again: {again[0]:.1f} s wall ({again[1]:.1f} s CPU)." if again else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
