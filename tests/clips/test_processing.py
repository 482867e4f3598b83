"""Video processing: probe on upload, then poster, duration, size and a web-safe rendition."""

import logging
import math
import re
from fractions import Fraction

import av
import pytest

from clips.models import ClipMedia, ProcessingState
from clips.services import media_create, media_reprocess
from clips.tasks import process_media_task
from clips.video import VideoError, probe

pytestmark = pytest.mark.django_db


def write_video(path, *, fmt, video_codec, audio_codec=None, options=None, seconds=1.0):
    """A tiny real video (moving gradient, optional tone) in any container/codec PyAV has."""
    fps, size, rate = 10, (160, 90), 48000
    with av.open(str(path), "w", format=fmt, options=options or {}) as out:
        video = out.add_stream(video_codec, rate=fps)
        video.width, video.height = size
        video.pix_fmt = "yuv420p"
        audio = out.add_stream(audio_codec, rate=rate, layout="mono") if audio_codec else None
        for i in range(int(seconds * fps)):
            frame = av.VideoFrame(*size, "yuv420p")
            for plane_index, plane in enumerate(frame.planes):
                plane.update(bytes([(i * 20 + plane_index * 60) % 256]) * plane.buffer_size)
            frame.pts, frame.time_base = i, Fraction(1, fps)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        if audio is not None:
            samples = int(seconds * rate)
            chunk = 960
            for start in range(0, samples, chunk):
                count = min(chunk, samples - start)
                frame = av.AudioFrame(format="s16", layout="mono", samples=count)
                tone = (
                    int(3000 * math.sin(2 * math.pi * 440 * (start + n) / rate))
                    for n in range(count)
                )
                frame.planes[0].update(b"".join(v.to_bytes(2, "little", signed=True) for v in tone))
                frame.sample_rate, frame.pts = rate, start
                out.mux(audio.encode(frame))
            out.mux(audio.encode(None))
    return path


def stored(media) -> ClipMedia:
    return ClipMedia.objects.get(pk=media.pk)


def upload(path, django_capture_on_commit_callbacks, title="Upload"):
    """media_create as a view calls it; the processing task runs when the request commits."""
    with django_capture_on_commit_callbacks(execute=True):
        return media_create(path=path, title=title)


def test_generated_mp4_gets_poster_duration_and_size(
    sample_video, django_capture_on_commit_callbacks
):
    media = stored(upload(sample_video, django_capture_on_commit_callbacks))
    assert media.processing_state == ProcessingState.READY
    assert media.processing_error == ""
    assert media.duration == pytest.approx(2.0, abs=0.15)
    assert (media.width, media.height) == (160, 90)
    with media.thumbnail.open("rb") as fh:
        assert fh.read(3) == b"\xff\xd8\xff"  # a JPEG
    assert media.processed_at is not None


def test_a_web_safe_mp4_is_played_as_it_is(sample_video, django_capture_on_commit_callbacks):
    assert probe(sample_video).is_web_safe
    media = stored(upload(sample_video, django_capture_on_commit_callbacks))
    assert not media.rendition
    assert media.playable_file == media.file
    assert media.playable_content_type == "video/mp4"


@pytest.mark.parametrize(
    ("name", "fmt", "video_codec", "audio_codec", "options", "detected"),
    [
        ("mpeg4-part2.mp4", "mp4", "mpeg4", "aac", {"movflags": "+faststart"}, "video/mp4"),
        ("vp8.webm", "webm", "libvpx", "libopus", None, "video/webm"),
        ("no-faststart.mp4", "mp4", "libx264", "aac", None, "video/mp4"),
        ("quicktime.mp4", "mov", "libx264", "aac", None, "video/quicktime"),
        ("matroska.webm", "matroska", "libx264", "aac", None, "application/octet-stream"),
    ],
)
def test_a_source_browsers_cannot_stream_gets_a_web_safe_rendition(
    tmp_path,
    django_capture_on_commit_callbacks,
    name,
    fmt,
    video_codec,
    audio_codec,
    options,
    detected,
):
    source = write_video(
        tmp_path / name, fmt=fmt, video_codec=video_codec, audio_codec=audio_codec, options=options
    )
    assert not probe(source).is_web_safe

    media = stored(upload(source, django_capture_on_commit_callbacks))

    assert media.processing_state == ProcessingState.READY, media.processing_error
    # The type comes from the content, whatever the name said; stored names are generated.
    assert media.content_type == detected
    assert media.original_filename == name
    assert re.fullmatch(r"renditions/\d{4}/\d{2}/[0-9a-f]{32}\.mp4", media.rendition.name)
    extension = {"video/mp4": "mp4", "video/webm": "webm", "video/quicktime": "mov"}
    assert re.fullmatch(
        rf"originals/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.{extension.get(detected, 'bin')}",
        media.file.name,
    )
    assert media.playable_content_type == "video/mp4"
    rendition = probe(media.rendition.path)
    assert rendition.is_web_safe  # H.264 yuv420p, AAC, moov before mdat
    assert rendition.audio_codec == "aac"
    assert rendition.duration == pytest.approx(1.0, abs=0.2)
    assert media.playable_file == media.rendition
    assert media.duration == pytest.approx(1.0, abs=0.2)


