"""Test runs: fast hashing, in-memory mail, immediate tasks, files in a temp dir (conftest)."""

import os

from hub.cache import redis_cache

from .base import *  # noqa: F403
from .base import env_str

DEBUG = False
SECRET_KEY = "test-only-not-secret-hubbub"  # noqa: S105 - tests only
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# In the process: a child per upload would add seconds to hundreds of tests;
# tests/clips/test_probe_child.py runs the child itself.
VIDEO_PROBE_IN_CHILD = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_str("REDIS_URL"):
    _redis_url = env_str("REDIS_URL")
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if _worker.startswith("gw"):
        # Tests clear the cache, and django-redis clears by FLUSHDB: each pytest-xdist worker
        # gets a database of its own (10, 11, …) so one worker never wipes another's keys.
        _redis_url = _redis_url.rsplit("/", 1)[0] + f"/{10 + int(_worker[2:])}"
    CACHES = {"default": redis_cache(_redis_url)}  # noqa: F405 - as in production

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file per test process rather than shared-cache memory: concurrent threads (the
    # rating concurrency tests, the live server) then queue for SQLite's write lock as in
    # production (IMMEDIATE + timeout) instead of failing with "database table is locked".
    import os as _os
    import tempfile as _tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": _os.path.join(_tempfile.gettempdir(), f"hubbub-test-{_os.getpid()}.sqlite3")
    }
    # A throwaway file needs no fsync: without it the file is as fast as memory.
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        **DATABASES["default"]["OPTIONS"],  # noqa: F405
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # A throwaway test database need not wait for the WAL to reach the disk at each commit
    # (the migrations that build it, transactional tests); nothing else changes.
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        **DATABASES["default"].get("OPTIONS", {}),  # noqa: F405
        "options": "-c synchronous_commit=off",
    }
