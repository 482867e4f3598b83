"""Our backend gives Wagtail's own order, counts and filters (on SQLite by a faster path)."""

from django.db import connection
from modelsearch.backends.database import SearchBackend as stock_backend
from wagtail.search.backends import get_search_backend

from clips.models import ClipPage
from tests.factories import clip_make


def test_the_sqlite_ranking_shortcut_is_used_only_on_sqlite(db):
    ours, stock = get_search_backend(), stock_backend({})
    if connection.vendor == "sqlite":
        assert type(ours).__name__ == "RankedSQLiteSearchBackend"
        assert isinstance(ours, type(stock))
    else:
        assert type(ours) is type(stock)


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
