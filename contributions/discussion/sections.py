"""The discussion's parts of other apps' pages (see hub/templatetags/hub_sections.py).

Clip and topic pages are the same for everyone, so these read as an anonymous visitor and
never look at who is asking; the personal parts come from /me/ and the thread pages. That
makes a clip's discussion and a topic's questions the same HTML for every viewer: each is
kept (clips.listing_cache.kept_render) until the discussion or the page changes, since every
change of either purges the page through clips.caching (receivers.py).
"""

from django.core.paginator import Paginator
from django.template.loader import render_to_string

from clips.listing_cache import kept_render, page_to_keep
from contributions.people.ladder import can_contribute
from contributions.people.services import profile_get
from contributions.visibility import clip_visible

from . import queries
from .models import MAX_LENGTH, Comment


def _kept(request, name: str, page, render) -> str:
    """The section kept per page of it (``clips.listing_cache.page_to_keep``: a page number
    ``get_page`` would turn into another is rendered afresh, not kept)."""
    page = page_to_keep(page)
    if page is None:
        return render()
    return kept_render(request, f"{name}:{page}", render)


def clip_page(request, clip) -> str:
    which = request.GET.get("discussion", "all") if request else "all"
    which = which if which in queries.FILTERS else "all"
    page = request.GET.get("discussion_page") if request else None
    return _kept(
        request,
        f"discussion:clip:{clip.pk}:{which}",
        page,
        lambda: _clip_page(request, clip, which),
    )


def _clip_page(request, clip, which: str) -> str:
    counts = queries.clip_counts(clip)
    # The filters' counts already hold the paginator's: no second COUNT query.
    paginator = Paginator(queries.clip_threads(clip, which), queries.THREADS_PER_PAGE)
    paginator.count = counts[which]
    return render_to_string(
        "discussion/includes/clip_discussion.html",
        {
            "clip": clip,
            "which": which,
            "filters": queries.FILTERS,
            "counts": counts,
            "page_obj": page_of(request, paginator),
            "max_length": MAX_LENGTH,
        },
        request=request,
    )


def page_of(request, paginator: Paginator):
    """The page ``?discussion_page=`` asks for; any value gives a page, never an error."""
    return paginator.get_page(request.GET.get("discussion_page") if request else None)


def topic_page(request, topic) -> str:
    which = "answered" if request and request.GET.get("questions") == "answered" else "open"
    return _kept(
        request,
        f"discussion:topic:{topic.pk}:{which}",
        None,
        lambda: _topic_page(request, topic, which),
    )


def _topic_page(request, topic, which: str) -> str:
    return render_to_string(
        "discussion/includes/topic_questions.html",
        {
            "topic": topic,
            "which": which,
            "questions": queries.topic_questions(topic, which)[: queries.THREADS_PER_PAGE],
            "experts": queries.topic_experts(topic),
            "max_length": MAX_LENGTH,
        },
        request=request,
    )


def profile_page(request, person) -> str:
    profile = profile_get(person)
    name = profile.display_name or person.get_full_name() or person.username
    viewer = request
    return render_to_string(
        "discussion/includes/profile_answers.html",
        {"answers": queries.answers_by(person, viewer=viewer), "name": name},
        request=request,
    )


def contribute_page(request, user) -> str:
    return render_to_string(
        "discussion/includes/clips_wanted.html",
        {
            "wanted": queries.clips_wanted(viewer=user),
            "may_contribute": can_contribute(profile_get(user).level),
        },
        request=request,
    )


def upload_notice(request) -> str:
    """On the upload form opened from a question: say which question the clip will answer."""
    raw = request.GET.get("answers", "") if request else ""
    question = Comment.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if question is None or not question.is_question:
        return ""
    if question.clip_id and not clip_visible(request.user, question.clip):
        return ""
    return render_to_string(
        "discussion/includes/upload_notice.html", {"question": question}, request=request
    )
