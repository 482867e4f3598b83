"""The stack's ceiling: the least a Django page can cost under the same gunicorn.

One view answering ``BENCH_CEILING_BYTES`` bytes of HTML (the size of the hub's home page in
the same run) with Django's own request handling and the security and common middleware,
no database. Every page's server CPU per request is reported as a multiple of this one.

    DJANGO_SETTINGS_MODULE=bench.ceiling gunicorn bench.ceiling:application
"""

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "ceiling-only-not-a-secret")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
DATABASES = {}
USE_TZ = True

_BODY = None


def page(request):
    global _BODY
    if _BODY is None:
        size = int(os.environ.get("BENCH_CEILING_BYTES", "20000"))
        chunk = "<p>Hubbub ceiling page: the least a Django page can cost.</p>\n"
        _BODY = ("<!doctype html><html><body>\n" + chunk * (size // len(chunk) + 1))[:size]
    return HttpResponse(_BODY)


urlpatterns = [path("", page)]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.ceiling")
application = get_wsgi_application()
