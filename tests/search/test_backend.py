"""Our backend gives Wagtail's own order, counts and filters (on SQLite by a faster path)."""

import pytest
from django.db import connection
from modelsearch.backends.database import SearchBackend as stock_backend
from wagtail.search.backends import get_search_backend

from clips.models import ClipPage
from tests.factories import clip_make
from tests.search.conftest import captions


def test_each_database_gets_its_own_ranking_shortcut(db):
    ours, stock = get_search_backend(), stock_backend({})
    expected = {"sqlite": "RankedSQLiteSearchBackend", "postgresql": "RankedPostgresSearchBackend"}
    assert type(ours).__name__ == expected[connection.vendor]
    assert isinstance(ours, type(stock))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_postgres_search_matches_the_stored_vector_its_gin_index_holds(crafted):
    """The engine's query matches the GIN-indexed column of the narrow copy of the index.

    (A test database is too small for the planner to prefer the index; the benchmark shows
    it in use with EXPLAIN ANALYZE over 10,000 and 100,000 clips.)
    """
    results = get_search_backend().search("agenda", ClipPage.objects.live())
    sql, _params = results.ranked_entries(10).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'hubsearch_rankentry_vector_gin'"
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (vector)" in definition
    assert '"hubsearch_rankentry"."vector" @@' in sql
    assert results.ranked_ids(10) == [crafted["agenda"].pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the copy is PostgreSQL's")
def test_the_narrow_copy_follows_the_index_as_it_is_written_and_emptied(crafted):
    """Triggers keep hubsearch_rankentry in step with Wagtail's index entries."""
    from search.models import RankEntry

    def copies():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.id, e.title = r.title AND e.body = r.body AND e.title_norm = r.title_norm"
                " FROM wagtailsearch_indexentry e"
                " LEFT JOIN hubsearch_rankentry r ON r.entry_id = e.id ORDER BY e.id"
            )
            return cursor.fetchall()

    assert copies() and all(same for _id, same in copies())
    agenda = crafted["agenda"]
    agenda.title = "Agenda always first"
    agenda.save_revision().publish()
    assert all(same for _id, same in copies())
    assert get_search_backend().search("always", ClipPage.objects.all()).ranked_ids(5) == [
        agenda.pk
    ]
    agenda.delete()
    assert all(same for _id, same in copies())
    assert RankEntry.objects.count() == len(copies())


def test_ranked_results_match_wagtails_own_order_count_and_filters(crafted):
    topic = crafted["topics"]["meetings"]
    for n in range(6):
        clip_make(topic, title=f"Planning step {n}", tags=("planning",), publish=n % 2 == 0)
    ours, stock = get_search_backend(), stock_backend({})
    for text, operator in (("planning", "and"), ("planning step", "and"), ("agenda notes", "or")):
        qs = ClipPage.objects.live()
        expected = [c.pk for c in stock.search(text, qs, operator=operator)]
        got = ours.search(text, qs, operator=operator)
        assert [c.pk for c in got] == expected
        assert got.count() == len(expected)
        assert [c.pk for c in got[1:3]] == expected[1:3]
    assert len(expected) >= 2
    drafts = ClipPage.objects.filter(live=False)
    assert ours.search("planning", drafts).count() == 3


def test_autocomplete_uses_the_same_ranking(crafted):
    qs = ClipPage.objects.live()
    expected = [c.pk for c in stock_backend({}).autocomplete("ag", qs)]
    assert [c.pk for c in get_search_backend().autocomplete("ag", qs)] == expected
    assert expected == [crafted["agenda"].pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the cap is PostgreSQL's")
def test_a_common_word_is_ranked_among_its_newest_matches_and_every_title_match(
    crafted, monkeypatch
):
    """Past CANDIDATES matches, only the newest (and the newest title matches) are ranked:
    an old clip that only says the word drops out, an old clip with it in its title stays."""
    from search import backend_postgres

    topic = crafted["topics"]["meetings"]
    said = captions("The quokka rule, quokka again.")
    old_title = clip_make(topic, title="Quokka basics", captions=captions("Nothing else."))
    old_said = clip_make(topic, title="Older", captions=said)
    newer = [clip_make(topic, title=f"Newer {n}", captions=said) for n in range(3)]
    ours, stock = get_search_backend(), stock_backend({})
    qs = ClipPage.objects.live()
    everything = [c.pk for c in stock.search("quokka", qs)]
    assert ours.search("quokka", qs).ranked_ids(10) == everything  # under the cap: exact

    monkeypatch.setattr(backend_postgres, "CANDIDATES", 3)
    capped = ours.search("quokka", qs).ranked_ids(10)
    assert set(capped) == {old_title.pk, *(clip.pk for clip in newer)}
    assert old_said.pk not in capped
    # Among the candidates, Wagtail's order.
    assert capped == [pk for pk in everything if pk in set(capped)]
