"""import_clips: a CSV manifest becomes published clips; bad rows are reported, never half-made."""

import csv
import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from clips import importing
from clips.models import ClipMedia, ClipPage, ProcessingState, TopicPage
from clips.video import generate_demo_video
from tests.factories import UserFactory, topic_make

pytestmark = pytest.mark.django_db

COLUMNS = ["file", "title", "summary", "topic", "tags", "captions"]
CAPTIONS = """WEBVTT

00:00:00.000 --> 00:00:01.000
Start every handover with the one thing that must not be forgotten.

00:00:01.000 --> 00:00:02.000
Then list what is waiting, who is waiting, and since when.
"""


@pytest.fixture
def library(tmp_path, sample_video_master):
    """A folder as an editor would hand it over: videos, captions, a manifest to fill in."""
    folder = tmp_path / "library"
    (folder / "videos").mkdir(parents=True)
    shutil.copy(sample_video_master, folder / "videos" / "handover.mp4")
    generate_demo_video(folder / "videos" / "standup.mp4", "Stand-ups", seconds=1, size=(160, 90))
    (folder / "handover.vtt").write_text(CAPTIONS, encoding="utf-8")
    (folder / "broken.vtt").write_text("these are not captions", encoding="utf-8")
    (folder / "notes.mp4").write_text("a text file renamed .mp4", encoding="utf-8")
    return folder


