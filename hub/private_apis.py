"""The private APIs of Django, treebeard and Wagtail that Hubbub leans on, each in one place.

Each is used because no public API does the job at the cost we need (the reason is given
with it). tests/hub/test_private_apis.py pins the library behaviour each one relies on, so
an upgrade that changes it fails there, by name, rather than somewhere downstream.
"""

from django.utils.functional import LazyObject, empty

# treebeard: the page tree --------------------------------------------------------------


def parent_cache_set(page, parent) -> None:
    """Make ``page.get_parent()`` answer ``parent`` without a query.

    Routing and bulk indexing already hold the parent; treebeard's ``get_parent`` keeps it in
    ``_cached_parent_obj`` and offers no public way to give it one (Wagtail's own
    ``Page.route`` sets it the same way).
    """
    page._cached_parent_obj = parent


def parent_cached(page):
    """The parent ``get_parent()`` would answer without a query, or None if not loaded."""
    return getattr(page, "_cached_parent_obj", None)


def tree_path(node_class, parent_path: str, step: int) -> str:
    """The materialised path of the ``step``-th child (1-based) under ``parent_path``.

    Bulk page creation writes tree paths itself (``add_child`` costs a dozen queries a page);
    treebeard builds them with ``_get_path``.
    """
    depth = len(parent_path) // node_class.steplen + 1
    return node_class._get_path(parent_path, depth, step)


def tree_step(node_class, path: str) -> int:
    """The position (1-based) of the node at ``path`` among its siblings."""
    return node_class._str2int(path[-node_class.steplen :])


# Django: the ORM and lazy objects ------------------------------------------------------


def rows_insert(model, objs, *, fields, using: str) -> None:
    """INSERT ``objs`` into ``model``'s own table only, as ``bulk_create`` does internally.

    ``bulk_create`` refuses models with multi-table inheritance (every Wagtail page type);
    bulk page creation inserts the ``wagtailcore_page`` rows with ``bulk_create`` and then the
    page type's own rows through the manager's ``_insert``.
    """
    model._base_manager.using(using)._insert(objs, fields=fields, using=using)


def lazy_reset(lazy: LazyObject) -> None:
    """Make a ``LazyObject`` set itself up again on next use (as Django's own test signals do
    for ``default_storage`` when STORAGES changes)."""
    lazy._wrapped = empty


# Wagtail: workflows --------------------------------------------------------------------


def workflow_state_known(obj, state) -> None:
    """Give ``obj.current_workflow_state`` its answer without a query.

    What ``PageQuerySet.prefetch_workflow_states()`` stores; a list whose rows are loaded
    through a generic relation (revisions' content objects) cannot call it.
    """
    obj._current_workflow_states = [state] if state is not None else []


# modelsearch (Wagtail's search backends) ------------------------------------------------


def rank_expression(compiler, vectors, config):
    """The relevance expression a database search backend orders by.

    On SQLite, modelsearch's FTS5 rank is ``bm25()`` of the FTS table times each vector's
    boost, built by the compiler's ``_build_rank_expression`` from pieces (``build_tsrank``
    over ``MatchExpression``) that give no public way to ask for it; search/backend_sqlite.py
    ranks with it so that its faster query orders exactly as Wagtail's own. (On PostgreSQL
    the public ``build_tsrank`` serves: search/backend_postgres.py.)
    """
    return compiler._build_rank_expression(vectors, config)
