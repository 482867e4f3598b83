"""Helpers for search tests: a small crafted hub whose words are known in advance."""

import pytest

from tests.factories import UserFactory, clip_make, topic_make

CUES = """WEBVTT

00:00:00.000 --> 00:00:04.000
{first}

00:00:04.000 --> 00:00:09.500
{second}

00:00:09.500 --> 00:00:15.000
{third}
"""


def captions(first: str, second: str = "Let us look at an example.", third: str = "Thanks.") -> str:
    return CUES.format(first=first, second=second, third=third)


@pytest.fixture
def crafted(db):
    """Two topics, a presenter with a profile, and clips whose words are chosen per test."""
    from contributions.people.services import profile_get

    meetings = topic_make("Running meetings", summary="Agendas, notes and decisions.")
    writing = topic_make("Writing clearly", summary="Plain words for busy readers.")
    presenter = UserFactory(username="ada", first_name="Ada", last_name="Quillfeather")
    profile = profile_get(presenter)
    profile.display_name = "Ada Quillfeather"
    profile.bio = "Facilitator and note-taker."
    profile.save()
    clips = {
        "agenda": clip_make(
            meetings,
            title="Agenda first",
            tags=("meetings", "planning"),
            captions=captions("Send the agenda a day ahead.", "Then the zebracorn rule applies."),
            presenter=presenter,
        ),
        "notes": clip_make(
            meetings,
            title="Taking notes",
            tags=("meetings",),
            captions=captions("Write down every decision.", "Share notes within an hour."),
        ),
        "plain": clip_make(
            writing,
            title="Plain words",
            tags=("writing",),
            captions=captions("Short sentences help.", "Prefer the common word."),
        ),
        "decision": clip_make(
            writing,
            title="Decision memos",
            tags=("writing", "planning"),
            captions=captions("Lead with the ask.", "Keep it to one page."),
        ),
    }
    return {"topics": {"meetings": meetings, "writing": writing}, "ada": presenter, **clips}
