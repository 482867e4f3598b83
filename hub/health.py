"""/healthz: one line per dependency, for load balancers and for people.

The first line is ``ok`` while the site can serve pages, which needs the database and
nothing else: without the cache pages are built uncached, without a task worker uploads
wait in the queue. So it answers 503 only when the database is down; the other lines say
what is degraded. Example::

    ok
    database: ok
    cache: down (pages are served without it)
    tasks: ok (database queue, 2 waiting)
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.backend import DatabaseBackend

logger = logging.getLogger(__name__)


def database_check() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        logger.exception("Health check: the database did not answer")
        return False, "down"
    return True, "ok"


def cache_check() -> tuple[bool, str]:
    """Write a value and read it back: an unreachable Redis answers misses, not errors."""
    key, token = "hubbub:healthz", uuid.uuid4().hex
    try:
        cache.set(key, token, 10)
        answered = cache.get(key) == token
    except Exception:  # noqa: BLE001 - a cache that raises is a cache that is down
        answered = False
    return (True, "ok") if answered else (False, "down (pages are served without it)")


def tasks_check(database_ok: bool) -> tuple[bool, str]:
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if isinstance(backend, ImmediateBackend):
        return True, "ok (immediate: run inside the request)"
    if isinstance(backend, DatabaseBackend):
        if not database_ok:
            return False, "down (the queue is in the database)"
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.ready().count()
        return True, f"ok (database queue, {waiting} waiting)"
    return True, f"ok ({type(backend).__name__})"


@never_cache
@require_safe
def healthz(request):
    database = database_check()
    checks = {"database": database, "cache": cache_check(), "tasks": tasks_check(database[0])}
    lines = ["ok" if database[0] else "unavailable"]
    lines += [f"{name}: {detail}" for name, (_ok, detail) in checks.items()]
    return HttpResponse(
        "\n".join(lines) + "\n",
        status=200 if database[0] else 503,
        content_type="text/plain; charset=utf-8",
    )
