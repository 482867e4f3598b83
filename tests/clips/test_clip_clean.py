import pytest
from django.core.exceptions import ValidationError

from clips.models import ClipPage

pytestmark = pytest.mark.django_db


def test_cleaning_a_clip_turns_its_captions_into_the_transcript():
    clip = ClipPage(
        title="Agendas",
        captions_vtt="WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nSend the <b>agenda</b> early.\n",
    )

    clip.clean()

    assert clip.transcript == "Send the agenda early."
    assert clip.transcript_cues == [{"start": 1.0, "end": 2.5, "text": "Send the agenda early."}]


def test_unreadable_captions_are_an_error_on_the_captions_field():
    clip = ClipPage(title="Agendas", captions_vtt="this is not WebVTT")

    with pytest.raises(ValidationError) as error:
        clip.clean()

    assert "captions_vtt" in error.value.message_dict
