"""Loaded by pytest before Django starts (`-p dateline.pytest_environment` in pyproject.toml).

Tests run with the production settings (DEBUG off). This supplies only what production
gets from its environment, plus two speed-ups that change no behaviour under test.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "dateline-tests-only-not-a-secret-0123456789abcdef")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# A file cache of this run's own, so nothing cached by an earlier run leaks into it.
if "CACHE_DIR" not in os.environ:
    os.environ["CACHE_DIR"] = tempfile.mkdtemp(prefix="dateline-test-cache-")
    atexit.register(shutil.rmtree, os.environ["CACHE_DIR"], ignore_errors=True)
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
