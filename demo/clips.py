"""Build the ClipPage rows of a plan: captions, transcript, presenter, origin, dates."""

import random
from datetime import timedelta

from django.utils import timezone

from clips.captions import render_vtt
from clips.models import ClipOrigin, ClipPage

from .content import ClipPlan
from .people import COMMUNITY_CLIPS

PUBLISHED_WITHIN_DAYS = 120


def captions_for(lines: tuple[str, ...], seconds: float) -> tuple[str, list[dict], str]:
    """WebVTT for the lines spread evenly over the video, its cues, and the transcript."""
    step = seconds / max(len(lines), 1)
    cues = [
        {"start": round(i * step, 3), "end": round((i + 1) * step, 3), "text": " ".join(t.split())}
        for i, t in enumerate(lines)
    ]
    return render_vtt(cues), cues, "\n".join(cue["text"] for cue in cues)


def clip_page_build(
    plan: ClipPlan, *, media_id: int, seconds: float, users: dict, presenters: dict, now=None
) -> ClipPage:
    """An unsaved ClipPage for one planned clip, ready for ``pages.clip_pages_insert``."""
    now = now or timezone.now()
    rng = random.Random(plan.number)
    vtt, cues, transcript = captions_for(plan.lines, seconds)
    member = users.get(COMMUNITY_CLIPS.get(plan.number, ""))
    presenter = member or presenters.get(plan.presenter)
    editor = users.get("editor")
    published = now - timedelta(days=rng.uniform(0.5, PUBLISHED_WITHIN_DAYS))
    return ClipPage(
        title=plan.title,
        slug=plan.slug,
        summary=plan.summary,
        video_id=media_id,
        captions_vtt=vtt,
        transcript=transcript,
        transcript_cues=cues,
        presenter=presenter,
        presenter_name="" if presenter else plan.presenter,
        origin=ClipOrigin.COMMUNITY if member else ClipOrigin.SEEDED,
        owner=member or editor,
        featured=plan.featured,
        first_published_at=published,
    )
