"""The demo site's pages as checkers see them: axe-core, the Nu HTML checker, Lighthouse.

    .venv/bin/python bench/page_checks.py [--runs 3] [--keep]

In a fresh temporary var dir: migrate, collectstatic and `manage.py load_demo`, then the
production server (`manage.py serve`, DEBUG off, one worker). For the home page, the
newest demo article and the newest with a picture in its body, it prints:

- axe-core's violations (axe-playwright-python in Debian's Chromium), by rule;
- the Nu HTML checker's errors (vnu.jar, with Java), by message;
- Lighthouse's performance score on its default phone profile (an emulated mid-range
  phone on a throttled 4G connection), the median of --runs runs, with LCP, CLS and TBT.

The checkers come from npm (lighthouse 12.2.3: 13 wants Node 22; vnu-jar), installed on
first use under ~/.cache/dateline-bench/page-tools. Needs Chromium (Debian: chromium),
Java and Node; without one of them its part prints "skipped: ..." and the rest runs.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(REPO_ROOT / "manage.py")]
TOOLS = Path.home() / ".cache" / "dateline-bench" / "page-tools"
NPM_PACKAGES = ["lighthouse@12.2.3", "vnu-jar@26.9.27"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOST = "127.0.0.1"


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def run(args, env, what, timeout=900):
    started = time.monotonic()
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise SystemExit(f"{what} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    print(f"  {what}: {time.monotonic() - started:.1f} s", flush=True)
    return done.stdout


def install_tools():
    lighthouse = TOOLS / "node_modules" / ".bin" / "lighthouse"
    vnu = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not (lighthouse.exists() and vnu.exists()):
        if not shutil.which("npm"):
            return None, None
        TOOLS.mkdir(parents=True, exist_ok=True)
        print(f"  installing {', '.join(NPM_PACKAGES)} under {TOOLS}", flush=True)
        subprocess.run(
            ["npm", "i", "-E", "--no-audit", "--no-fund", "--prefix", str(TOOLS), *NPM_PACKAGES],
            check=True,
            capture_output=True,
        )
    return lighthouse, vnu


def build_site(env):
    print("Building the demo site:", flush=True)
    run([*MANAGE, "migrate", "--noinput", "-v", "0"], env, "migrate")
    run([*MANAGE, "collectstatic", "--noinput", "-v", "0"], env, "collectstatic")
    run([*MANAGE, "load_demo"], env, "load_demo")
    # The newest article, and the newest with a picture from the media library in its body.
    code = (
        "from dateline.articles.models import Article\n"
        "newest = Article.objects.published().order_by('-published_at')\n"
        "print('URL', newest.first().get_absolute_url())\n"
        "pictured = newest.filter(body__contains='class=\"body-picture\"').first()\n"
        "print('URL', pictured.get_absolute_url() if pictured else '-')"
    )
    output = run([*MANAGE, "shell", "-c", code], env, "finding the newest articles")
    urls = [line.split()[1] for line in output.splitlines() if line.startswith("URL ")]
    return [url for url in urls if url != "-"]


def start_server(env, port, log_path):
    with open(log_path, "w") as log:  # the server keeps its own copy of the file
        server = subprocess.Popen(
            [*MANAGE, "serve", "--host", HOST, "--port", str(port), "--workers", "1"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("The server did not start: see its log")


def axe_violations(url):
    if CHROMIUM is None:
        return "skipped: Chromium is not installed (Debian: chromium)"
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(url, wait_until="load")
        results = Axe().run(page)
        browser.close()
    violations = results.response["violations"]
    return {v["id"]: len(v["nodes"]) for v in violations}


def nu_errors(vnu, url):
    if vnu is None or not shutil.which("java"):
        return "skipped: needs Java and npm (vnu-jar)"
    done = subprocess.run(
        ["java", "-jar", str(vnu), "--errors-only", "--format", "json", url],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    errors = {}
    for message in messages:
        if message.get("type") == "error":
            text = re.sub(r"\s+", " ", message.get("message", ""))[:120]
            errors[text] = errors.get(text, 0) + 1
    return errors


def lighthouse_runs(lighthouse, url, runs, work_dir):
    if lighthouse is None or CHROMIUM is None:
        return "skipped: needs Chromium and npm (lighthouse)"
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    found = []
    for n in range(runs):
        report = work_dir / f"lighthouse-{secrets.token_hex(3)}.json"
        done = subprocess.run(
            [
                str(lighthouse), url, "--only-categories=performance", "--output=json",
                f"--output-path={report}", "--quiet",
                "--chrome-flags=--headless=new --no-sandbox",
            ],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        if done.returncode != 0 or not report.exists():
            last = (done.stderr or done.stdout).strip().splitlines()[-3:]
            print(f"    lighthouse run {n + 1} failed: {' / '.join(last)}", flush=True)
            continue
        data = json.loads(report.read_text())
        audits = data["audits"]
        found.append(
            {
                "score": round(data["categories"]["performance"]["score"] * 100),
                "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
                "cls": audits["cumulative-layout-shift"]["numericValue"],
                "tbt_ms": audits["total-blocking-time"]["numericValue"],
            }
        )
        print(f"    lighthouse run {n + 1}: {found[-1]['score']}", flush=True)
    if not found:
        return "failed: every run (see above)"
    return {key: statistics.median(run[key] for run in found) for key in found[0]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    work_dir = Path(tempfile.mkdtemp(prefix="dateline-page-checks-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="dateline.settings",
        DATELINE_VAR_DIR=str(work_dir / "var"),
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    server = None
    try:
        lighthouse, vnu = install_tools()
        articles = build_site(env)
        port = free_port()
        server = start_server(env, port, work_dir / "server.log")
        pages = {"home page": "/", **{f"article {path}": path for path in articles}}
        results = {}
        for label, path in pages.items():
            url = f"http://{HOST}:{port}{path}"
            print(f"\n{label}:", flush=True)
            results[label] = {
                "axe-core violations": axe_violations(url),
                "Nu HTML checker errors": nu_errors(vnu, url),
                "Lighthouse performance (phone)": lighthouse_runs(
                    lighthouse, url, args.runs, work_dir
                ),
            }
        print("\n" + "=" * 80)
        for label, checks in results.items():
            print(label)
            for check, found in checks.items():
                if isinstance(found, dict) and "score" in found:
                    found = (
                        f"score {found['score']:.0f} (median of {args.runs}); LCP "
                        f"{found['lcp_ms']:.0f} ms, CLS {found['cls']:.3f}, TBT "
                        f"{found['tbt_ms']:.0f} ms"
                    )
                elif isinstance(found, dict):
                    total = sum(found.values())
                    found = f"{total}" + (f": {found}" if found else "")
                print(f"  {check}: {found}")
        return 0
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if args.keep:
            print(f"Kept {work_dir}")
        else:
            shutil.rmtree(work_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
