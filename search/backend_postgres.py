"""PostgreSQL full-text relevance from a GIN index, over a capped set of candidates.

Wagtail's query joins every clip to its index entry on ``object_id = clip.id::varchar`` and
matches ``title || body``, a tsvector built again for each row; nothing can use an index,
and ranking every match is what a common word pays for: at 100,000 clips a word said in
four clips out of ten is 40,000 ``ts_rank`` calls (0.8-0.9 s).

Here, on ``hubsearch_rankentry`` (search.migrations.0004: Wagtail's entries' vectors, kept
by triggers, with ``title || body`` stored and GIN indexed):

1. the candidates are the ``CANDIDATES`` newest matches (by object id, read from the
   narrow table, whose vectors stay out of line) plus the ``CANDIDATES`` newest whose
   title matches: title matches are what search.queries puts first;
2. only those are ranked, with Wagtail's own expression (``ts_rank`` with Wagtail's
   weights on the title times its norm, plus on the body) and order (rank, then newest).

A query that matches fewer than ``CANDIDATES`` entries (every test, every rare word) is
ranked exactly as Wagtail ranks it (tests/search/test_backend.py compares the two); a common
word is ranked among its newest matches and every title match.

Anything else (unranked or scored searches, fuzzy, autocomplete, named fields) is Wagtail's
code unchanged.
"""

from django.db.models import BooleanField, F, IntegerField
from django.db.models.expressions import RawSQL
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from .models import RankEntry

# Matches ranked per search: enough for every page search.queries shows (500 at most) with
# room for title matches, few enough that ranking them costs milliseconds.
CANDIDATES = 1000
# Ranked entries fetched per round when the queryset's filters must be applied.
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
        if not _integer_key(compiler.queryset.model):
            return False  # hubsearch_rankentry holds ids that are numbers
        return isinstance(compiler.query, (PlainText, Phrase))

    def ranked_entries(self, limit: int | None = None, *, models=None):
        """Matching entries of the model (or of ``models``), best first, as object ids (a
        queryset of ``(content type id, object id)`` rows when ``models`` is given), or None
        when the query has no words.

        The queryset's own filters are not applied: callers filter the ids (search.queries
        asks clips.access; ``_do_search`` below the queryset)."""
        compiler = self.query_compiler
        config = compiler.get_config(self.backend)
        tsquery = compiler.build_tsquery(compiler.query, config=config)
        if tsquery is None:
            return None
        types = [
            pk
            for model in models or [compiler.queryset.model]
            for pk in get_descendants_content_types_pks(model)
        ]
        entries = RankEntry.objects.filter(content_type_id__in=types)
        newest = entries.filter(vector=tsquery).order_by("-object_pk").values("entry_id")
        titled = entries.filter(title=tsquery).order_by("-object_pk").values("entry_id")
        candidates = newest[:CANDIDATES].union(titled[:CANDIDATES])
        sql, params = candidates.query.sql_with_params()
        # As an array, the candidates are looked up by primary key; as a subquery (IN, JOIN)
        # the planner reads the whole table to hash-join them.
        # The SQL is the ORM's own compilation; the words stay parameters.
        chosen = RawSQL(f"entry_id = ANY(ARRAY({sql}))", params, output_field=BooleanField())  # noqa: S611

        def rank(vector):
            # Wagtail's rank expression for a plain query, from its public pieces.
            return compiler.build_tsrank(vector, compiler.query, config=config)

        ranked = (
            RankEntry.objects.filter(chosen)
            .annotate(_rank_=rank(F("title")) * F("title_norm") + rank(F("body")))
            .order_by(F("_rank_").desc(), F("object_pk").desc())
        )
        if models:
            ranked = ranked.values_list("content_type_id", "object_pk")
        else:
            ranked = ranked.values_list("object_pk", flat=True)
        return ranked[:limit] if limit is not None else ranked

    def ranked_ids(self, limit: int) -> list:
        """Ids of the best ``limit`` matches, in order, ignoring the queryset's filters."""
        if not self._ranked():
            return [obj.pk for obj in self[:limit]]
        entries = self.ranked_entries(limit)
        return [] if entries is None else list(entries)

    def ranked_ids_by_model(self, models, limit: int) -> dict:
        """{model: ids of its best ``limit`` matches} for several models in one query."""
        entries = self.ranked_entries(models=models)
        return _split_by_model(models, [] if entries is None else entries, limit)

    def _filtered_ids(self) -> list:
        """The ranked ids the queryset allows: filtered in rounds, one query each."""
        entries = self.ranked_entries()
        if entries is None:
            return []
        queryset = self.query_compiler.queryset.order_by()
        wanted = self.stop
        limit = max(FIRST_ROUND, 2 * wanted) if wanted is not None else None
        while True:
            ordered = list(entries[:limit] if limit is not None else entries)
            allowed = set(queryset.filter(pk__in=ordered).values_list("pk", flat=True))
            ids = [pk for pk in ordered if pk in allowed]
            exhausted = limit is None or len(ordered) < limit
            if exhausted or len(ids) >= wanted:
                return ids
            limit *= 4

    def _do_search(self):
        if not self._ranked():
            return super()._do_search()
        ids = self._filtered_ids()[self.start : self.stop]
        objects = {obj.pk: obj for obj in self.query_compiler.queryset.filter(pk__in=ids)}
        return [objects[pk] for pk in ids if pk in objects]


def _integer_key(model) -> bool:
    field = model._meta.pk
    while field.is_relation:  # a page type's key is its link to wagtailcore_page
        field = field.target_field
    return isinstance(field, IntegerField)


def _split_by_model(models, rows, limit: int) -> dict:
    """{model: [object id, …]} from best-first (content type id, object id) rows."""
    model_of = {pk: model for model in models for pk in get_descendants_content_types_pks(model)}
    found = {model: [] for model in models}
    for type_id, object_id in rows:
        ids = found[model_of[type_id]]
        if len(ids) < limit:
            ids.append(object_id)
    return found


class RankedPostgresSearchBackend(PostgresSearchBackend):
    results_class = RankedPostgresSearchResults

    def ranked_ids(self, text: str, models, *, operator: str, limit: int) -> dict:
        """{model: ids of the best ``limit`` matches for ``text``} in one query, whatever
        the models' querysets would filter (the caller decides who may see what)."""
        results = self.search(text, models[0]._default_manager.all(), operator=operator)
        if not all(_integer_key(model) for model in models) or not results._ranked():
            return {
                m: self.search(text, m._default_manager.all(), operator=operator).ranked_ids(limit)
                for m in models
            }
        return results.ranked_ids_by_model(models, limit)
