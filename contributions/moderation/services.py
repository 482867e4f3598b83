"""Submitting a clip (create, resubmit, withdraw; what follows processing and final approval)
and a reviewer's decision on it (``review_act``).

A submission is a draft ``ClipPage`` under its topic, owned by the contributor (origin
"community", presenter = the contributor), whose video is a ``ClipMedia`` in the private
"Community uploads" collection, with the "Community contribution" workflow running on it.

Processing runs after the transaction commits (``submission_process_task``). Until the video
is ready the workflow's current stage waits quietly: reviewers are not told and cannot act
(see ``contributions.moderation.workflow``). If processing fails the contributor sees "replace the
video" on /contribute/ and resubmits with a new file, which restarts the workflow.

Locks: withdraw and resubmit take the page's row lock first and only then check that the
submission may still change, the same lock a reviewer's action takes (``CommunityReviewTask
.on_action``); a withdraw racing the final approval therefore either deletes an unpublished
draft or finds it published and refuses. Then, if needed, the profile's lock: always in
that order, so the two never wait on each other.
"""

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import F
from django_tasks import task
from wagtail.actions.delete_page import DeletePageAction
from wagtail.actions.move_page import MovePageAction
from wagtail.models import Collection, Workflow, WorkflowState
from wagtail.signals import task_submitted

from clips.captions import CaptionsError, parse_vtt
from clips.files import deleted_on_failure
from clips.models import ClipMedia, ClipOrigin, ClipPage, ProcessingState, TopicPage
from clips.processing import media_process
from clips.services import captions_track_set, clip_create, media_create, upload_probe
from clips.tags import TagError, tags_parse
from clips.video import VideoError, VideoInfo

from ..people.ladder import can_contribute, thresholds
from ..people.models import LadderSettings, Profile
from ..people.services import level_recompute, profile_get
from .models import ContributionCredit, UploadToken
from .workflow import WORKFLOW_NAME, CommunityReviewTask

logger = logging.getLogger(__name__)

COMMUNITY_COLLECTION = "Community uploads"


class SubmissionError(ValueError):
    """A submission that cannot be accepted; ``field`` names the form field at fault."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# Reading ---------------------------------------------------------------------------------


def waiting_submissions(user):
    """The user's contributions that have not been published yet (in any stage)."""
    return ClipPage.objects.filter(
        owner=user, origin=ClipOrigin.COMMUNITY, first_published_at__isnull=True
    )


def submission_get(*, user, page_id: int) -> ClipPage:
    """One of the user's own contributions; ``ClipPage.DoesNotExist`` for anyone else's."""
    return ClipPage.objects.select_related("video").get(
        pk=page_id, owner=user, origin=ClipOrigin.COMMUNITY
    )


def active_workflow_state(page) -> WorkflowState | None:
    return (
        WorkflowState.objects.active()
        .for_instance(page)
        .select_related("current_task_state__task")
        .first()
    )


def processing_failed(page: ClipPage) -> bool:
    return bool(page.video_id and page.video.processing_state == ProcessingState.FAILED)


def can_resubmit(page: ClipPage) -> bool:
    """After a request for changes, after failed processing, or once moderation was cancelled."""
    if page.first_published_at is not None:
        return False
    if processing_failed(page):
        return True
    state = active_workflow_state(page)
    return state is None or state.status == WorkflowState.STATUS_NEEDS_CHANGES


def can_withdraw(page: ClipPage) -> bool:
    return page.first_published_at is None


# Checks shared by create and resubmit ----------------------------------------------------


def clean_tags(raw: str | list[str] | tuple[str, ...]) -> list[str]:
    """Typed tags by the one tag rule (``clips.tags``); SubmissionError when unusable."""
    try:
        return tags_parse(raw)
    except TagError as exc:
        raise SubmissionError(str(exc), field="tags") from exc


def as_browser_text(text: str) -> str:
    """Text stored the way a browser submits a textarea: trimmed, with CRLF line endings.

    Wagtail's editor compares what a reviewer's browser sends back with what is stored;
    any difference (even "\n" against "\r\n") counts as an edit, saves a new revision and,
    with WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT, sends the submission back to the
    start of the stage instead of approving it.
    """
    lines = text.strip().replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\r\n".join(lines)


def check_captions(captions_vtt: str) -> str:
    if not captions_vtt:
        return ""
    try:
        parse_vtt(captions_vtt)
    except CaptionsError as exc:
        raise SubmissionError(str(exc), field="captions") from exc
    return as_browser_text(captions_vtt)


def check_video(path: str | Path, ladder: LadderSettings) -> VideoInfo:
    """A real video no longer than the ladder allows, or SubmissionError naming the problem."""
    try:
        info = upload_probe(path)
    except VideoError as exc:
        raise SubmissionError(str(exc), field="video") from exc
    if info.duration > ladder.max_clip_seconds:
        raise SubmissionError(
            f"The video is {info.duration:.0f} seconds long; clips may be at most "
            f"{ladder.max_clip_seconds} seconds.",
            field="video",
        )
    return info


