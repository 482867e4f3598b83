"""Demo submissions waiting in each moderation stage, so editors find a realistic queue.

- ``contributor`` has one clip waiting in "Peer review" (the contract's demo account);
- ``trusted`` has one waiting in "Editorial approval": as a trusted contributor their own
  submission skipped peer review, which the history shows.

Submissions belong to the moderation side (``contributions.moderation.services.submission_create``:
media, draft page and workflow in one transaction). Seeding only calls it, so a seeded
submission is exactly what a real one is. Idempotent: a person who already has a
submission with the demo title gets no second one.
"""

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from clips.models import ClipOrigin, ClipPage, TopicPage
from clips.video import generate_demo_video

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoSubmission:
    username: str
    topic_index: int
    title: str
    description: str
    tags: str
    captions: str
    colour: tuple[int, int, int]
    tone_hz: float


SUBMISSIONS = (
    DemoSubmission(
        username="contributor",
        topic_index=0,
        title="Checklists that new starters actually use",
        description="How I turned our ten-page onboarding document into a one-page checklist.",
        tags="onboarding, checklists",
        captions="""WEBVTT

00:00:00.000 --> 00:00:02.000
Our onboarding document had ten pages and nobody finished it.

00:00:02.000 --> 00:00:04.000
We cut it to one page of tasks, each with an owner and a day.

00:00:04.000 --> 00:00:06.000
New starters tick them off with their buddy, and ask about anything unclear.
""",
        colour=(20, 110, 90),
        tone_hz=523.3,
    ),
    DemoSubmission(
        username="trusted",
        topic_index=1,
        title="Three questions before any meeting",
        description="Why are we meeting, what will we decide, and who needs to be there?",
        tags="meetings, habits",
        captions="""WEBVTT

00:00:00.000 --> 00:00:02.000
Before I accept a meeting I ask three questions.

00:00:02.000 --> 00:00:04.000
Why are we meeting, and what will we decide?

00:00:04.000 --> 00:00:06.000
And who really needs to be there to decide it?
""",
        colour=(120, 60, 140),
        tone_hz=392.0,
    ),
)


def _exists(user, title: str) -> bool:
    return ClipPage.objects.filter(owner=user, origin=ClipOrigin.COMMUNITY, title=title).exists()


def seed_submissions(*, users: dict, topics: list[TopicPage], seconds: float = 6.0) -> int:
    """Create the demo submissions that are missing; return how many were made."""
    from contributions.moderation.services import SubmissionError, submission_create

    made = 0
    if not topics:
        return made
    with tempfile.TemporaryDirectory() as work:
        for demo in SUBMISSIONS:
            user = users.get(demo.username)
            if user is None or _exists(user, demo.title):
                continue
            topic = topics[demo.topic_index % len(topics)]
            video = Path(work) / f"{demo.username}.mp4"
            generate_demo_video(
                video,
                demo.title,
                subtitle=topic.title,
                seconds=seconds,
                colour=demo.colour,
                tone_hz=demo.tone_hz,
            )
            try:
                submission_create(
                    user=user,
                    video_path=video,
                    filename=video.name,
                    title=demo.title,
                    description=demo.description,
                    topic=topic,
                    tags=demo.tags,
                    captions_vtt=demo.captions,
                )
            except SubmissionError as exc:  # report it and keep seeding the rest
                logger.warning("Demo submission %r was not created: %s", demo.title, exc)
                continue
            made += 1
    return made
