"""Settings come from the environment; production insists on what it needs.

Each test runs Python in a fresh subprocess, because settings are read once, at import.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x7Kq2-production-test-key-that-is-long-and-random-9fLmP3zR8tWv"
PRODUCTION = {
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "hub.example.org,www.hub.example.org",
    "DATABASE_URL": "postgres://hub:secret@db.internal:5432/hubbub",
}


def run(args, env: dict, module="hub.settings.production"):
    """Run python with only the given environment (plus PATH), from the project root."""
    clean_env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DJANGO_SETTINGS_MODULE": module, **env}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_value(expression: str, env: dict, module="hub.settings.production"):
    """Import a settings module with ``env`` and return ``expression`` evaluated on it."""
    code = f"import json, {module} as s; print(json.dumps({expression}, default=str))"
    result = run(["-c", code], env, module)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set in the environment" in result.stderr


def test_production_check_deploy_prints_no_warnings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_production_reads_hosts_and_database_from_the_environment():
    values = settings_value("[s.ALLOWED_HOSTS, s.DATABASES['default'], s.DEBUG]", PRODUCTION)
    hosts, database, debug = values
    assert hosts == ["hub.example.org", "www.hub.example.org"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"], database["USER"]) == (
        "db.internal",
        "hubbub",
        "hub",
    )
    assert debug is False


def test_production_serves_static_files_compressed_and_hashed_with_whitenoise():
    storages = settings_value("s.STORAGES", PRODUCTION)
    assert storages["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    middleware = settings_value("s.MIDDLEWARE", PRODUCTION)
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") == 1


def test_without_redis_url_cache_is_local_and_sessions_in_the_database():
    cache, engine = settings_value(
        "[s.CACHES['default']['BACKEND'], getattr(s, 'SESSION_ENGINE', 'db')]", PRODUCTION
    )
    assert cache == "django.core.cache.backends.locmem.LocMemCache"
    assert engine == "db"


def test_redis_url_puts_the_cache_in_redis_and_sessions_in_the_database_behind_it():
    env = {**PRODUCTION, "REDIS_URL": "redis://cache.internal:6379/2"}
    cache, engine = settings_value("[s.CACHES['default'], s.SESSION_ENGINE]", env)
    assert cache["BACKEND"] == "hub.cache.FailOpenRedisCache"  # django-redis, failing open
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"
    assert cache["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    # Not cache-only: a Redis outage must not sign everyone out.
    assert engine == "django.contrib.sessions.backends.cached_db"


def test_search_url_switches_to_an_elasticsearch_backend():
    # Without SEARCH_URL: Wagtail's database backend, through search.backend's subclass.
    assert settings_value("s.WAGTAILSEARCH_BACKENDS['default']['BACKEND']", PRODUCTION) == (
        "search.backend"
    )
    env = {**PRODUCTION, "SEARCH_URL": "http://search.internal:9200"}
    backend = settings_value("s.WAGTAILSEARCH_BACKENDS['default']", env)
    assert backend["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert backend["URLS"] == ["http://search.internal:9200"]


def test_media_bucket_puts_media_in_s3_with_signed_urls_for_private_files():
    env = {**PRODUCTION, "MEDIA_BUCKET": "hubbub-media", "AWS_S3_REGION_NAME": "eu-west-1"}
    storages, mode = settings_value("[s.STORAGES, s.MEDIA_SERVE_MODE]", env)
    public, private = storages["default"], storages["private"]
    assert public["BACKEND"] == private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert public["OPTIONS"]["bucket_name"] == private["OPTIONS"]["bucket_name"] == "hubbub-media"
    assert private["OPTIONS"]["querystring_auth"] is True
    assert private["OPTIONS"]["default_acl"] == "private"
    assert private["OPTIONS"]["location"] != public["OPTIONS"]["location"]
    assert mode == "redirect"
    # Without a bucket, private files stay on local disk, outside MEDIA_ROOT.
    storages = settings_value("s.STORAGES", PRODUCTION)
    assert storages["private"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_the_private_s3_storage_signs_its_urls():
    env = {
        **PRODUCTION,
        "MEDIA_BUCKET": "hubbub-media",
        "AWS_S3_REGION_NAME": "eu-west-1",
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "not-a-real-secret",
    }
    code = (
        "import django; django.setup();"
        "from django.core.files.storage import storages;"
        "print(storages['private'].url('originals/clip.mp4'))"
    )
    result = run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    url = result.stdout.strip()
    assert "hubbub-media" in url and "/private/originals/clip.mp4?" in url
    assert "X-Amz-Signature=" in url  # signed (Signature Version 4)


@pytest.mark.parametrize(("value", "expected"), [(None, 500), ("64", 64)])
def test_max_upload_mb_is_read_from_the_environment(value, expected):
    env = {**PRODUCTION, **({"MAX_UPLOAD_MB": value} if value else {})}
    assert settings_value("s.MAX_UPLOAD_MB", env) == expected


def test_base_settings_are_safe_by_default():
    values = settings_value(
        "[s.DEBUG, s.SECRET_KEY, s.ALLOWED_HOSTS]", {}, module="hub.settings.base"
    )
    assert values == [False, "", ["localhost", "127.0.0.1"]]


DEV_HOST_CHECK = """
import json
import django
from django.core.exceptions import DisallowedHost
from django.test import RequestFactory

django.setup()


def ok(host):
    try:
        RequestFactory(HTTP_HOST=host).get("/").get_host()
        return True
    except DisallowedHost:
        return False


print(json.dumps({h: ok(h) for h in ["localhost", "127.0.0.1", "evil.example", "hub.lan"]}))
"""


def test_make_runs_dev_settings_answer_only_local_hosts():
    result = run(["-c", DEV_HOST_CHECK], {}, module="hub.settings.dev")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "localhost": True,
        "127.0.0.1": True,
        "evil.example": False,
        "hub.lan": False,
    }


def test_dev_settings_answer_a_host_named_in_allowed_hosts():
    result = run(["-c", DEV_HOST_CHECK], {"ALLOWED_HOSTS": "hub.lan"}, module="hub.settings.dev")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["hub.lan"] is True
    assert json.loads(result.stdout)["evil.example"] is False