def _check_may_submit(user, profile: Profile, ladder: LadderSettings, *, exclude=None) -> None:
    if not can_contribute(profile.level):
        raise SubmissionError("You can submit clips once you have reached the contributor level.")
    waiting = waiting_submissions(user)
    if exclude is not None:
        waiting = waiting.exclude(pk=exclude.pk)
    if waiting.count() >= ladder.max_waiting_submissions:
        raise SubmissionError(
            f"You already have {ladder.max_waiting_submissions} submissions waiting in "
            "moderation; wait for a decision or withdraw one first."
        )


def community_collection() -> Collection:
    """The private collection contributors' videos go into (made by a data migration)."""
    collection = Collection.objects.filter(depth=2, name=COMMUNITY_COLLECTION).first()
    if collection is None:
        logger.error("The %r collection is missing; run the migrations.", COMMUNITY_COLLECTION)
        raise SubmissionError("Uploads are not set up on this site; please tell an editor.")
    return collection


def _workflow_for(page: ClipPage) -> Workflow:
    workflow = page.get_workflow() or Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        raise SubmissionError("Moderation is not set up on this site; please tell an editor.")
    return workflow


def _store_video(*, user, path, filename: str, title: str, info: VideoInfo) -> ClipMedia:
    return media_create(
        path=path,
        title=title,
        filename=filename,
        user=user,
        collection=community_collection(),
        process=False,
        info=info,
    )


def _queue_processing(media_id: int) -> None:
    transaction.on_commit(lambda: submission_process_task.enqueue(media_id))


# Writing ----------------------------------------------------------------------------------


def submission_create(
    *,
    user,
    video_path: str | Path,
    filename: str,
    title: str,
    description: str,
    topic: TopicPage,
    tags: str | list[str] | tuple[str, ...] = (),
    captions_vtt: str = "",
    token: uuid.UUID | None = None,
) -> ClipPage:
    """Store the video, create the draft clip and start moderation, all in one transaction.

    Raises SubmissionError (nothing saved, no file left behind) when the person may not
    submit, has too many submissions waiting, or the video or captions are unusable.
    ``token`` is the upload form's one-time token: sending the same form again (a double
    click, a retried request) returns the clip the first post made and makes nothing new.
    """
    if token is not None and (earlier := _submission_for_token(user, token)) is not None:
        return earlier
    ladder = thresholds()
    tags = clean_tags(tags)
    captions_vtt = check_captions(captions_vtt)
    info = check_video(video_path, ladder)
    with deleted_on_failure() as stored, transaction.atomic():
        # Locking the profile serialises one person's submissions, so the waiting limit
        # holds even when two uploads finish at the same moment.
        profile = profile_get(user, for_update=True)
        # Under the profile's lock: a second post of the same form waits for the first.
        if token is not None and (earlier := _submission_for_token(user, token)) is not None:
            return earlier
        _check_may_submit(user, profile, ladder)
        try:
            media = _store_video(
                user=user, path=video_path, filename=filename, title=title, info=info
            )
        except VideoError as exc:
            raise SubmissionError(str(exc), field="video") from exc
        stored.add(media.stored_files())
        page = clip_create(
            topic=topic,
            title=title,
            media=media,
            summary=as_browser_text(description),
            captions_vtt=captions_vtt,
            tags=tags,
            presenter=user,
            origin=ClipOrigin.COMMUNITY,
            owner=user,
            publish=False,
        )
        _workflow_for(page).start(page, user)
        if token is not None:
            UploadToken.objects.create(user=user, token=token, clip=page)
        _queue_processing(media.pk)
    return page


def _submission_for_token(user, token: uuid.UUID) -> ClipPage | None:
    """The clip an earlier post of this upload form made; SubmissionError if it is gone."""
    earlier = UploadToken.objects.filter(user=user, token=token).first()
    if earlier is None:
        return None
    if earlier.clip_id is None:
        raise SubmissionError("This upload was already sent, and its clip has been withdrawn.")
    return ClipPage.objects.get(pk=earlier.clip_id)


