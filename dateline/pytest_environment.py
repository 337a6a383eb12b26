"""Loaded by pytest before Django starts (`-p dateline.pytest_environment` in pyproject.toml).

Tests run with the production settings (DEBUG off). This supplies only what production
gets from its environment, a var directory and a cache of the run's own, and two speed-ups
that change no behaviour under test.
"""

import atexit
import os
import shutil
import tempfile


def own_directory(prefix):
    """A new temporary directory, removed when this run ends (and not by a child process
    forked from it that happens to run exit handlers)."""
    path = tempfile.mkdtemp(prefix=prefix)
    owner = os.getpid()

    def remove():
        if os.getpid() == owner:
            shutil.rmtree(path, ignore_errors=True)

    atexit.register(remove)
    return path


os.environ.setdefault("SECRET_KEY", "dateline-tests-only-not-a-secret-0123456789abcdef")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# A var directory of this run's own (its SQLite test database, uploads, mail), unless
# DATELINE_VAR_DIR names one: two runs in one checkout shared var/test-dateline.sqlite3,
# and one creating or dropping it broke the other ("no such table").
if "DATELINE_VAR_DIR" not in os.environ:
    os.environ["DATELINE_VAR_DIR"] = own_directory("dateline-test-var-")
# A file cache of this run's own, so nothing cached by an earlier run leaks into it.
if "CACHE_DIR" not in os.environ:
    os.environ["CACHE_DIR"] = own_directory("dateline-test-cache-")
# Tests see every page rendered afresh; the page cache's own tests turn it on.
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")


def pytest_configure(config):
    from django.conf import settings

    # The default hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Hashed static names need `collectstatic` first; tests render pages without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
