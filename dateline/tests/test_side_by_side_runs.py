"""Two test runs in one checkout at once (an editor's and a terminal's, say): each has a
var directory of its own (dateline/pytest_environment.py), so neither drops the SQLite
test database the other is using."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
# Small, and it uses the database: a shared test database fails it with "no such table".
SMALL_DATABASE_TESTS = "dateline/articles/tests/test_queryset.py"


class SideBySideRunsTestCase(SimpleTestCase):
    def test_two_runs_at_once_in_one_checkout_both_pass(self):
        with tempfile.TemporaryDirectory() as tmp:
            # Nothing this run was given: no DATELINE_VAR_DIR, CACHE_DIR or DATABASE_URL
            # (the embedded SQLite default is the one a var directory holds).
            env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
            env["TMPDIR"] = tmp
            runs = [
                subprocess.Popen(
                    # Tables straight from the models: half the time, and a database all the same.
                    [sys.executable, "-m", "pytest", "--no-migrations", SMALL_DATABASE_TESTS],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
                for _ in range(2)
            ]
            outputs = [run.communicate(timeout=120)[0] for run in runs]

            for run, output in zip(runs, outputs, strict=True):
                self.assertEqual(run.returncode, 0, output)
                self.assertIn("5 passed", output)
            # Each run's own directories went when it ended.
            self.assertEqual([p for p in os.listdir(tmp) if p.startswith("dateline-test-")], [])
