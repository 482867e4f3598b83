"""The verbs of the discussion: post, edit, remove, hide, accept, vote, answer with a clip, flag.

Each is one transaction, keyword-only, and raises ``DiscussionError`` with a message a
person can read when the rules say no. Views, commands and seeding call these alike.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from clips.access import is_editor
from clips.models import ClipPage, TopicPage
from clips.queries import topic_of
from contributions.models import EventKind, Level
from contributions.notifications.models import Kind
from contributions.notifications.services import notify
from contributions.people.ladder import level_rank
from contributions.people.services import event_record, profile_get
from contributions.visibility import clip_visible, page_visible
from hub.people import person_name

from .models import (
    MAX_LENGTH,
    Comment,
    CommentKind,
    DiscussionSettings,
    Flag,
    FlagAction,
    FlagDecision,
    FlagReason,
    QuestionVote,
    TopicExpert,
)
from .signals import discussion_changed
from .text import has_link, moment_label, text_clean

TRUSTED_LEVELS = (Level.TRUSTED, Level.EDITOR)


class DiscussionError(ValueError):
    """The rules refuse this; ``message`` says why in words for the person."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def limits() -> DiscussionSettings:
    return DiscussionSettings.current()


def me_part(user, clip_id: int) -> dict:
    """Who you are to a clip's discussion (in ``/me/?clip=<id>``): your id (your comments
    carry it), editor or not, and the edit window. The page's HTML is the same for all."""
    return {
        "user_id": user.pk,
        "editor": is_editor(user),
        "edit_seconds": limits().edit_minutes * 60,
    }


def _name(user) -> str:
    """How a notification names a person (hub.people's rule), or "Someone" once they are gone."""
    return person_name(user, absent="Someone")


def _changed(comment: Comment) -> None:
    clip, topic = comment.clip, comment.topic
    transaction.on_commit(lambda: discussion_changed.send(sender=Comment, clip=clip, topic=topic))


def comment_url(comment: Comment) -> str:
    thread = comment.parent or comment
    if thread.clip_id:
        return f"{thread.clip.url}#comment-{comment.pk}"
    return f"/discussion/{thread.pk}/#comment-{comment.pk}"


def knowers(*, clip: ClipPage | None, topic: TopicPage | None) -> set[int]:
    """Who answers with authority: the clip's presenter and contributor, the topic's experts."""
    ids = set()
    if clip is not None:
        ids |= {clip.presenter_id, clip.owner_id if clip.origin == "community" else None}
    if topic is not None:
        ids |= set(TopicExpert.objects.filter(topic=topic).values_list("user_id", flat=True))
    return ids - {None}


def _check_body(*, author, body: str) -> str:
    text = text_clean(body)
    if not text:
        raise DiscussionError("Write something first.", field="body")
    if len(text) > MAX_LENGTH:
        raise DiscussionError(
            f"Keep it under {MAX_LENGTH} characters (this has {len(text)}).", field="body"
        )
    if has_link(text):
        needed = Level(limits().links_from_level)
        if level_rank(profile_get(author).level) < level_rank(needed):
            raise DiscussionError(
                f"Links are for {needed.label.lower()}s and above: rate a few more clips and "
                "you may add them. Write it without the link for now.",
                field="body",
            )
    return text


def _check_moment(clip: ClipPage | None, moment: float | None) -> float | None:
    if moment is None:
        return None
    if clip is None:
        raise DiscussionError("Only a comment on a clip can point at a moment.", field="moment")
    duration = clip.video.duration if clip.video_id else None
    if moment < 0 or (duration and moment > duration):
        length = f" (it lasts {moment_label(duration)})" if duration else ""
        raise DiscussionError(f"That moment is outside the clip{length}.", field="moment")
    return moment


def _check_may_see(user, *, clip, topic) -> None:
    visible = clip_visible(user, clip) if clip is not None else page_visible(user, topic)
    if not visible or (clip is not None and not clip.live):
        raise DiscussionError("This discussion is not open to you.")


