"""Settings shared by every environment.

Safe by default: DEBUG is off, there is no secret key, hosts are restricted. Everything
that differs between machines comes from the environment (see the README's table);
``dev.py`` and ``test.py`` relax what they must, ``production.py`` insists on the rest.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "clips",
    "contributions",
    "contributions.maturity",
    "contributions.discussion",
    "contributions.notifications",
    "search",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "csp",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Last, so its templates never shadow the apps' (hub/templates still comes first via
    # TEMPLATES DIRS); an app so that its management commands and static files load.
    "hub",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hub.csp.ContentSecurityPolicyMiddleware",
    "hub.request_guard.NulGuardMiddleware",
    # Before sessions: a cached public page is served without touching them (hub/page_cache.py).
    "hub.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "hub.urls"

# Forms on cached public pages carry no token (script adds it from /me/); without script
# their POST is answered with the same form on a small page that has one (hub/csrf.py).
CSRF_FAILURE_VIEW = "hub.csrf.csrf_failure"
# Messages live only in a cookie, so "this request has a message to show" is known without
# loading the session, and such a request never reads or fills the page cache.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "hub.wsgi.application"

# Databases -----------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers (the dev server, a worker, a seed) would otherwise see
    # "database is locked": take the write lock at BEGIN and wait for it.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions --------------------------------------------------------------------

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    from hub.cache import redis_cache

    # A Redis outage degrades the site instead of taking it down (see hub/cache.py): cache
    # calls miss, sessions live in the database with Redis as their cache, limits fail open.
    CACHES = {"default": redis_cache(REDIS_URL)}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    RATELIMIT_FAIL_OPEN = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "hubbub",
        }
    }

# Public pages are cached whole, the same for everyone (hub/page_cache.py, clips/caching.py).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
# How long a cached page (and a CDN's copy: s-maxage) may be. A page may show listings and cards
# kept LISTING_CACHE_SECONDS before it was cached: ratings and views show within the sum, a minute.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 30)
# Browsers revalidate every time by default, so a redirect back after a form shows it fresh.
PAGE_CACHE_BROWSER_SECONDS = env_int("PAGE_CACHE_BROWSER_SECONDS", 0)
# Honour "X-Page-Cache: bypass" (render afresh): for the benchmark, off in production.
PAGE_CACHE_ALLOW_BYPASS = env_bool("PAGE_CACHE_ALLOW_BYPASS", False)
# Pages are cached per visibility class (what changes a listing), decided by the access policy.
PAGE_CACHE_VIEWER_CLASS = "clips.access.visibility_class"
# How long a signed-in person's class cookie (and its record in the cache) lasts; /me/ renews it.
PAGE_CACHE_VIEWER_SECONDS = env_int("PAGE_CACHE_VIEWER_SECONDS", 600)
# How long listings' rankings and counts and rendered cards are kept, per visibility class
# (clips/listing_cache.py, clips/card_cache.py); 0: never.
LISTING_CACHE_SECONDS = env_int("LISTING_CACHE_SECONDS", 30)

# A CDN or Varnish in front, purged on publish by wagtail.contrib.frontend_cache's backends.
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_VARNISH_URL"):
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_VARNISH_URL"),
    }
if env_str("FRONTEND_CACHE_CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env_str("FRONTEND_CACHE_CLOUDFLARE_ZONEID"),
    }
if env_str("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env_str("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"),
    }

# Authentication ------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
# E-mail is required: reviewers and contributors are notified by e-mail (verification is
# still ACCOUNT_EMAIL_VERIFICATION's choice). The display name is asked for on sign-up.
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "contributions.people.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "none")
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Hubbub] "
# Sign-in limits (allauth): failed sign-ins per account are strict (5 in 5 minutes), per
# address generous, since a whole organisation may come through one proxy or NAT. The
# Wagtail and Django admins' login pages redirect here (hub/urls.py), so one set of limits
# guards every password form; the admin's own password reset is off for the same reason.
ACCOUNT_RATE_LIMITS = {
    "login": "300/m/ip",
    "login_failed": "100/m/ip,5/300s/key",
}
WAGTAIL_PASSWORD_RESET_ENABLED = False
ACCOUNT_ADAPTER = "hub.account_adapter.AccountAdapter"

# Single sign-on with an organisation's OpenID Connect provider, switched on by setting
# OIDC_PROVIDER_URL (the issuer, e.g. https://login.example.org/realms/staff),
# OIDC_CLIENT_ID and OIDC_CLIENT_SECRET; OIDC_NAME is the button's label. The redirect URI
# to register with the provider is <site>/accounts/oidc/sso/login/callback/.
SOCIALACCOUNT_PROVIDERS = {}
if env_str("OIDC_PROVIDER_URL") and env_str("OIDC_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "sso",
                "name": env_str("OIDC_NAME", "Single sign-on"),
                "client_id": env_str("OIDC_CLIENT_ID"),
                "secret": env_str("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": env_str("OIDC_PROVIDER_URL")},
            }
        ],
    }
SOCIALACCOUNT_LOGIN_ON_GET = False

# Views: one viewer's plays of one clip within this many minutes count once.
VIEW_WINDOW_MINUTES = env_int("VIEW_WINDOW_MINUTES", 30)

# Email ---------------------------------------------------------------------------------

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Hubbub <hubbub@localhost>")

# Internationalisation ------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files and media ----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
# hub/static is found as the "hub" app's static folder.

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Videos, renditions and posters live outside MEDIA_ROOT's public URL space: they are
# only ever sent by clips.views.serve_media, which checks who may see them.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "media_private")))

MEDIA_BUCKET = env_str("MEDIA_BUCKET")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def object_storages(*, bucket: str, endpoint_url=None, region_name=None, signed_seconds=3600):
    """The two media storages in an S3-compatible bucket: public/ plain, private/ signed.

    Private objects get no public ACL; they are reached only through URLs signed for
    ``signed_seconds`` after the app's permission check (``MEDIA_SERVE_MODE=redirect``).
    """
    s3 = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region_name or None,
        "file_overwrite": False,
        # Signature version 4: what AWS requires in newer regions and every S3 clone accepts.
        "signature_version": "s3v4",
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**s3, "location": "public", "querystring_auth": False},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **s3,
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": signed_seconds,
            },
        },
    }


if MEDIA_BUCKET:
    STORAGES.update(
        object_storages(
            bucket=MEDIA_BUCKET,
            endpoint_url=env_str("AWS_S3_ENDPOINT_URL"),
            region_name=env_str("AWS_S3_REGION_NAME"),
            signed_seconds=env_int("MEDIA_SIGNED_URL_SECONDS", 3600),
        )
    )

# How clips.views.serve_media hands over the bytes once it has checked permissions:
#   "django"   streams from storage in Python (development, tests, small sites)
#   "x-accel"  answers X-Accel-Redirect to MEDIA_ACCEL_PREFIX so nginx sends the file
#   "redirect" answers 302 to the storage's (signed) URL, for object storage
MEDIA_SERVE_MODE = env_str("MEDIA_SERVE_MODE", "redirect" if MEDIA_BUCKET else "django")
MEDIA_ACCEL_PREFIX = env_str("MEDIA_ACCEL_PREFIX", "/protected-media/")
# Optional separate origin for clip videos and posters (e.g. https://media.hub.example.org),
# as Django's security guide advises for user uploads; see clips/media_origin.py.
MEDIA_ORIGIN = env_str("MEDIA_ORIGIN").rstrip("/")

MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 500)
# Probe uploads with PyAV in a child process (clips.video.probe_in_child), so app servers never
# load FFmpeg's libraries (about 20 MB each) and a hostile file cannot crash or hang them.
VIDEO_PROBE_IN_CHILD = env_bool("VIDEO_PROBE_IN_CHILD", True)
# How many proxies (load balancer, nginx) append to X-Forwarded-For in front of the app; the
# client address is read from there for per-address limits (see hub/client_ip.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background tasks ----------------------------------------------------------------------

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    }
}

# A task claimed this long ago and still RUNNING belongs to a dead worker: it is queued
# again by ``manage.py requeue_stale_tasks`` (see hub/task_recovery.py).
TASK_STALE_MINUTES = env_int("TASK_STALE_MINUTES", 30)

# Wagtail -------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Hubbub"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# No Gravatar: the admin would send every editor's e-mail hash to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
WAGTAILMEDIA = {
    "MEDIA_MODEL": "clips.ClipMedia",
    # Admin uploads are probed and processed like contributors' (clips.admin_forms).
    "MEDIA_FORM_BASE": "clips.admin_forms.ClipMediaForm",
}
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILSEARCH_BACKENDS = {
    # Wagtail's database backend (PostgreSQL full text, SQLite FTS5), with SQLite's
    # relevance ordering made linear: see search/backend.py.
    "default": {"BACKEND": "search.backend"},
}
SEARCH_URL = env_str("SEARCH_URL")
if SEARCH_URL:
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": env_str("SEARCH_BACKEND", "wagtail.search.backends.elasticsearch8"),
        "URLS": [SEARCH_URL],
        "INDEX": env_str("SEARCH_INDEX", "hubbub"),
        "TIMEOUT": 5,
        "OPTIONS": {},
        "INDEX_SETTINGS": {},
    }

# Content-Security-Policy (django-csp, see hub/csp.py) ------------------------------------


def _origin(url: str) -> list[str]:
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


# Where videos and posters may come from besides this site: the media origin and, in
# "redirect" mode, the object store's host (CSP_MEDIA_SOURCES, comma separated).
_MEDIA_SOURCES = [*_origin(MEDIA_ORIGIN), *env_list("CSP_MEDIA_SOURCES")]
SITE_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *_MEDIA_SOURCES],
    "media-src": ["'self'", *_MEDIA_SOURCES],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    # Wagtail previews pages in a same-origin frame.
    "frame-ancestors": ["'self'"],
    # Single sign-on posts, then redirects to the provider.
    "form-action": ["'self'", *_origin(env_str("OIDC_PROVIDER_URL"))],
}
if env_str("CSP_REPORT_URI"):
    SITE_CSP_DIRECTIVES["report-uri"] = env_str("CSP_REPORT_URI")
# Wagtail's and Django's admin use inline scripts and styles, blob: previews and embeds.
ADMIN_CSP_PATHS = ("/admin/", "/django-admin/")
ADMIN_CSP_DIRECTIVES = {
    **SITE_CSP_DIRECTIVES,
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:", *_MEDIA_SOURCES],
    "media-src": ["'self'", "blob:", *_MEDIA_SOURCES],
    "font-src": ["'self'", "data:"],
    "frame-src": ["'self'", "https:"],
    # The admin's "new Wagtail version" notice asks Wagtail's release feed.
    "connect-src": ["'self'", "https://releases.wagtail.org"],
}
if env_bool("CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": SITE_CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": SITE_CSP_DIRECTIVES}
    CONTENT_SECURITY_POLICY_REPORT_ONLY = None

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The session only: DRF's default HTTP Basic would be an unthrottled password check.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per task run is noise in development; failures still log as errors.
        "django_tasks": {"level": "WARNING"},
    },
}
