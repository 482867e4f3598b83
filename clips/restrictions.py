"""The hub's page view restrictions, read once and kept in Django's cache for clips.access.

Every listing, page, file, feed and search asks the access policy which pages a viewer may
see. Asking the restrictions table inside each listing's SQL (a correlated ``EXISTS`` that
matches path prefixes) cost more Python to build and compile than the rest of the query, on
every listing of every page. Yet a hub has few restrictions, and they rarely change. So the
policy reads them all here, as (id, kind, page path, group ids), and turns the ones that
turn a viewer away into plain path prefixes (``clips.access``); with none, a listing's
condition is just ``live``.

Freshness: the set is stored under a **generation token** kept in the cache. Whatever can
change it replaces the token, once when it happens and again after the commit:

- a restriction saved or deleted (a page's deletion deletes its restrictions too, with the
  same signal), and a change of a group restriction's groups, from either side;
- a page moved, since the set names pages by their tree path;
- a group deleted (its restrictions lose it without an m2m signal).

A reader takes the token, then the set stored under it, or reads the table and stores it
there. A read that raced a change stores what it read under a token that the change has
already replaced (the second replacement, after the commit, is for reads made while the
transaction was still open), so a stale set is never served under a current token. Within
one request the token is read once (``request_started`` forgets it): its listings all see
the same set, at one cache round trip per request. Each process keeps the set of the last
token it saw, so a request with an unchanged token reads only the token. If the cache is
down, each read goes to the table.

Changes that send no signal (``QuerySet.update`` of paths, raw SQL) reach readers when the
token expires, after ``SECONDS``.
"""

import uuid
from dataclasses import dataclass

from asgiref.local import Local
from django.core.cache import cache
from django.db import transaction
from wagtail.models import PageViewRestriction

GENERATION_KEY = "access:restrictions:generation"
SECONDS = 10 * 60

_request = Local()  # the token this request has read (only while a request is running)
_last: tuple[str, tuple] = ("", ())  # the last (token, set) this process read


@dataclass(frozen=True, slots=True)
class Restriction:
    pk: int
    kind: str  # PageViewRestriction.LOGIN, GROUPS or PASSWORD
    path: str  # the restricted page's tree path: it and every page below it
    groups: frozenset[int]  # for GROUPS: who may see the pages


def current() -> tuple[Restriction, ...]:
    """Every view restriction of the hub, as fresh as the rules above make it."""
    global _last
    token = getattr(_request, "token", None)
    if token is None:
        token = _token()
        if getattr(_request, "active", False):
            _request.token = token
    last_token, restrictions = _last
    if token == last_token:
        return restrictions
    restrictions = cache.get(_set_key(token))
    if restrictions is None:
        restrictions = _read()
        cache.set(_set_key(token), restrictions, SECONDS)
    _last = (token, restrictions)
    return restrictions


def _token() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(GENERATION_KEY, token, SECONDS):
            token = cache.get(GENERATION_KEY) or token
    return token


def _set_key(token: str) -> str:
    return f"access:restrictions:{token}"


def _read() -> tuple[Restriction, ...]:
    """The table, in one query (a row per restriction and group)."""
    rows = PageViewRestriction.objects.order_by("pk").values_list(
        "pk", "restriction_type", "page__path", "groups"
    )
    found: dict[int, tuple[str, str, set[int]]] = {}
    for pk, kind, path, group in rows:
        _kind, _path, groups = found.setdefault(pk, (kind, path, set()))
        if group is not None:
            groups.add(group)
    return tuple(
        Restriction(pk, kind, path, frozenset(groups)) for pk, (kind, path, groups) in found.items()
    )


def _replace_token() -> None:
    global _last
    _last = ("", ())
    _request.token = None
    cache.set(GENERATION_KEY, uuid.uuid4().hex, SECONDS)


def changed(**kwargs) -> None:
    """Receiver of every signal that may change the set: a new token now and after commit."""
    _replace_token()
    transaction.on_commit(_replace_token)


def request_started(**kwargs) -> None:
    _request.active = True
    _request.token = None


def request_finished(**kwargs) -> None:
    _request.active = False
    _request.token = None


class KeptRestrictionsPage:
    """A page model whose Wagtail view-restriction check (``check_view_restrictions``, run on
    every serve) costs no query while the hub has no view restriction at all, as the kept set
    says. Otherwise Wagtail's own lookup runs, two queries (ancestors, then restrictions), as
    before: it follows alias pages to their source pages, which this set does not model."""

    def get_view_restrictions(self):
        if not current():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
