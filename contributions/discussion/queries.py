"""Reads of the discussion, each in a fixed number of queries however long the thread.

What pages show for everyone (clip and topic pages, profiles, /contribute/) is read as an
anonymous visitor would see it, so the HTML stays the same for everybody and can be cached.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q

from clips.queries import attach_topics
from contributions.visibility import exclude_blocked

from .models import Comment, CommentKind, DiscussionSettings, Flag, TopicExpert

THREADS_PER_PAGE = 30
FILTERS = {"all": "Everything", "open": "Open questions", "answered": "Answered questions"}


def _people(qs, prefix: str = ""):
    return qs.select_related(f"{prefix}author", f"{prefix}author__profile")


def _with_replies(qs):
    # A reply's linked clip shows once it is published and only if anyone may see it.
    shown = exclude_blocked(Comment.objects.shown(), None, "answer_clip")
    replies = _people(shown).select_related("answer_clip")
    return (
        _people(qs)
        .select_related("answer_clip")
        .prefetch_related(Prefetch("replies", queryset=replies.order_by("created_at", "pk")))
    )


def filtered(qs, which: str):
    if which == "open":
        return qs.filter(kind=CommentKind.QUESTION, answered_at__isnull=True)
    if which == "answered":
        return qs.filter(kind=CommentKind.QUESTION, answered_at__isnull=False)
    return qs


def clip_threads(clip, which: str = "all"):
    """The clip's threads (newest first) with their replies, ready to paginate: two queries
    for any number of threads shown (threads, then all their replies)."""
    qs = Comment.objects.threads().filter(clip=clip)
    return _with_replies(filtered(qs, which)).order_by("-created_at", "-pk")


def clip_counts(clip) -> dict[str, int]:
    """{"all": threads, "open": n, "answered": n} for the clip's filters, in one query."""
    shown = Q(removed_at__isnull=True, hidden_at__isnull=True, kind=CommentKind.QUESTION)
    return (
        Comment.objects.threads()
        .filter(clip=clip)
        .aggregate(
            all=Count("pk"),
            open=Count("pk", filter=shown & Q(answered_at__isnull=True)),
            answered=Count("pk", filter=shown & Q(answered_at__isnull=False)),
        )
    )


def topic_questions(topic, which: str = "open", viewer=None):
    """Questions asked on the topic or on its clips, as ``viewer`` (anonymous) may see them."""
    qs = Comment.objects.questions().filter(
        topic=topic, removed_at__isnull=True, hidden_at__isnull=True
    )
    qs = qs.filter(Q(clip__isnull=True) | Q(clip__live=True))
    qs = exclude_blocked(filtered(qs, which), viewer or AnonymousUser(), "clip", "topic")
    return _people(qs).select_related("clip").order_by("-vote_count", "-created_at")


def topic_experts(topic) -> list[TopicExpert]:
    return list(
        TopicExpert.objects.filter(topic=topic, user__is_active=True).select_related(
            "user", "user__profile"
        )
    )


def answers_by(user, viewer=None, limit: int = 20) -> list[Comment]:
    """The questions a person answered (their marked or accepted answers), newest first."""
    qs = (
        Comment.objects.shown()
        .filter(author=user, parent__kind=CommentKind.QUESTION)
        .filter(Q(is_answer=True) | Q(accepted_at__isnull=False))
        .filter(removed_at__isnull=True, hidden_at__isnull=True)
        .filter(parent__removed_at__isnull=True, parent__hidden_at__isnull=True)
        .filter(Q(parent__clip__isnull=True) | Q(parent__clip__live=True))
    )
    qs = exclude_blocked(qs, viewer or AnonymousUser(), "parent__clip", "parent__topic")
    return list(
        qs.select_related("parent", "parent__clip", "parent__topic").order_by("-created_at")[:limit]
    )


def clips_wanted(viewer=None, limit: int = 20) -> list[Comment]:
    """Open questions enough people upvoted: requests for a clip, most wanted first."""
    threshold = DiscussionSettings.current().votes_for_clip_wanted
    qs = Comment.objects.questions().filter(
        answered_at__isnull=True,
        removed_at__isnull=True,
        hidden_at__isnull=True,
        vote_count__gte=max(threshold, 1),
    )
    qs = qs.filter(Q(clip__isnull=True) | Q(clip__live=True))
    qs = exclude_blocked(qs, viewer or AnonymousUser(), "clip", "topic")
    wanted = list(
        _people(qs).select_related("clip", "topic").order_by("-vote_count", "-created_at")[:limit]
    )
    attach_topics([c.clip for c in wanted if c.clip is not None])
    return wanted


def open_questions(limit: int = 20) -> list[Comment]:
    """Questions nobody has answered, oldest first, on live clips or on topics (public only)."""
    qs = Comment.objects.questions().filter(
        answered_at__isnull=True, removed_at__isnull=True, hidden_at__isnull=True
    )
    qs = qs.filter(Q(clip__isnull=True) | Q(clip__live=True))
    qs = exclude_blocked(qs, AnonymousUser(), "clip", "topic")
    return list(qs.select_related("clip", "topic").order_by("created_at")[:limit])


def thread(comment_id: int):
    """One thread (the top comment and its replies) by any comment id in it, or None."""
    comment = Comment.objects.filter(pk=comment_id).only("parent_id").first()
    if comment is None:
        return None
    top_id = comment.parent_id or comment.pk
    return _with_replies(Comment.objects.filter(pk=top_id)).select_related("clip", "topic").first()


def open_flags():
    """Flagged items waiting for an editor: one row per item with its reasons and flaggers."""
    return (
        Flag.objects.filter(decision__isnull=True)
        .select_related("flagger", "comment", "comment__author", "comment__clip", "clip")
        .order_by("created_at", "pk")
    )
