"""Wagtail's database search backend, with relevance ordering made linear on SQLite and PostgreSQL.

``wagtail.search.backends.database`` picks PostgreSQL full text, SQLite FTS5 or a fallback
by the database in use; this module does the same and changes one thing on SQLite. There,
Wagtail orders by relevance with a correlated subquery that re-runs the FTS5 match for every
candidate row, so a common word over 10,000 clips took seconds (17 s for 500 results in
our benchmark). Here the match runs once, ranked by the same BM25 expression, and the
queryset's own filters (live, visibility) are applied to the ranked ids: two linear
queries, the same order. On PostgreSQL the match is driven from a GIN index on the index
entries instead of a scan of every clip (search/backend_postgres.py). Anything else
(unranked or scored searches, facets) is Wagtail's code unchanged.

Configured with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}``.
"""

from modelsearch.backends.database import SearchBackend as database_backend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    backend = database_backend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        # Imported only on SQLite: the FTS5 model it needs exists only there.
        from .backend_sqlite import RankedSQLiteSearchBackend

        return RankedSQLiteSearchBackend(params)
    if type(backend).__name__ == "PostgresSearchBackend":
        from .backend_postgres import RankedPostgresSearchBackend

        return RankedPostgresSearchBackend(params)
    return backend