def comment_post(
    *,
    author,
    body: str,
    clip: ClipPage | None = None,
    topic: TopicPage | None = None,
    question: bool = False,
    moment: float | None = None,
) -> Comment:
    """A new comment or question on a clip, or a question on a topic."""
    if clip is None and (topic is None or not question):
        raise DiscussionError("A topic takes questions; comments go on its clips.")
    topic = topic_of(clip) if clip is not None else topic
    _check_may_see(author, clip=clip, topic=topic)
    text = _check_body(author=author, body=body)
    moment = _check_moment(clip, moment)
    with transaction.atomic():
        comment = Comment.objects.create(
            clip=clip,
            topic=topic,
            author=author,
            body=text,
            moment=moment,
            kind=CommentKind.QUESTION if question else CommentKind.COMMENT,
        )
        kind = EventKind.QUESTION if question else EventKind.COMMENT
        event_record(kind=kind, actor=author, clip=clip, topic=topic)
        if question:
            where = f"“{clip.title}”" if clip else f"the topic {topic.title}"
            notify(
                recipients=knowers(clip=clip, topic=topic),
                kind=Kind.QUESTION,
                text=f"{_name(author)} asked a question on {where}: {_excerpt(text)}",
                url=comment_url(comment),
                actor=author,
                clip=clip,
                topic=topic,
            )
        _changed(comment)
    return comment