def test_a_video_broken_after_upload_fails_with_a_readable_message(
    sample_video, django_capture_on_commit_callbacks, list_private_files
):
    media = media_create(path=sample_video, title="Broken later", process=False)
    with open(media.file.path, "wb") as fh:
        fh.write(b"this is not a video any more")

    result = process_media_task.enqueue(media.pk)

    assert result.return_value == ProcessingState.FAILED
    media = stored(media)
    assert media.processing_state == ProcessingState.FAILED
    assert "not a video" in media.processing_error
    assert not media.thumbnail and not media.rendition
    assert [p.name for p in list_private_files()] == [media.file.name.rsplit("/", 1)[-1]]


def test_a_failure_in_the_encoder_is_recorded_not_raised(sample_video, monkeypatch, caplog):
    media = media_create(path=sample_video, title="Encoder trouble", process=False)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("clips.processing.extract_poster", explode)
    with caplog.at_level(logging.WARNING, logger="clips.processing"):
        process_media_task.enqueue(media.pk)
    media = stored(media)
    assert media.processing_state == ProcessingState.FAILED
    # The contributor reads a sentence; the codec's own words go to the log.
    assert media.processing_error.startswith("The video could not be processed.")
    assert "RuntimeError" not in media.processing_error
    assert "disk full" not in media.processing_error
    assert "RuntimeError('disk full')" in caplog.text


def test_processing_a_missing_media_is_a_no_op():
    assert process_media_task.enqueue(987654).return_value == "missing"


def test_reprocessing_replaces_the_poster_without_leaving_the_old_one(
    sample_video, django_capture_on_commit_callbacks, list_private_files
):
    media = stored(upload(sample_video, django_capture_on_commit_callbacks))
    assert len(list_private_files()) == 2  # original and poster
    with django_capture_on_commit_callbacks(execute=True):
        media_reprocess(media=media)
    media = stored(media)
    assert media.processing_state == ProcessingState.READY
    assert len(list_private_files()) == 2
    assert media.thumbnail.storage.exists(media.thumbnail.name)


# Rejected on upload: nothing stored -----------------------------------------------------


def truncated_copy(sample_video, tmp_path):
    data = sample_video.read_bytes()
    path = tmp_path / "cut-short.mp4"
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda video, tmp: _write(tmp / "notes.mp4", b"Meeting notes, not a video.\n" * 50),
            "not a video",
        ),
        (lambda video, tmp: _write(tmp / "empty.mp4", b""), "The file is empty."),
        (truncated_copy, "incomplete"),
    ],
    ids=["text-renamed-mp4", "zero-bytes", "truncated-mp4"],
)
def test_media_create_rejects_what_is_not_a_whole_video_and_stores_nothing(
    sample_video, tmp_path, list_private_files, make, message
):
    path = make(sample_video, tmp_path)
    with pytest.raises(VideoError) as excinfo:
        media_create(path=path, title="Bad upload")
    assert message in str(excinfo.value)
    assert ClipMedia.objects.count() == 0
    assert list_private_files() == []


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_a_file_without_a_video_stream_is_rejected(tmp_path, list_private_files):
    path = tmp_path / "tone.mp4"
    with av.open(str(path), "w", format="mp4") as out:
        audio = out.add_stream("aac", rate=48000, layout="mono")
        frame = av.AudioFrame(format="fltp", layout="mono", samples=1024)
        frame.planes[0].update(bytes(4096))
        frame.sample_rate, frame.pts = 48000, 0
        out.mux(audio.encode(frame))
        out.mux(audio.encode(None))
    with pytest.raises(VideoError, match="no video stream"):
        media_create(path=path, title="Only sound")
    assert ClipMedia.objects.count() == 0
    assert list_private_files() == []
