"""Build the ClipPage rows of a plan: captions, transcript, presenter, origin, dates."""

import random
from datetime import timedelta

from django.utils import timezone

from clips.captions import FIRST_LANGUAGE, language_name, render_vtt
from clips.models import CaptionTrack, ClipOrigin, ClipPage

from .content import ClipPlan
from .people import COMMUNITY_CLIPS

# Editors seeded the library over the past year; members shared their clips more lately, so
# the demo dashboard shows the community's share growing.
PUBLISHED_WITHIN_DAYS = 360
COMMUNITY_WITHIN_DAYS = 150


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
    _vtt, cues, transcript = captions_for(plan.lines, seconds)
    member = users.get(COMMUNITY_CLIPS.get(plan.number, ""))
    presenter = member or presenters.get(plan.presenter)
    editor = users.get("editor")
    within = COMMUNITY_WITHIN_DAYS if member else PUBLISHED_WITHIN_DAYS
    published = now - timedelta(days=rng.uniform(0.5, within))
    return ClipPage(
        title=plan.title,
        slug=plan.slug,
        summary=plan.summary,
        video_id=media_id,
        transcript=transcript,
        transcript_cues=cues,
        presenter=presenter,
        presenter_name="" if presenter else plan.presenter,
        origin=ClipOrigin.COMMUNITY if member else ClipOrigin.SEEDED,
        owner=member or editor,
        featured=plan.featured,
        first_published_at=published,
    )


def caption_tracks_missing(
    plan: ClipPlan, *, page_id: int, seconds: float, existing: dict[str, list[dict]]
) -> list[CaptionTrack]:
    """The caption tracks a planned clip should have and does not: its own lines (the
    default, in English) and each translation, timed cue for cue like the clip's lines.

    ``existing`` maps the clip's current tracks' languages to their cues, so that running
    the seed again adds only what is missing (a translation added to the pack later).
    """
    own = existing.get(FIRST_LANGUAGE)
    timing = own if own and len(own) == len(plan.lines) else captions_for(plan.lines, seconds)[1]
    wanted = [(FIRST_LANGUAGE, language_name(FIRST_LANGUAGE), plan.lines)]
    wanted += [(t.language, t.label, t.lines) for t in plan.translations]
    tracks = []
    for position, (language, label, lines) in enumerate(wanted):
        if language in existing:
            continue
        cues = [
            {"start": cue["start"], "end": cue["end"], "text": " ".join(text.split())}
            for cue, text in zip(timing, lines, strict=True)
        ]
        tracks.append(
            CaptionTrack(
                page_id=page_id,
                sort_order=position,
                language=language,
                label=label,
                is_default=language == FIRST_LANGUAGE and not existing,
                vtt=render_vtt(cues),
                cues=cues,
            )
        )
    return tracks