def write_manifest(folder, rows, columns=COLUMNS):
    path = folder / "manifest.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def run(manifest, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_clips", str(manifest), "-v", "0", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(manifest, *args):
    """Run a manifest that must fail: (stdout, stderr, the CommandError's message)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_clips", str(manifest), "-v", "0", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), str(caught.value)


GOOD = [
    [
        "videos/handover.mp4",
        "Handovers that work",
        "A calm handover.",
        "Onboarding",
        "handover, shifts",
        "handover.vtt",
    ],
    ["videos/standup.mp4", "Stand-ups in ten minutes", "", "running-meetings", "meetings", ""],
]


@pytest.fixture
def topics():
    return topic_make("Onboarding"), topic_make("Running meetings")


def test_good_rows_become_published_processed_clips(
    library, topics, django_capture_on_commit_callbacks
):
    manifest = write_manifest(library, GOOD)
    with django_capture_on_commit_callbacks(execute=True):
        out, err = run(manifest)
    assert "2 rows: 2 imported, 0 skipped (already imported), 0 failed." in out
    assert err == ""
    handover = ClipPage.objects.get(title="Handovers that work")
    assert handover.live and handover.get_parent().specific == topics[0]
    assert handover.summary == "A calm handover."
    assert set(handover.tags.names()) == {"handover", "shifts"}
    assert handover.transcript.startswith("Start every handover")
    assert handover.video.processing_state == ProcessingState.READY
    assert handover.video.thumbnail and len(handover.video.source_sha256) == 64
    standup = ClipPage.objects.get(title="Stand-ups in ten minutes")
    assert standup.get_parent().specific == topics[1]  # found by slug
    assert list(ClipPage.objects.live().search("forgotten")) == [handover]


def test_bad_rows_are_reported_by_row_and_column_and_leave_nothing_behind(
    library, topics, list_private_files
):
    rows = GOOD[:1] + [
        ["videos/missing.mp4", "Missing", "", "Onboarding", "", ""],
        ["notes.mp4", "Notes", "", "Onboarding", "", ""],
        ["videos/standup.mp4", "Stand-ups", "", "Onboarding", "", "broken.vtt"],
        ["videos/standup.mp4", "", "", "Onboarding", "", ""],
        ["videos/standup.mp4", "Stand-ups", "", "Nowhere", "", ""],
    ]
    manifest = write_manifest(library, rows)
    out, err, message = run_failing(manifest)
    assert message.startswith("5 of 6 rows failed")
    assert "6 rows: 1 imported, 0 skipped (already imported), 5 failed." in out
    lines = [line.split(None, 2) for line in err.splitlines()[2:]]
    assert [(int(row), column) for row, column, _ in lines] == [
        (3, "file"),
        (4, "file"),
        (5, "captions"),
        (6, "title"),
        (7, "topic"),
    ]
    assert "does not exist" in err and "not a video" in err and "not valid WebVTT" in err
    assert "There is no topic 'Nowhere'" in err
    # The good row went in; the bad ones left no clip, media row or file.
    assert list(ClipPage.objects.values_list("title", flat=True)) == ["Handovers that work"]
    assert ClipMedia.objects.count() == 1
    assert len(list_private_files()) == 1


def test_dry_run_checks_every_row_and_writes_nothing(library, topics, list_private_files):
    rows = GOOD + [["notes.mp4", "Notes", "", "Onboarding", "", ""]]
    manifest = write_manifest(library, rows)
    pages_before = ClipPage.objects.count()
    with pytest.raises(CommandError, match="1 of 3 rows failed"):
        run(manifest, "--dry-run")
    out, _ = run(write_manifest(library, GOOD), "--dry-run")
    assert "2 would be imported" in out and "Dry run: nothing was written." in out
    assert ClipPage.objects.count() == pages_before
    assert not ClipMedia.objects.exists()
    assert list_private_files() == []


def test_running_a_manifest_again_skips_what_it_imported(library, topics, list_private_files):
    manifest = write_manifest(library, GOOD + [GOOD[0][:1] + ["Same video again"] + GOOD[0][2:]])
    out, _ = run(manifest)
    assert "3 rows: 2 imported, 1 skipped" in out
    files = list_private_files()
    out, _ = run(manifest)
    assert "3 rows: 0 imported, 3 skipped" in out
    assert ClipPage.objects.count() == 2 and ClipMedia.objects.count() == 2
    assert list_private_files() == files


def test_unknown_topics_are_created_only_when_asked(library, topics):
    rows = [GOOD[0][:3] + ["Customer care"] + GOOD[0][4:]]
    manifest = write_manifest(library, rows)
    with pytest.raises(CommandError):
        run(manifest)
    assert not TopicPage.objects.filter(title="Customer care").exists()
    UserFactory(username="ed", superuser=True)
    out, _ = run(manifest, "--create-topics", "--owner", "ed")
    topic = TopicPage.objects.get(title="Customer care")
    assert topic.live
    clip = ClipPage.objects.child_of(topic).get()
    assert clip.owner.username == "ed"


def test_a_row_failing_while_it_is_written_leaves_no_rows_or_files(
    library, topics, monkeypatch, list_private_files
):
    def broken_clip_create(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "clip_create", broken_clip_create)
    manifest = write_manifest(library, GOOD[:1])
    with pytest.raises(CommandError, match="1 of 1 rows failed"):
        run(manifest)
    assert not ClipMedia.objects.exists()
    assert list_private_files() == []


def test_a_missing_manifest_or_missing_columns_are_clear_errors(library, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run(tmp_path / "nope.csv")
    manifest = write_manifest(library, [["a.mp4", "A"]], columns=["file", "name"])
    with pytest.raises(CommandError, match="no 'title', 'topic' columns"):
        run(manifest)
    empty = write_manifest(library, [])
    with pytest.raises(CommandError, match="no rows"):
        run(empty)
    latin = library / "latin.csv"
    latin.write_bytes("file,title,topic\nv.mp4,Caf\xe9,Onboarding\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(latin)
    with pytest.raises(CommandError, match="no user 'ghost'"):
        run(write_manifest(library, GOOD), "--owner", "ghost")
    UserFactory(username="lee")
    with pytest.raises(CommandError, match="'lee' may not publish clips"):
        run(write_manifest(library, GOOD), "--owner", "lee")


def test_import_reads_tags_by_the_upload_forms_rule(library, topics):
    rows = [
        GOOD[0][:4] + ["Handover, handover, shifts"] + GOOD[0][5:],
        GOOD[1][:4] + [", ".join(f"t{n}" for n in range(11))] + GOOD[1][5:],
    ]
    out, err, message = run_failing(write_manifest(library, rows))
    assert set(ClipPage.objects.get(title="Handovers that work").tags.names()) == {
        "Handover",
        "shifts",
    }
    lines = [line.split(None, 2) for line in err.splitlines()[2:]]
    assert lines == [["3", "tags", "Use at most 10 tags."]]
    assert message.startswith("1 of 2 rows failed")
