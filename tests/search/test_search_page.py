"""The results page: clips with caption lines, facets, sorting, pagination, empty states."""

import re

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from contributions.people.services import profile_update
from search.models import QueryOutcome, QuerySearcher
from tests.factories import UserFactory, clip_make
from tests.refusals import assert_sent_to_admin_login


@pytest.fixture
def search(client, django_capture_on_commit_callbacks):
    """GET /search/ with these parameters, running what the view leaves for after commit."""

    def run(_from: str = "127.0.0.1", **params):
        """``_from``: the visitor's address (popular searches count different people)."""
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get("/search/", params, REMOTE_ADDR=_from)
        assert response.status_code == 200
        return response, response.content.decode()

    return run


def test_a_transcript_match_shows_the_caption_line_linking_to_its_moment(search, crafted):
    response, html = search(q="zebracorn")
    clip = crafted["agenda"]
    assert [c.pk for c in response.context["clips"]] == [clip.pk]
    assert f'href="{clip.url}#t=4.0"' in html
    assert "Said at 0:04" in html
    assert "Then the zebracorn rule applies." in html


def test_a_title_only_match_shows_no_caption_line(search, crafted):
    response, html = search(q="plain")
    assert crafted["plain"].pk in [c.pk for c in response.context["clips"]]
    assert "#t=" not in html


def test_results_show_clips_then_topics_and_people(search, crafted):
    response, html = search(q="Quillfeather")
    assert [c.pk for c in response.context["clips"]] == [crafted["agenda"].pk]
    assert [p.user.username for p in response.context["people"]] == ["ada"]
    assert 'href="/people/ada/"' in html
    response, html = search(q="meetings")
    assert [t.pk for t in response.context["topics"]] == [crafted["topics"]["meetings"].pk]
    assert html.index('id="clips-heading"') < html.index('id="topics-heading"')


def test_people_results_count_each_persons_clips_and_use_their_display_name(search, crafted):
    for title in ("Minutes that matter", "Closing the loop"):
        clip_make(crafted["topics"]["writing"], title=title, presenter=crafted["ada"])
    profile_update(user=crafted["ada"], display_name="Ada Q. (facilitator)", bio="")

    response, html = search(q="Quillfeather")

    (ada,) = response.context["people"]
    assert ada.clip_count == 3
    assert "3 clips" in html
    assert ">Ada Q. (facilitator)</a>" in html


def test_facets_count_topics_and_tags_and_filters_keep_the_query(search, crafted):
    response, html = search(q="planning")
    facets = response.context["facets"]
    assert {f["slug"]: f["count"] for f in facets["topics"]} == {
        "running-meetings": 1,
        "writing-clearly": 1,
    }
    assert {f["name"]: f["count"] for f in facets["tags"]} == {
        "planning": 2,
        "meetings": 1,
        "writing": 1,
    }
    assert 'href="?q=planning&amp;topic=writing-clearly"' in html
    response, _ = search(q="planning", topic="writing-clearly")
    assert [c.pk for c in response.context["clips"]] == [crafted["decision"].pk]
    # The topic facet still offers the other topic, counted without the topic filter.
    assert len(response.context["facets"]["topics"]) == 2


def test_a_tag_alone_lists_its_clips_newest_first(search, crafted):
    response, html = search(tag="meetings")
    assert [c.pk for c in response.context["clips"]] == [crafted["notes"].pk, crafted["agenda"].pk]
    assert "Clips tagged “meetings”" in html


def test_the_duration_facet_counts_real_videos_by_length(search, crafted, sample_video):
    clip = clip_make(crafted["topics"]["meetings"], sample_video, title="Short agenda tip")
    response, _ = search(q="agenda")
    bands = {f["key"]: f["count"] for f in response.context["facets"]["durations"]}
    assert bands == {"short": 1, "medium": 0, "long": 0}
    response, _ = search(q="agenda", duration="short")
    assert [c.pk for c in response.context["clips"]] == [clip.pk]


def test_sorting_by_top_rated_uses_the_clip_statistics(search, crafted):
    from clips.models import ClipStats

    ClipStats.objects.filter(clip=crafted["decision"]).update(rating_count=50, rating_sum=250)
    response, _ = search(q="planning", sort="top")
    assert [c.pk for c in response.context["clips"]][0] == crafted["decision"].pk
    response, _ = search(q="planning", sort="newest")
    assert [c.pk for c in response.context["clips"]][0] == crafted["decision"].pk
    ClipStats.objects.filter(clip=crafted["agenda"]).update(rating_count=90, rating_sum=450)
    response, _ = search(q="planning", sort="top")
    assert [c.pk for c in response.context["clips"]][0] == crafted["agenda"].pk


def test_pagination_keeps_the_query_facets_and_sort(search, crafted):
    topic = crafted["topics"]["writing"]
    for n in range(13):
        clip_make(topic, title=f"Memo pattern {n}", tags=("memo",))
    response, html = search(q="memo", tag="memo", sort="newest")
    assert response.context["total"] == 13
    assert len(response.context["clips"]) == 12
    assert 'href="?q=memo&amp;tag=memo&amp;sort=newest&amp;page=2"' in html
    response, _ = search(q="memo", tag="memo", sort="newest", page="2")
    assert len(response.context["clips"]) == 1


@pytest.mark.parametrize("page", ["-1", "abc", "999999", "0", ""])
def test_any_page_number_gives_a_page(search, crafted, page):
    response, _ = search(q="meetings", page=page)
    assert response.context["page_obj"].number == 1


PEOPLE = ("10.1.0.1", "10.1.0.2", "10.1.0.3")


