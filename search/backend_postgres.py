"""PostgreSQL full-text relevance driven from the GIN index (see search/backend.py for why).

Wagtail's query joins every clip to its index entry on ``object_id = clip.id::varchar`` and
then matches ``title || body``; that cast join leaves the planner no index to drive from, so
it reads the whole clip table for every search (a sequential scan that grows with the hub).
Here the match runs on the index entries alone, on the same ``title || body`` expression
that ``search.migrations.0002`` indexes with GIN, ranked by the same expression in the same
order (rank descending, newest id first); the queryset's own filters (live, visibility)
are then applied to the ranked ids. Anything else (unranked or scored searches, fuzzy,
autocomplete) is Wagtail's code unchanged.
"""

from django.db.models import BigIntegerField, F
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.query import Fuzzy, MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

# Ranked entries fetched per round: more than one page of results needs, so a round or two
# covers even the 500 matches search.queries asks for when a few entries are not allowed.
FIRST_ROUND = 200


class RankedPostgresSearchResults(PostgresSearchResults):
    def _ranked(self) -> bool:
        compiler = self.query_compiler
        if type(compiler) is not PostgresSearchQueryCompiler:
            return False  # autocomplete keeps Wagtail's own query
        if not compiler.order_by_relevance or self._score_field is not None:
            return False
        if compiler.fields is not None:
            return False  # searches on named fields have no index entry vector
        return not isinstance(compiler.query, (MatchAll, Not, Fuzzy))

    def _entries(self):
        """Index entries matching the query, best first, as (object id, rank) rows."""
        compiler = self.query_compiler
        config = compiler.get_config(self.backend)
        search_query = compiler.build_tsquery(compiler.query, config=config)
        if search_query is None:
            return None
        model = compiler.queryset.model
        entry_model = model._meta.get_field("index_entries").related_model
        vectors = [(F("title"), F("title_norm")), (F("body"), 1.0)]
        rank = compiler._build_rank_expression(vectors, config)
        return (
            entry_model.objects.filter(content_type_id__in=get_descendants_content_types_pks(model))
            # The same expression as the GIN index, so the planner finds the matches there.
            .annotate(_vector_=F("title")._combine(F("body"), "||", False))
            .filter(_vector_=search_query)
            .annotate(_rank_=rank, _pk_=Cast("object_id", BigIntegerField()))
            .order_by(F("_rank_").desc(), F("_pk_").desc())
            .values_list("_pk_", flat=True)
        )

    def _ranked_ids(self) -> list:
        entries = self._entries()
        if entries is None:
            return []
        queryset = self.query_compiler.queryset.order_by()
        wanted = self.stop
        limit = max(FIRST_ROUND, 2 * wanted) if wanted is not None else None
        while True:
            ordered = list(entries[:limit] if limit is not None else entries)
            # The queryset's filters over the ranked ids in one query (primary key lookups).
            allowed = set(queryset.filter(pk__in=ordered).values_list("pk", flat=True))
            ids = [pk for pk in ordered if pk in allowed]
            exhausted = limit is None or len(ordered) < limit
            if exhausted or len(ids) >= wanted:
                return ids
            limit *= 4

    def _do_search(self):
        if not self._ranked():
            return super()._do_search()
        ids = self._ranked_ids()[self.start : self.stop]
        objects = {obj.pk: obj for obj in self.query_compiler.queryset.filter(pk__in=ids)}
        return [objects[pk] for pk in ids if pk in objects]


class RankedPostgresSearchBackend(PostgresSearchBackend):
    results_class = RankedPostgresSearchResults
