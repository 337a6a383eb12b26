"""Two processes writing to the embedded SQLite database at once: the second waits for
the first instead of failing with "database is locked"."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys, time, django
django.setup()
from django.db import connection, transaction
with connection.cursor() as c:
    c.execute("CREATE TABLE IF NOT EXISTS t (who TEXT)")
    c.execute("PRAGMA journal_mode")
    print(c.fetchone()[0], flush=True)
with transaction.atomic():
    with connection.cursor() as c:
        c.execute("INSERT INTO t VALUES (%s)", [sys.argv[1]])
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
print("done", flush=True)
"""


class SqliteConcurrentWritersTestCase(SimpleTestCase):
    def test_a_second_writer_waits_for_the_first(self):
        with tempfile.TemporaryDirectory() as var:
            env = {
                "PATH": os.environ["PATH"],
                "DJANGO_SETTINGS_MODULE": "dateline.settings",
                "DEBUG": "1",
                "DATELINE_VAR_DIR": var,
            }
            setup = subprocess.run(
                [sys.executable, "-c", WRITER, "setup", "0"], env=env, cwd=ROOT, text=True,
                capture_output=True, timeout=60,
            )  # fmt: skip
            self.assertEqual(setup.stdout.split()[0], "wal", setup.stderr)

            first = subprocess.Popen(
                [sys.executable, "-c", WRITER, "first", "1.5"], env=env, cwd=ROOT, text=True,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            )  # fmt: skip
            self.assertEqual(first.stdout.readline().strip(), "wal")
            self.assertEqual(first.stdout.readline().strip(), "locked")
            second = subprocess.run(
                [sys.executable, "-c", WRITER, "second", "0"], env=env, cwd=ROOT, text=True,
                capture_output=True, timeout=60,
            )  # fmt: skip
            first.communicate(timeout=60)

            self.assertEqual(second.returncode, 0, second.stderr)
            self.assertIn("done", second.stdout)
            self.assertEqual(first.returncode, 0)
