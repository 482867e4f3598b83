"""SQLite FTS5 relevance in two linear queries (see search/backend.py for why)."""

import json

from django.db.models.expressions import RawSQL
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class RankedSQLiteSearchResults(SQLiteSearchResults):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._ranked_ids_cache = None

    def _ranked(self) -> bool:
        compiler = self.query_compiler
        if not compiler.order_by_relevance or self._score_field is not None:
            return False
        return not isinstance(normalize(compiler.query), (MatchAll, Not))

    def _ranked_ids(self) -> list:
        """Ids of every match the queryset allows, best first."""
        if self._ranked_ids_cache is not None:
            return self._ranked_ids_cache
        compiler = self.query_compiler
        config = compiler.get_config(self.backend)
        search_query = compiler.build_search_query(normalize(compiler.query), config=config)
        if search_query is None:
            self._ranked_ids_cache = []
            return []
        model = compiler.queryset.model
        ranked = (
            SQLiteFTSIndexEntry.objects.filter(
                MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, search_query)
            )
            .filter(index_entry__content_type__in=get_descendants_content_types_pks(model))
            .annotate(score=compiler._build_rank_expression(compiler.get_search_vectors(), config))
            # Ordering by the score also makes SQLite drive the join from the FTS5 match
            # (without it, it scans every index entry and matches each: 50 times slower).
            .order_by("score")
            .values_list("index_entry__object_id", "score")
        )
        to_pk = model._meta.pk.to_python
        # Best (lowest BM25) first; ties newest first, as Wagtail orders them.
        scored = sorted((score, -to_pk(object_id)) for object_id, score in ranked)
        ordered = [-negated_pk for _score, negated_pk in scored]
        # The queryset's own filters (live, visibility…) over every ranked id in one query
        # however many there are: the ids travel as one JSON parameter.
        matched = RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ordered)])
        allowed = set(
            compiler.queryset.order_by().filter(pk__in=matched).values_list("pk", flat=True)
        )
        self._ranked_ids_cache = [pk for pk in ordered if pk in allowed]
        return self._ranked_ids_cache

    def _do_search(self):
        if not self._ranked():
            return super()._do_search()
        ids = self._ranked_ids()[self.start : self.stop]
        objects = _objects_by_pk(self.query_compiler.queryset, ids)
        return [objects[pk] for pk in ids if pk in objects]

    def _do_count(self):
        if not self._ranked():
            return super()._do_count()
        return len(self._ranked_ids()[self.start : self.stop])


def _objects_by_pk(queryset, ids) -> dict:
    return {obj.pk: obj for obj in queryset.filter(pk__in=ids)} if ids else {}


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    results_class = RankedSQLiteSearchResults