def _excerpt(text: str, length: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _thread_parent(parent: Comment) -> Comment:
    parent = parent.parent or parent  # one level of replies: a reply to a reply joins the thread
    if parent.is_gone:
        raise DiscussionError("That comment was removed; it takes no more replies.")
    return parent


def reply_post(
    *, author, parent: Comment, body: str, answer_clip: ClipPage | None = None
) -> Comment:
    """A reply in a thread; on a question, a reply by someone who knows is a marked answer."""
    replied_to = parent
    parent = _thread_parent(parent)
    _check_may_see(author, clip=parent.clip, topic=parent.topic)
    text = _check_body(author=author, body=body) if body.strip() or not answer_clip else ""
    is_answer = parent.is_question and author.pk in knowers(clip=parent.clip, topic=parent.topic)
    with transaction.atomic():
        reply = Comment.objects.create(
            clip=parent.clip,
            topic=parent.topic,
            parent=parent,
            author=author,
            body=text,
            is_answer=is_answer,
            answer_clip=answer_clip,
            answer_linked_at=timezone.now() if answer_clip and answer_clip.live else None,
        )
        pending = answer_clip is not None and not answer_clip.live
        if parent.is_question:
            event_record(
                kind=EventKind.ANSWER,
                actor=author,
                target_user=parent.author,
                clip=parent.clip,
                topic=parent.topic,
            )
            if is_answer and not pending and parent.answered_at is None:
                Comment.objects.filter(pk=parent.pk).update(answered_at=timezone.now())
            if not pending:
                _tell_asker(reply, parent)
        else:
            event_record(
                kind=EventKind.REPLY,
                actor=author,
                target_user=parent.author,
                clip=parent.clip,
                topic=parent.topic,
            )
        if not parent.is_question or replied_to.pk != parent.pk:
            notify(
                recipients={replied_to.author_id}
                - {parent.author_id if parent.is_question else None},
                kind=Kind.REPLY,
                text=f"{_name(author)} replied to your comment: {_excerpt(text or 'a clip')}",
                url=comment_url(reply),
                actor=author,
                clip=parent.clip,
                topic=parent.topic,
            )
        _changed(reply)
    return reply


def _tell_asker(answer: Comment, question: Comment) -> None:
    what = (
        f"the clip “{answer.answer_clip.title}”" if answer.answer_clip_id else _excerpt(answer.body)
    )
    marked = " (someone who knows)" if answer.is_answer else ""
    notify(
        recipients=[question.author_id],
        kind=Kind.ANSWER,
        text=f"{_name(answer.author)}{marked} answered your question with {what}",
        url=comment_url(answer),
        actor=answer.author,
        clip=question.clip,
        topic=question.topic,
    )


def answer_clip_published(*, clip: ClipPage) -> int:
    """A clip given as an answer is published: its answers appear and the askers are told."""
    answers = list(
        Comment.objects.filter(
            answer_clip=clip, answer_linked_at__isnull=True, removed_at__isnull=True
        ).select_related("parent", "parent__clip", "parent__topic", "author", "answer_clip")
    )
    with transaction.atomic():
        for answer in answers:
            Comment.objects.filter(pk=answer.pk).update(answer_linked_at=timezone.now())
            question = answer.parent
            if answer.is_answer and question.answered_at is None:
                Comment.objects.filter(pk=question.pk).update(answered_at=timezone.now())
            _tell_asker(answer, question)
            _changed(answer)
    return len(answers)


def may_edit(user, comment: Comment, *, now=None) -> bool:
    if not user.is_authenticated or comment.author_id != user.pk or comment.is_gone:
        return False
    window = timedelta(minutes=limits().edit_minutes)
    return (now or timezone.now()) <= comment.created_at + window


def _check_author(user, comment: Comment, doing: str) -> None:
    if comment.author_id != user.pk:
        raise DiscussionError(f"Only its author can {doing} a comment.")


def _check_editor(user, message: str) -> None:
    if not is_editor(user):
        raise DiscussionError(message)


def comment_edit(*, user, comment: Comment, body: str) -> Comment:
    _check_author(user, comment, "edit")
    if not may_edit(user, comment):
        raise DiscussionError(
            f"Comments can be edited for {limits().edit_minutes} minutes after posting."
        )
    text = _check_body(author=user, body=body)
    with transaction.atomic():
        comment.body = text
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        _changed(comment)
    return comment


def comment_remove(*, user, comment: Comment) -> Comment:
    """The author takes their comment back; the thread keeps a "comment removed" in its place."""
    _check_author(user, comment, "delete")
    with transaction.atomic():
        comment.removed_at = timezone.now()
        comment.body = ""
        comment.save(update_fields=["removed_at", "body"])
        _changed(comment)
    return comment


def comment_hide(*, editor, comment: Comment, hidden: bool = True) -> Comment:
    """Editors hide (or show again) any comment."""
    _check_editor(editor, "Only editors can hide comments.")
    with transaction.atomic():
        comment.hidden_at = timezone.now() if hidden else None
        comment.hidden_by = editor if hidden else None
        comment.save(update_fields=["hidden_at", "hidden_by"])
        _changed(comment)
    return comment


def answer_accept(*, user, answer: Comment) -> Comment:
    """The asker accepts one reply as the answer (accepting another moves the mark)."""
    question = answer.parent
    if question is None or not question.is_question:
        raise DiscussionError("Only a reply to a question can be accepted.")
    if question.author_id != user.pk:
        raise DiscussionError("Only the person who asked can accept an answer.")
    if answer.is_gone:
        raise DiscussionError("That answer was removed.")
    now = timezone.now()
    with transaction.atomic():
        Comment.objects.filter(parent=question).exclude(pk=answer.pk).update(accepted_at=None)
        answer.accepted_at = now
        answer.save(update_fields=["accepted_at"])
        Comment.objects.filter(pk=question.pk, answered_at__isnull=True).update(answered_at=now)
        event_record(
            kind=EventKind.ANSWER_ACCEPTED,
            actor=user,
            target_user=answer.author,
            clip=question.clip,
            topic=question.topic,
        )
        _changed(answer)
    return answer


def question_vote(*, user, question: Comment, wanted: bool = True) -> int:
    """Say you want this question answered too (or take it back); returns the vote count."""
    if not question.is_question or question.is_gone:
        raise DiscussionError("Only open questions take votes.")
    _check_may_see(user, clip=question.clip, topic=question.topic)
    with transaction.atomic():
        if wanted:
            _, created = QuestionVote.objects.get_or_create(question=question, user=user)
            if created:
                Comment.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + 1)
                event_record(
                    kind=EventKind.CLIP_WANTED_VOTE,
                    actor=user,
                    target_user=question.author,
                    clip=question.clip,
                    topic=question.topic,
                )
        else:
            deleted, _ = QuestionVote.objects.filter(question=question, user=user).delete()
            if deleted:
                Comment.objects.filter(pk=question.pk).update(vote_count=F("vote_count") - 1)
        question.refresh_from_db(fields=["vote_count"])
        _changed(question)
    return question.vote_count


def answer_with_clip(*, user, question: Comment, clip: ClipPage, body: str = "") -> Comment:
    """Answer by pointing at a clip: a published one, or your own one still in moderation
    (the answer then appears when that clip is published)."""
    if not question.is_question:
        raise DiscussionError("Only a question can be answered with a clip.")
    if not (clip_visible(user, clip) if clip.live else clip.owner_id == user.pk):
        raise DiscussionError("Choose a published clip, or one of your own submissions.")
    return reply_post(author=user, parent=question, body=body, answer_clip=clip)


# Flags ------------------------------------------------------------------------------------


def _is_trusted(user) -> bool:
    return is_editor(user) or profile_get(user).level in TRUSTED_LEVELS