def submission_resubmit(
    *,
    user,
    page: ClipPage,
    title: str,
    description: str,
    topic: TopicPage,
    tags: str | list[str] | tuple[str, ...] = (),
    video_path: str | Path | None = None,
    filename: str = "",
    captions_vtt: str | None = None,
) -> ClipPage:
    """Apply the contributor's changes and restart moderation from the first stage.

    ``video_path`` replaces the video; ``captions_vtt=None`` keeps the current captions.
    """
    _check_may_change(user, page, can_resubmit)
    ladder = thresholds()
    tags = clean_tags(tags)
    if captions_vtt is not None:
        captions_vtt = check_captions(captions_vtt)
    info = check_video(video_path, ladder) if video_path is not None else None
    new_media = None
    with deleted_on_failure() as stored, transaction.atomic():
        # The page's lock first (as reviewers' actions take it), then the check again:
        # a reviewer may have approved it while the video was uploading.
        page = _locked_submission(user, page, can_resubmit)
        profile = profile_get(user, for_update=True)
        _check_may_submit(user, profile, ladder, exclude=page)
        if page.get_parent().pk != topic.pk:
            # The contributor may not move pages in the admin; this service may, for them.
            MovePageAction(page, topic, pos="last-child", user=user).execute(
                skip_permission_checks=True
            )
            page = ClipPage.objects.get(pk=page.pk)
        old_media = page.video
        if video_path is not None:
            try:
                new_media = _store_video(
                    user=user, path=video_path, filename=filename, title=title, info=info
                )
            except VideoError as exc:
                raise SubmissionError(str(exc), field="video") from exc
            stored.add(new_media.stored_files())
            page.video = new_media
        page.title = page.draft_title = title
        page.summary = as_browser_text(description)
        if captions_vtt is not None:  # the upload form's file: the default track
            captions_track_set(page, vtt=captions_vtt)
        page.tags.set(tags)
        page.save()
        page.save_revision(user=user, log_action=True)
        state = active_workflow_state(page)
        if state is not None:
            state.cancel(user=user)
        _workflow_for(page).start(page, user)
        if new_media is not None:
            _queue_processing(new_media.pk)
            if old_media is not None:
                transaction.on_commit(lambda: _media_discard(old_media))
    return page


_REFUSALS = {
    can_resubmit: "This submission is being reviewed; it cannot be changed now.",
    can_withdraw: "A published clip cannot be withdrawn; ask an editor instead.",
}


def _check_may_change(user, page: ClipPage, allowed) -> None:
    """The user's own contribution, in a state where ``allowed`` lets it change."""
    if page.owner_id != user.pk or page.origin != ClipOrigin.COMMUNITY:
        raise ClipPage.DoesNotExist("No such submission.")
    if not allowed(page):
        raise SubmissionError(_REFUSALS[allowed])


def _locked_submission(user, page: ClipPage, allowed) -> ClipPage:
    """The page again, read under its row lock, and checked again with what is now true."""
    page = ClipPage.objects.select_for_update().get(pk=page.pk)
    _check_may_change(user, page, allowed)
    return page


def submission_withdraw(*, user, page: ClipPage) -> None:
    """Take an unpublished submission out of moderation and delete it with its video."""
    _check_may_change(user, page, can_withdraw)
    with transaction.atomic():
        page = _locked_submission(user, page, can_withdraw)
        state = active_workflow_state(page)
        if state is not None:
            state.cancel(user=user)
        media = page.video
        DeletePageAction(page, user=user).execute(skip_permission_checks=True)
        if media is not None and not media.clip_pages.exists():
            transaction.on_commit(lambda: _media_discard(media))


def _media_discard(media: ClipMedia) -> None:
    """Delete a replaced or withdrawn video: its row, then its files."""
    if ClipPage.objects.filter(video=media).exists():
        return
    files = list(media.stored_files())
    ClipMedia.objects.filter(pk=media.pk).delete()
    for field_file in files:
        field_file.storage.delete(field_file.name)


def submission_processed(*, media: ClipMedia) -> None:
    """After processing: put a ready clip in front of its reviewers, or tell the contributor."""
    from .. import emails

    for page in ClipPage.objects.filter(video=media, origin=ClipOrigin.COMMUNITY):
        if media.processing_state == ProcessingState.FAILED:
            emails.processing_failed(page=page)
            continue
        if media.processing_state != ProcessingState.READY:
            continue
        state = active_workflow_state(page)
        if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
            continue
        task_state = state.current_task_state
        if task_state is None or not isinstance(task_state.task.specific, CommunityReviewTask):
            continue
        # The stage started quietly while the video was processing: announce it now
        # through Wagtail's own "submitted" notification.
        task_submitted.send(sender=type(task_state), instance=task_state, user=page.owner)


def submission_published(*, page) -> bool:
    """A contribution went live: credit its owner once, who may become trusted.

    Called for every publication (``page_published``): by the last moderation stage, or by
    an editor's "Publish", which cancels the workflow. Only the first one counts: the credit
    row is unique per clip, so a republish, or two at once, never counts twice. Returns
    whether this call credited the clip.
    """
    page = page.specific
    if not isinstance(page, ClipPage) or page.origin != ClipOrigin.COMMUNITY:
        return False
    if not page.owner_id or ContributionCredit.objects.filter(clip=page).exists():
        return False
    owner = page.owner
    try:
        with transaction.atomic():
            profile_get(owner, for_update=True)
            ContributionCredit.objects.create(clip=page, user=owner)
            Profile.objects.filter(user=owner).update(approved_count=F("approved_count") + 1)
            level_recompute(user=owner, reason=f"Clip approved: {page.title[:200]}")
    except IntegrityError:
        return False  # credited by a publication that got there first
    if not _published_by_workflow(page):
        # Wagtail tells the contributor when a workflow ends in publication; an editor's
        # direct publish has no such message, so we send ours.
        from .. import emails

        transaction.on_commit(lambda: emails.clip_published(page=page))
    return True


