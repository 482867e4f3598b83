"""Build only the data a test needs: people at a level, topics, clips, submissions at a stage.

- ``UserFactory(level=Level.TRUSTED)``, or a trait: ``UserFactory(contributor=True)``,
  ``trusted=True``, ``editor=True``, ``moderator=True`` (a peer reviewer: ``is_moderator``),
  ``superuser=True``. Levels are set through ``level_set``, so the groups match the ladder.
- ``TopicFactory()``: a published topic under the topic index.
- ``ClipFactory(topic=topic)``: a published clip with captions and no video file (cheap).
  ``ClipFactory(video=sample_video)`` stores a real video; its processing is queued for when
  the transaction commits (wrap it in ``django_capture_on_commit_callbacks(execute=True)``).
- ``SubmissionFactory(stage=Stage.PEER_REVIEW)``: a contributor's clip made through
  ``submission_create`` with a real tiny video, processed, and moved through the workflow
  by the reviewers it needs to reach ``stage``.

``topic_make`` and ``clip_make`` are the two factories under the short names older tests use.
"""

import atexit
import enum
import functools
import shutil
import tempfile
from pathlib import Path

import factory
from django.contrib.auth import get_user_model
from django.test import TestCase

from clips.models import ClipOrigin, ClipPage, TopicIndexPage, TopicPage
from clips.services import clip_create, media_create
from clips.video import generate_demo_video
from contributions.models import Level
from contributions.moderation.services import (
    APPROVE,
    REQUEST_CHANGES,
    review_act,
    submission_create,
)
from contributions.people.services import level_set

VTT = """WEBVTT

00:00:00.000 --> 00:00:01.000
{first}

00:00:01.000 --> 00:00:02.000
{second}
"""


# Videos ---------------------------------------------------------------------------------


@functools.cache
def _video_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="hubbub-test-videos-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@functools.cache
def tiny_video_master() -> Path:
    """One real, tiny, web-safe MP4 (2 s, 160×90) made once per test run; never change it."""
    path = _video_folder() / "sample.mp4"
    generate_demo_video(path, "Sample clip", seconds=2.0, size=(160, 90), fps=10)
    return path


def tiny_video(directory: Path | None = None) -> Path:
    """A fresh copy of the tiny video that its user may move or delete."""
    directory = directory or Path(tempfile.mkdtemp(dir=_video_folder()))
    return Path(shutil.copy(tiny_video_master(), directory / "upload.mp4"))


# People ---------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """A person; ``level`` (or a trait) puts them on the ladder with their groups."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    class Params:
        learner = factory.Trait(level=Level.LEARNER)
        contributor = factory.Trait(level=Level.CONTRIBUTOR)
        trusted = factory.Trait(level=Level.TRUSTED)
        # is_moderator(): a member of the peer reviewers, which trusted contributors are.
        moderator = factory.Trait(level=Level.TRUSTED)
        editor = factory.Trait(level=Level.EDITOR)
        superuser = factory.Trait(is_superuser=True, is_staff=True)

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Person"
    password = factory.django.Password("learn-and-share")

    level = Level.LEARNER

    @classmethod
    def _create(cls, model_class, *args, level, **fields):
        """Learners need nothing (their profile appears on first use); others go through
        ``level_set`` as an editor's change would, groups included."""
        user = super()._create(model_class, *args, **fields)
        if level != Level.LEARNER:
            level_set(user=user, level=level, reason="Test setup")
        return user


# Topics and clips -----------------------------------------------------------------------


class TopicFactory(factory.Factory):
    """A published topic page under the one topic index."""

    class Meta:
        model = TopicPage

    title = factory.Sequence(lambda n: f"Topic {n}")

    @classmethod
    def _create(cls, model_class, **fields):
        topic = model_class(**fields)
        TopicIndexPage.objects.get().add_child(instance=topic)
        topic.save_revision().publish()
        return topic


