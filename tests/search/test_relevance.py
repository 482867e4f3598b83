"""Relevance on a crafted set: what is said, titles, tags and people find the right clips."""

import pytest

from search.queries import clip_match_ids, people_hits
from search.text import query_terms


def found(q: str) -> list[int]:
    return clip_match_ids(query_terms(q))


def test_a_word_said_only_in_one_transcript_finds_that_clip(crafted):
    assert found("zebracorn") == [crafted["agenda"].pk]


def test_a_title_match_ranks_above_a_transcript_only_match(crafted):
    # "decision" is in the title of one clip and only in the captions of another.
    ids = found("decision")
    assert ids[:2] == [crafted["decision"].pk, crafted["notes"].pk]


def test_a_tag_finds_its_clips(crafted):
    assert set(found("planning")) == {crafted["agenda"].pk, crafted["decision"].pk}


def test_a_topic_name_finds_the_clips_under_it(crafted):
    assert set(found("running")) == {crafted["agenda"].pk, crafted["notes"].pk}


def test_a_persons_name_finds_their_profile_and_their_clips(crafted):
    assert found("Quillfeather") == [crafted["agenda"].pk]
    people = people_hits(query_terms("Quillfeather"))
    assert [p.user.username for p in people] == ["ada"]
    assert people[0].clip_count == 1


def test_a_display_name_change_reaches_the_clips_index(crafted, django_capture_on_commit_callbacks):
    profile = crafted["ada"].profile
    with django_capture_on_commit_callbacks(execute=True):
        profile.display_name = "Captain Grimsby"
        profile.save()
    assert found("Grimsby") == [crafted["agenda"].pk]
    assert [p.user.username for p in people_hits(["grimsby"])] == ["ada"]


def test_a_renamed_user_is_found_by_the_new_name(crafted, django_capture_on_commit_callbacks):
    user = crafted["ada"]
    with django_capture_on_commit_callbacks(execute=True):
        user.last_name = "Lovelace"
        user.save()
    assert found("lovelace") == [crafted["agenda"].pk]
    assert [p.user.username for p in people_hits(["lovelace"])] == ["ada"]


def test_all_words_must_match_before_any_word_will_do(crafted):
    assert found("agenda zebracorn") == [crafted["agenda"].pk]
    # No clip says both; each word alone still finds its clip.
    assert set(found("zebracorn sentences")) == {crafted["agenda"].pk, crafted["plain"].pk}


@pytest.mark.parametrize("q", ["", "   ", "!!!", "\x00\x01"])
def test_a_query_without_words_matches_nothing(crafted, q):
    assert found(q) == []
