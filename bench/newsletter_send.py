"""How fast one newsletter issue reaches 100,000 subscribers, and that a killed sender
resumes without sending anyone the issue twice (but the one message in flight).

    .venv/bin/python bench/newsletter_send.py [--subscribers 100000]

In a fresh temporary var dir (SQLite): migrate, then 100,000 confirmed subscribers of one
newsletter. A real SMTP server (aiosmtpd) runs on 127.0.0.1 in a process of its own and
writes down every recipient it accepts. `manage.py send_issue` sends the issue through
Django's SMTP back-end; the benchmark prints its time and peak memory, and counts on the
SMTP side the messages and the distinct addresses. Then a second issue: the sender is
killed (SIGKILL) halfway, started again, and the counts show every address exactly once,
except any message in flight at the kill. Targets: under 5 minutes, under 500 MB.
"""

import argparse
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.ops.machine_speed import speed_line  # noqa: E402

SMTP_SERVER = """
import asyncio, sys
from aiosmtpd.controller import Controller

class Recorder:
    def __init__(self, path):
        self.file = open(path, "a", buffering=1)
    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            self.file.write(address + "\\n")
        return "250 Message accepted for delivery"

controller = Controller(Recorder(sys.argv[2]), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()  # until the benchmark closes our input
controller.stop()
"""

SETUP = """
from django.utils.timezone import now
from dateline.newsletters.models import Issue, Newsletter, Subscriber, Subscription
newsletter, _ = Newsletter.objects.get_or_create(
    slug="daily", defaults={"name": "The Daily Briefing", "kind": "daily",
                            "description": "Every morning."})
if not Subscriber.objects.exists():
    at = now()
    subscribers = Subscriber.objects.bulk_create(
        [Subscriber(email=f"reader{n}@example.org", confirmed_at=at) for n in range(COUNT)],
        batch_size=5000)
    Subscription.objects.bulk_create(
        [Subscription(subscriber=s, newsletter=newsletter, status="active") for s in subscribers],
        batch_size=5000)
for subject in ("Your morning briefing", "Your evening briefing"):
    Issue.objects.get_or_create(newsletter=newsletter, subject=subject, defaults={
        "body_text": "Talks resume in Strelna. Gas prices jump as a cold snap drains storage.",
        "body_html": "<p>Talks resume in <strong>Strelna</strong>.</p>"})
print(",".join(str(i.pk) for i in Issue.objects.order_by("pk")))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recipients(path, skip=0):
    """What the SMTP server accepted: recipient -> messages, after the first `skip`."""
    lines = Path(path).read_text().split() if Path(path).exists() else []
    return Counter(lines[skip:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    args = parser.parse_args()
    python = sys.executable
    work = tempfile.mkdtemp(prefix="dateline-newsletter-bench-")
    port = free_port()
    env = {
        **os.environ,
        "DATELINE_VAR_DIR": work,
        "SECRET_KEY": "newsletter-bench-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "SITE_URL": "https://news.example.org",
    }
    manage = [python, str(ROOT / "manage.py")]
    print(f"Newsletter send: {args.subscribers:,} subscribers, SQLite, in {work}")
    print(speed_line())
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True)
    started = time.perf_counter()
    setup = SETUP.replace("COUNT", str(args.subscribers))
    out = subprocess.run(
        [*manage, "shell", "-c", setup], env=env, check=True, capture_output=True, text=True
    )
    first, second = out.stdout.strip().splitlines()[-1].split(",")
    print(f"  subscribers created: {time.perf_counter() - started:.1f} s")

    log = Path(work) / "recipients.log"
    server = subprocess.Popen(
        [python, "-c", SMTP_SERVER, str(port), str(log)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        server.stdout.readline()  # "ready"

        # 1. The whole issue, in one go.
        started = time.perf_counter()
        subprocess.run([*manage, "send_issue", first], env=env, check=True)
        elapsed = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        counted = recipients(log)
        print(
            f"  one issue to {args.subscribers:,}: {elapsed:.1f} s "
            f"({args.subscribers / elapsed:,.0f} messages/s), peak memory {peak_mb:,.0f} MB "
            "(the largest process the benchmark started)"
        )
        print(
            f"  SMTP side: {sum(counted.values()):,} messages to {len(counted):,} distinct "
            f"addresses; targets: under 300 s {'met' if elapsed < 300 else 'MISSED'}, "
            f"under 500 MB {'met' if peak_mb < 500 else 'MISSED'}"
        )

        # 2. A second issue, its sender killed halfway and started again.
        first_count = sum(counted.values())
        sender = subprocess.Popen([*manage, "send_issue", second], env=env)
        half = args.subscribers // 2
        while sum(recipients(log, first_count).values()) < half and sender.poll() is None:
            time.sleep(0.2)
        sender.send_signal(signal.SIGKILL)
        sender.wait()
        at_kill = sum(recipients(log, first_count).values())
        print(f"  second issue: sender killed (SIGKILL) after {at_kill:,} messages")
        subprocess.run([*manage, "send_issue", second], env=env, check=True)
        counted = recipients(log, first_count)
        twice = sorted(address for address, n in counted.items() if n > 1)
        missing = args.subscribers - len(counted)
        print(
            f"  after the restart: {sum(counted.values()):,} messages to {len(counted):,} "
            f"distinct addresses; {missing:,} missed, {len(twice):,} sent twice "
            f"{twice[:3]} (at most the one in flight at the kill is allowed)"
        )
    finally:
        server.stdin.close()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
