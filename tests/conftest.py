"""Shared fixtures: a temporary media tree per test, real generated videos, the site tree."""

import shutil
from pathlib import Path

import pytest

from clips.video import generate_demo_video


def pytest_collection_modifyitems(items):
    """Transactional tests (``transaction=True``, ``transactional_db``, ``live_server``) end
    with a flush that wipes what data migrations made: the site tree, collections, groups and
    the moderation workflow. Serialized rollback puts it back, so every test finds it."""
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
def sample_video_master(tmp_path_factory) -> Path:
    """One real, tiny, web-safe MP4 made with PyAV, shared read-only by the session."""
    path = tmp_path_factory.mktemp("videos") / "sample.mp4"
    generate_demo_video(path, "Sample clip", seconds=2.0, size=(160, 90), fps=10)
    return path


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
