"""The factories make what they say: each level with its groups, each moderation stage."""

import pytest

from clips.access import is_editor, is_moderator
from clips.models import ProcessingState
from contributions.models import Level
from contributions.people.services import profile_get
from tests.factories import ClipFactory, Stage, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("level", list(Level))
def test_a_person_made_at_a_level_is_at_that_level(level):
    assert profile_get(UserFactory(level=level)).level == level


def test_the_traits_give_the_roles_the_app_checks():
    assert profile_get(UserFactory(contributor=True)).level == Level.CONTRIBUTOR
    assert not is_moderator(UserFactory(contributor=True))
    moderator = UserFactory(moderator=True)
    assert is_moderator(moderator) and not is_editor(moderator)
    assert is_editor(UserFactory(editor=True))
    assert is_editor(UserFactory(superuser=True))


def test_a_clip_has_no_video_file_unless_asked():
    clip = ClipFactory()
    assert clip.live and clip.video is None


def test_a_clip_asked_for_a_video_stores_it(sample_video):
    assert ClipFactory(video=sample_video).video.duration == 2.0


@pytest.mark.parametrize(
    ("stage", "live", "waiting_at", "processing"),
    [
        (Stage.PROCESSING, False, "Peer review", ProcessingState.PENDING),
        (Stage.PEER_REVIEW, False, "Peer review", ProcessingState.READY),
        (Stage.CHANGES_REQUESTED, False, None, ProcessingState.READY),
        (Stage.EDITORIAL_APPROVAL, False, "Editorial approval", ProcessingState.READY),
        (Stage.PUBLISHED, True, None, ProcessingState.READY),
    ],
)
def test_a_submission_is_made_at_each_stage(stage, live, waiting_at, processing):
    page = SubmissionFactory(stage=stage)
    assert page.live is live
    task = page.current_workflow_task
    assert (task.name if task else None) == waiting_at
    assert page.video.processing_state == processing


def test_a_trusted_owners_submission_starts_in_editorial_approval():
    page = SubmissionFactory(owner=UserFactory(trusted=True))
    assert page.current_workflow_task.name == "Editorial approval"
