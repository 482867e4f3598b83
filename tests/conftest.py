"""Shared fixtures: a temporary media tree per test, real generated videos, the site tree,
and the everyday cast (a topic, a clip, a person at each level, a submission in review).

Define a fixture here once; a test file that needs a different object makes its own under
another name (``video_clip``, ``restricted``, ...). Objects come from ``tests/factories.py``.
"""

import shutil
from pathlib import Path

import pytest

from contributions.models import Level
from tests.factories import (
    ClipFactory,
    Stage,
    SubmissionFactory,
    TopicFactory,
    UserFactory,
    tiny_video_master,
)

# The shared submission's captions: two cues, so the caption editor has rows to change.
SUBMISSION_VTT = (
    "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nLabel both ends.\n\n"
    "00:00:01.000 --> 00:00:02.000\nUse vinyl tags.\n"
)


def pytest_collection_modifyitems(items):
    """Transactional tests (``transaction=True``, ``transactional_db``, ``live_server``) end
    with a flush that wipes what data migrations made: the site tree, collections, groups and
    the moderation workflow. Serialized rollback puts it back, so every test finds it: that
    is why no test asks for ``serialized_rollback`` itself. Use ``transaction=True`` only
    where a test needs real commits (threads, migrations, a worker, the live server), and
    say why beside it; ``django_capture_on_commit_callbacks`` covers on_commit work."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        fixtures = getattr(item, "fixturenames", ())
        if kwargs.get("transaction") or {"transactional_db", "live_server"} & set(fixtures):
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages and counters of one test never answer another's requests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_dirs(settings, tmp_path):
    """Every test writes files to its own folders, so nothing leaks between tests."""
    public, private = tmp_path / "media", tmp_path / "media_private"
    public.mkdir()
    private.mkdir()
    settings.MEDIA_ROOT = str(public)
    settings.PRIVATE_MEDIA_ROOT = str(private)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(public)},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private), "base_url": None},
        },
    }
    return public, private


@pytest.fixture(scope="session")
def sample_video_master() -> Path:
    """One real, tiny, web-safe MP4 made with PyAV, shared read-only by the session."""
    return tiny_video_master()


@pytest.fixture
def sample_video(sample_video_master, tmp_path) -> Path:
    """A private copy of the sample video that a test may move or delete."""
    copy = tmp_path / "upload.mp4"
    shutil.copy(sample_video_master, copy)
    return copy


def private_files(media_dirs) -> list[Path]:
    return sorted(p for p in media_dirs[1].rglob("*") if p.is_file())


@pytest.fixture
def list_private_files(media_dirs):
    """Call it to list the files now in private storage (for "no orphan files" checks)."""
    return lambda: private_files(media_dirs)


# The everyday cast ----------------------------------------------------------------------


@pytest.fixture
def topic(db):
    return TopicFactory(title="Tools")


@pytest.fixture
def learner(db):
    return UserFactory(username="lee", level=Level.LEARNER)


@pytest.fixture
def contributor(db):
    return UserFactory(username="cora", level=Level.CONTRIBUTOR)


@pytest.fixture
def presenter(db):
    """The contributor who presents ``clip``."""
    return UserFactory(username="pat", level=Level.CONTRIBUTOR)


@pytest.fixture
def trusted(db):
    """A trusted contributor: a peer reviewer (``is_moderator``)."""
    return UserFactory(username="tess", level=Level.TRUSTED)


@pytest.fixture
def editor(db):
    return UserFactory(username="eddie", level=Level.EDITOR)


@pytest.fixture
def second_editor(db):
    """Another editor, for the rules about who may approve twice."""
    return UserFactory(username="edna", level=Level.EDITOR)


@pytest.fixture
def clip(topic, presenter):
    """A published clip with captions and no video file (``video_clip`` where it matters)."""
    return ClipFactory(topic=topic, title="First day", presenter=presenter)


@pytest.fixture
def video_clip(topic, sample_video):
    """A clip with a real 2 s video, so its duration comes from the file."""
    return ClipFactory(topic=topic, video=sample_video, title="Listening well")


@pytest.fixture
def submission(contributor, topic, sample_video):
    """``contributor``'s submission, with captions, processed and waiting in Peer review."""
    return SubmissionFactory(
        owner=contributor,
        topic=topic,
        video=sample_video,
        title="How I label cables",
        captions_vtt=SUBMISSION_VTT,
        stage=Stage.PEER_REVIEW,
    )
