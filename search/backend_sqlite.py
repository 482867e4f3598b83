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

from hub.private_apis import rank_expression


class RankedSQLiteSearchResults(SQLiteSearchResults):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._ranked_ids_cache = None

    def _ranked(self) -> bool:
        compiler = self.query_compiler
        if not compiler.order_by_relevance or self._score_field is not None:
            return False
        return not isinstance(normalize(compiler.query), (MatchAll, Not))

    def ranked_rows(self, models) -> list:
        """(content type id, object id) of every match of ``models``, best first; the
        queryset's own filters are not applied. One query."""
        compiler = self.query_compiler
        config = compiler.get_config(self.backend)
        search_query = compiler.build_search_query(normalize(compiler.query), config=config)
        if search_query is None:
            return []
        types = [pk for model in models for pk in get_descendants_content_types_pks(model)]
        ranked = (
            SQLiteFTSIndexEntry.objects.filter(
                MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, search_query)
            )
            .filter(index_entry__content_type__in=types)
            .annotate(score=rank_expression(compiler, compiler.get_search_vectors(), config))
            # Ordering by the score also makes SQLite drive the join from the FTS5 match
            # (without it, it scans every index entry and matches each: 50 times slower).
            .order_by("score")
            .values_list("index_entry__content_type_id", "index_entry__object_id", "score")
        )
        to_pk = models[0]._meta.pk.to_python
        # Best (lowest BM25) first; ties newest first, as Wagtail orders them.
        scored = sorted((score, -to_pk(object_id), type_id) for type_id, object_id, score in ranked)
        return [(type_id, -negated_pk) for _score, negated_pk, type_id in scored]

    def ranked_ids(self, limit: int) -> list:
        """Ids of the best ``limit`` matches, in order, ignoring the queryset's filters."""
        if not self._ranked():
            return [obj.pk for obj in self[:limit]]
        return [pk for _type, pk in self.ranked_rows([self.query_compiler.queryset.model])][:limit]

    def _ranked_ids(self) -> list:
        """Ids of every match the queryset allows, best first."""
        if self._ranked_ids_cache is not None:
            return self._ranked_ids_cache
        ordered = [pk for _type, pk in self.ranked_rows([self.query_compiler.queryset.model])]
        if not ordered:
            self._ranked_ids_cache = []
            return []
        compiler = self.query_compiler
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

    def ranked_ids(self, text: str, models, *, operator: str, limit: int) -> dict:
        """{model: ids of the best ``limit`` matches for ``text``} in one query, whatever
        the models' querysets would filter (the caller decides who may see what)."""
        results = self.search(text, models[0]._default_manager.all(), operator=operator)
        if not results._ranked():
            return {
                m: [obj.pk for obj in self.search(text, m._default_manager.all())[:limit]]
                for m in models
            }
        model_of = {pk: m for m in models for pk in get_descendants_content_types_pks(m)}
        found = {model: [] for model in models}
        for type_id, pk in results.ranked_rows(models):
            if len(found[model_of[type_id]]) < limit:
                found[model_of[type_id]].append(pk)
        return found
