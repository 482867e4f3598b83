"""Uploads are probed in a child process, so app servers never load FFmpeg (issue 10, memory)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from clips import video
from clips.video import VideoError, probe, probe_in_child

ROOT = Path(__file__).resolve().parents[2]


def test_the_child_reports_what_probing_in_the_process_finds(sample_video):
    assert probe_in_child(sample_video) == probe(sample_video)


def test_the_child_refuses_a_file_that_is_not_a_video_with_the_same_words(tmp_path):
    zeros = tmp_path / "zeros.mp4"
    zeros.write_bytes(bytes(64 * 1024))
    with pytest.raises(VideoError) as in_process:
        probe(zeros)

    with pytest.raises(VideoError) as in_child:
        probe_in_child(zeros)

    assert str(in_child.value) == str(in_process.value)


def test_a_child_that_hangs_is_stopped_and_the_file_refused(tmp_path, monkeypatch):
    def hangs(*args, timeout, **kwargs):
        raise subprocess.TimeoutExpired(args[0], timeout)

    monkeypatch.setattr(video.subprocess, "run", hangs)

    with pytest.raises(VideoError, match="too long"):
        probe_in_child(tmp_path / "any.mp4")


def test_an_app_server_loads_no_ffmpeg_until_it_probes():
    """What a gunicorn worker imports (settings, apps, URLs, the WSGI app) leaves PyAV out."""
    code = (
        "import sys, django; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "import hub.wsgi, json; print(json.dumps('av' in sys.modules))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "hub.settings.test"},
    )
    assert json.loads(run.stdout.strip().splitlines()[-1]) is False
