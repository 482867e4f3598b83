"""Production: refuse to start without what production needs; secure cookies and HSTS."""

import re

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MEDIA_ORIGIN, STORAGES, env_bool, env_int, env_str

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

if MEDIA_ORIGIN and not re.fullmatch(r"https://[A-Za-z0-9.-]+(:\d+)?", MEDIA_ORIGIN):
    raise ImproperlyConfigured(
        "MEDIA_ORIGIN must be an https origin with no path, e.g. https://media.hub.example.org."
    )

DEBUG = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Behind a TLS-terminating proxy or load balancer.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# "preload" only consents to the browsers' preload list; nothing is listed until someone
# submits the domain. Set SECURE_HSTS_PRELOAD=0 for a domain that must never be listed.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Wagtail's admin previews pages in a same-origin iframe, so DENY would break editing.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

TASKS = {
    "default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend")}
}
