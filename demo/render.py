"""Render demo videos, several at once. Imports no Django: worker processes load only this.

Workers are started with "spawn", so they inherit no database connection and never import
models; each one just runs PyAV on a job and returns the path.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from clips.video import generate_demo_video


@dataclass(frozen=True)
class VideoJob:
    destination: Path
    title: str
    subtitle: str
    colour: tuple[int, int, int]
    tone_hz: float
    seconds: float

    def render(self) -> Path:
        generate_demo_video(
            self.destination,
            self.title,
            subtitle=self.subtitle,
            seconds=self.seconds,
            colour=self.colour,
            tone_hz=self.tone_hz,
        )
        return self.destination


def _render(job: VideoJob) -> Path:
    return job.render()


def videos_render(jobs: list[VideoJob], *, workers: int | None = None, progress=None) -> None:
    """Render every job's MP4; in parallel on machines with several cores."""
    if not jobs:
        return
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        for job in jobs:
            job.render()
            if progress is not None:
                progress.update(1)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for _ in pool.map(_render, jobs):
            if progress is not None:
                progress.update(1)