class ClipFactory(factory.Factory):
    """A clip made by ``clip_create``: no video file unless ``video`` is a real video's path."""

    class Meta:
        model = ClipPage

    topic = factory.SubFactory(TopicFactory)
    title = factory.Sequence(lambda n: f"Clip {n}")
    video = None
    summary = factory.LazyAttribute(lambda clip: f"What {clip.title} is about.")
    captions = factory.LazyAttribute(
        lambda clip: VTT.format(first=f"Welcome to {clip.title}.", second="Thanks for watching.")
    )
    tags = ("sample",)
    owner = None
    publish = True
    origin = ClipOrigin.SEEDED

    @classmethod
    def _create(cls, model_class, *, video, captions, owner, title, **fields):
        media = media_create(path=video, title=title, user=owner) if video else None
        return clip_create(title=title, media=media, captions_vtt=captions, owner=owner, **fields)


def topic_make(title: str | None = None, **fields) -> TopicPage:
    """``TopicFactory`` with the title first."""
    return TopicFactory(**({"title": title} if title else {}), **fields)


def clip_make(topic: TopicPage, video_path=None, **fields) -> ClipPage:
    """``ClipFactory`` with the topic and the video (if any) first."""
    return ClipFactory(topic=topic, video=video_path, **fields)


# Submissions ----------------------------------------------------------------------------


class Stage(enum.StrEnum):
    """Where a submission stands in the "Community contribution" workflow."""

    PROCESSING = "processing"  # submitted; its video is not processed yet
    PEER_REVIEW = "peer_review"  # processed, waiting for a peer reviewer
    CHANGES_REQUESTED = "changes_requested"  # a peer reviewer sent it back
    EDITORIAL_APPROVAL = "editorial_approval"  # a peer reviewer approved it
    PUBLISHED = "published"  # an editor approved it: live


class SubmissionFactory(factory.Factory):
    """A contributor's submission, made as the upload form makes it, moved to ``stage``.

    The reviewers who act are ``reviewer`` (a trusted contributor) and ``approver`` (an
    editor), made only when the stage needs them. The owner's own level counts: a trusted
    owner's submission skips peer review, so it starts in editorial approval.
    """

    class Meta:
        model = ClipPage

    owner = factory.SubFactory(UserFactory, level=Level.CONTRIBUTOR)
    topic = factory.SubFactory(TopicFactory)
    video = factory.LazyFunction(tiny_video)
    title = factory.Sequence(lambda n: f"Submission {n}")
    description = "Labels that survive a move."
    tags = "cables, tools"
    captions_vtt = ""
    filename = "my clip.mp4"
    stage = Stage.PEER_REVIEW
    reviewer = None
    approver = None

    @classmethod
    def _create(cls, model_class, *, owner, video, stage, reviewer, approver, **fields):
        stage = Stage(stage)
        if stage == Stage.PROCESSING:
            return submission_create(user=owner, video_path=video, **fields)
        # Processing waits for a commit that a test's transaction never makes: run what the
        # commit would run (processing, then the reviewers' "submitted" notification).
        with TestCase.captureOnCommitCallbacks(execute=True):
            page = submission_create(user=owner, video_path=video, **fields)
        page = ClipPage.objects.get(pk=page.pk)
        if stage == Stage.PEER_REVIEW:
            return page
        if page.current_workflow_task.name == "Peer review":
            reviewer = reviewer or UserFactory(level=Level.TRUSTED)
        else:  # a trusted owner skipped peer review: the editor is the first to act
            reviewer = approver = approver or UserFactory(level=Level.EDITOR)
        if stage == Stage.CHANGES_REQUESTED:
            review_act(user=reviewer, page=page, action=REQUEST_CHANGES, comment="Louder.")
            return ClipPage.objects.get(pk=page.pk)
        if reviewer is not approver:
            review_act(user=reviewer, page=page, action=APPROVE)
            if stage == Stage.EDITORIAL_APPROVAL:
                return ClipPage.objects.get(pk=page.pk)
        elif stage == Stage.EDITORIAL_APPROVAL:
            return page
        review_act(user=approver or UserFactory(level=Level.EDITOR), page=page, action=APPROVE)
        return ClipPage.objects.get(pk=page.pk)