def test_an_empty_query_shows_popular_searches_and_trending_clips(search, crafted):
    for person in PEOPLE:
        search(person, q="agenda")
        search(person, q="nothingmatchesthis")
    response, html = search()
    assert response.context["popular"] == ["agenda"]
    assert "nothingmatchesthis" not in html
    assert {c.pk for c in response.context["trending"]} == {
        crafted[k].pk for k in ("agenda", "notes", "plain", "decision")
    }


def test_no_results_suggest_popular_searches_and_topics(search, crafted):
    for person in PEOPLE:
        search(person, q="agenda")
    response, html = search(q="xylophone")
    assert response.context["total"] == 0
    assert "Nothing found for “xylophone”" in html
    assert response.context["popular"] == ["agenda"]
    assert {t.slug for t in response.context["suggested_topics"]} == {
        "running-meetings",
        "writing-clearly",
    }


def test_searches_are_logged_with_their_outcome(search, crafted):
    first, _html = search(q="  Agenda!! ")
    search(q="agenda", page="2")  # a later page is the same search: not counted again
    search(q="xylophone")
    search(q="xylophone")
    agenda = Query.objects.get(query_string="agenda")
    assert agenda.hits == 1
    # What the page found: the clip "Agenda first", and on PostgreSQL, which stems "Agendas",
    # also the topic whose summary says it.
    shown = first.context
    stems = connection.vendor == "postgresql"
    assert shown["total"] == 1
    assert [t.slug for t in shown["topics"]] == (["running-meetings"] if stems else [])
    assert agenda.outcome.last_result_count == 1 + len(shown["topics"]) + len(shown["people"])
    gap = Query.objects.get(query_string="xylophone").outcome
    assert (gap.last_result_count, gap.zero_result_hits) == (0, 2)


def test_editors_picks_come_first_marked_and_not_repeated(search, crafted):
    query = Query.get("planning")
    SearchPromotion.objects.create(
        query=query, page=crafted["plain"], description="Start here.", sort_order=0
    )
    SearchPromotion.objects.create(query=query, page=crafted["decision"], sort_order=1)
    response, html = search(q="Planning")
    assert [p.page_id for p in response.context["picks"]] == [
        crafted["plain"].pk,
        crafted["decision"].pk,
    ]
    assert html.index("Editors' pick") < html.index('id="clips-heading"')
    assert [c.pk for c in response.context["clips"]] == [crafted["agenda"].pk]
    assert "Start here." in html


def test_a_pick_that_is_unpublished_is_not_shown(search, crafted):
    SearchPromotion.objects.create(query=Query.get("planning"), page=crafted["plain"])
    crafted["plain"].unpublish()
    response, _ = search(q="planning")
    assert response.context["picks"] == []


def test_a_long_query_is_shortened_with_a_note(search, crafted):
    response, html = search(q="agenda " * 2000)
    assert len(response.context["q"]) <= 200
    assert "only its first 200 characters were used" in html
    assert [c.pk for c in response.context["clips"]] == [crafted["agenda"].pk]


def test_the_header_box_is_an_accessible_combobox(search, crafted):
    _, html = search(q="agenda")
    box = re.search(r'<input id="site-search"[^>]*>', html).group(0)
    for attribute in (
        'role="combobox"',
        'aria-expanded="false"',
        'aria-controls="site-search-listbox"',
        'aria-autocomplete="list"',
        'value="agenda"',
    ):
        assert attribute in box
    assert '<ul id="site-search-listbox" class="search-suggestions" role="listbox"' in html


# Popular searches count people --------------------------------------------------------------


def test_one_visitor_repeating_a_query_does_not_make_it_popular(search, crafted):
    for _ in range(20):
        search(q="agenda")
    response, _html = search()
    assert response.context["popular"] == []
    assert QuerySearcher.objects.count() == 1  # one person, one day


def test_signed_in_people_count_apart_even_from_one_address(client, search, crafted):
    for n in range(3):
        client.force_login(UserFactory(username=f"colleague{n}"))
        search(q="agenda")
    client.logout()
    response, _html = search()
    assert response.context["popular"] == ["agenda"]


def test_two_people_are_not_yet_popular_and_searches_that_found_nothing_never_are(search, crafted):
    for person in PEOPLE[:2]:
        search(person, q="agenda")
    for person in PEOPLE:
        search(person, q="xylophone")
    response, _html = search()
    assert response.context["popular"] == []


def test_popular_searches_keep_no_address(search, crafted):
    search("10.9.8.7", q="agenda")
    (row,) = QuerySearcher.objects.all()
    assert "10.9.8.7" not in row.searcher and len(row.searcher) == 64


def test_an_editor_hides_a_popular_search_and_shows_it_again(client, search, crafted):
    for person in PEOPLE:
        search(person, q="agenda")
    editor = UserFactory(username="ed", superuser=True)
    client.force_login(editor)
    report = client.get(reverse("hubsearch_popular")).content.decode()
    assert "agenda" in report and "Shown" in report
    query = Query.objects.get(query_string="agenda")

    client.post(reverse("hubsearch_popular_hide", args=[query.pk]), {"hidden": "1"})
    client.logout()
    assert search()[0].context["popular"] == []

    client.force_login(editor)
    assert "Hidden by an editor" in client.get(reverse("hubsearch_popular")).content.decode()
    client.post(reverse("hubsearch_popular_hide", args=[query.pk]), {"hidden": "0"})
    client.logout()
    assert search()[0].context["popular"] == ["agenda"]


def test_only_editors_see_and_change_popular_searches(client, search, crafted):
    search(q="agenda")
    query = Query.objects.get(query_string="agenda")
    client.force_login(UserFactory(username="learner"))
    assert_sent_to_admin_login(client.get(reverse("hubsearch_popular")))
    client.post(reverse("hubsearch_popular_hide", args=[query.pk]), {"hidden": "1"})
    assert not QueryOutcome.objects.filter(hidden=True).exists()