def _published_by_workflow(page: ClipPage) -> bool:
    return (
        WorkflowState.objects.for_instance(page)
        .filter(status=WorkflowState.STATUS_APPROVED)
        .exists()
    )


def can_edit_captions(page: ClipPage) -> bool:
    """Captions change freely until the clip is published (after that, an editor's job)."""
    return page.first_published_at is None


def submission_captions_set(
    *, user, page: ClipPage, captions_vtt: str, language: str | None = None
) -> ClipPage:
    """Replace a submission's caption track in ``language`` (``""`` removes it; ``None`` is
    the default track); the transcript follows the default track.

    A clip in review goes back to the start of moderation, so every stage approves the
    captions it publishes (``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT`` asks the same of
    the admin). After a request for changes it stays there until the contributor resubmits.
    """
    if page.owner_id != user.pk or page.origin != ClipOrigin.COMMUNITY:
        raise ClipPage.DoesNotExist("No such submission.")
    if not can_edit_captions(page):
        raise SubmissionError("This clip is published; ask an editor to change its captions.")
    captions_vtt = check_captions(captions_vtt)
    with transaction.atomic():
        page = ClipPage.objects.select_for_update().get(pk=page.pk)
        try:
            captions_track_set(page, vtt=captions_vtt, language=language)
        except CaptionsError as exc:
            raise SubmissionError(str(exc), field="captions") from exc
        page.save()  # with its tracks
        page.save_revision(user=user, log_action=True)
        state = active_workflow_state(page)
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            state.cancel(user=user)
            _workflow_for(page).start(page, user)
    return page


# Background work -------------------------------------------------------------------------


@task()
def submission_process_task(media_id: int) -> str:
    """Process a contributed video, then hand the submission to its reviewers (or back).

    Runs through django-tasks: immediately in development and tests, in ``db_worker`` in
    production. It lives beside ``submission_processed`` so that the verbs and their
    background step import nothing from each other.
    """
    media = ClipMedia.objects.filter(pk=media_id).first()
    if media is None:
        return "missing"
    media = media_process(media)
    submission_processed(media=media)
    return media.processing_state


# A reviewer's decision, made through Wagtail's own workflow actions: ``review_act`` does what
# the admin's "Approve" and "Request changes" buttons do (``Task.get_actions``, where our rules
# live, then ``Task.on_action``), so history, e-mails and audit log match whichever screen.

APPROVE = "approve"
REQUEST_CHANGES = "reject"


class ReviewError(Exception):
    """A decision that cannot be taken; the message is shown to the reviewer."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ReviewOutcome:
    action: str
    message: str  # what the reviewer is told next ("Approved: now waiting for …")


def _allowed_actions(task, page, user) -> set[str]:
    return {name for name, _label, _needs_data in task.get_actions(page, user)}


def review_act(*, user, page: ClipPage, action: str, comment: str = "") -> ReviewOutcome:
    """Approve (``"approve"``) or request changes (``"reject"``, comment required)."""
    comment = comment.strip()
    if action not in (APPROVE, REQUEST_CHANGES):
        raise ReviewError("Choose to approve or to request changes.")
    if action == REQUEST_CHANGES and not comment:
        raise ReviewError("Say what should change, so the contributor can fix it.", field="comment")
    with transaction.atomic():
        # Lock the page row so two reviewers pressing at once cannot both act on one stage.
        page = ClipPage.objects.select_for_update().get(pk=page.pk)
        task_state = page.current_workflow_task_state
        if task_state is None:
            raise ReviewError("This submission is no longer waiting for review.")
        task = task_state.task.specific
        if action not in _allowed_actions(task, page, user):
            raise ReviewError("This submission is no longer waiting for your review.")
        stage = task.name
        task.on_action(task_state, user, action, comment=comment)
    page.refresh_from_db()
    if action == REQUEST_CHANGES:
        return ReviewOutcome(action, f"Changes requested at {stage}: the contributor is told.")
    if page.live:
        return ReviewOutcome(action, f"Approved and published: “{page.title}” is live.")
    next_task = page.current_workflow_task
    if next_task is not None:
        return ReviewOutcome(action, f"Approved: now waiting for {next_task.name.lower()}.")
    return ReviewOutcome(action, "Approved.")