def flag_create(
    *,
    flagger,
    reason: str,
    text: str = "",
    comment: Comment | None = None,
    clip: ClipPage | None = None,
) -> Flag:
    """Report a clip or a comment. Enough trusted flags hide it until an editor decides."""
    if (comment is None) == (clip is None):
        raise DiscussionError("Flag one clip or one comment.")
    reason = FlagReason(reason)
    text = text_clean(text)[:500]
    if reason == FlagReason.OTHER and not text:
        raise DiscussionError("Say what is wrong when you choose “other”.", field="text")
    item = {"comment": comment} if comment is not None else {"clip": clip}
    target_clip = clip or comment.clip
    if target_clip is not None and not clip_visible(flagger, target_clip):
        raise DiscussionError("There is nothing to flag here.")
    with transaction.atomic():
        existing = Flag.objects.filter(flagger=flagger, decision__isnull=True, **item).first()
        if existing is not None:
            return existing
        flag = Flag.objects.create(
            flagger=flagger, reason=reason, text=text, flagger_trusted=_is_trusted(flagger), **item
        )
        event_record(
            kind=EventKind.FLAG,
            actor=flagger,
            target_user=comment.author if comment else clip.owner,
            clip=target_clip,
            topic=comment.topic if comment else None,
        )
        trusted = Flag.objects.filter(decision__isnull=True, flagger_trusted=True, **item)
        if flag.flagger_trusted and trusted.count() >= limits().trusted_flags_to_hide:
            _auto_hide(comment=comment, clip=clip)
    return flag


def pending_auto_hide(*, comment=None, clip=None) -> FlagDecision | None:
    """The "hidden pending review" an editor has not settled yet: the item's latest decision."""
    latest = FlagDecision.objects.filter(comment=comment, clip=clip).first()
    return latest if latest is not None and latest.action == FlagAction.AUTO_HIDE else None


def _auto_hide(*, comment: Comment | None, clip: ClipPage | None) -> None:
    if pending_auto_hide(comment=comment, clip=clip) is not None:
        return
    FlagDecision.objects.create(
        comment=comment,
        clip=clip,
        action=FlagAction.AUTO_HIDE,
        note="Hidden pending review: trusted contributors flagged it.",
    )
    if comment is not None:
        comment.hidden_at = timezone.now()
        comment.save(update_fields=["hidden_at"])
        _changed(comment)
    elif clip.live:
        clip.unpublish(log_action=True)


@dataclass
class Decided:
    decision: FlagDecision
    flags: int


def flag_decide(
    *,
    editor,
    action: str,
    note: str = "",
    comment: Comment | None = None,
    clip: ClipPage | None = None,
) -> Decided:
    """An editor settles every open flag on one item: dismiss (and restore what flags hid),
    hide the comment, or unpublish the clip. The decision is recorded with the flags."""
    _check_editor(editor, "Only editors decide on flags.")
    action = FlagAction(action)
    if action == FlagAction.HIDE and comment is None:
        raise DiscussionError("Only a comment can be hidden; unpublish a clip instead.")
    if action == FlagAction.UNPUBLISH and clip is None:
        raise DiscussionError("Only a clip can be unpublished; hide a comment instead.")
    if action == FlagAction.AUTO_HIDE:
        raise DiscussionError("Choose dismiss, hide or unpublish.")
    item = {"comment": comment} if comment is not None else {"clip": clip}
    with transaction.atomic():
        held = pending_auto_hide(**item)
        decision = FlagDecision.objects.create(
            action=action, decided_by=editor, note=note[:500], **item
        )
        count = Flag.objects.filter(decision__isnull=True, **item).update(decision=decision)
        if action == FlagAction.DISMISS and held is not None:
            _restore(comment=comment, clip=clip)
        elif action == FlagAction.HIDE:
            comment.hidden_at = comment.hidden_at or timezone.now()
            comment.hidden_by = editor
            comment.save(update_fields=["hidden_at", "hidden_by"])
            _changed(comment)
        elif action == FlagAction.UNPUBLISH and clip.live:
            clip.unpublish(user=editor, log_action=True)
    return Decided(decision=decision, flags=count)


def _restore(*, comment, clip) -> None:
    """Undo what trusted flags hid (an editor's own hiding stays)."""
    if comment is not None and comment.hidden_by_id is None:
        comment.hidden_at = None
        comment.save(update_fields=["hidden_at"])
        _changed(comment)
    elif clip is not None and not clip.live:
        revision = clip.get_latest_revision()
        if revision is not None:
            revision.publish(log_action=True)
