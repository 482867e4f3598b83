"""What a learner does on a clip or topic page: rate, play, save progress, follow.

Clip and topic pages render the same HTML for everyone; what is personal (your rating, your
progress, your ladder step, whether you follow a topic) comes from ``/me/`` (``contributions.me``),
fetched by script after the page loads. Every action is also a plain form POST that
redirects back, so nothing depends on JavaScript.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from clips import access, caching
from clips.models import ClipPage, TopicPage
from clips.templatetags.clip_tags import stars
from hub.client_ip import client_ip
from hub.http import wants_json

from ..people.models import Level
from ..people.queries import ladder_part
from ..throttle import throttle
from .forms import ProgressForm, RatingForm
from .queries import is_following, rating_of
from .ratings import OwnClipError, rating_remove, rating_set
from .services import (
    is_bot,
    progress_save,
    topic_follow,
    topic_unfollow,
    view_record,
    viewer_key,
)


def _live_clip(request, clip_id: int) -> ClipPage:
    """A live clip this viewer may see (clips.access), or 404."""
    clips = access.listed_pages(request, ClipPage.objects.select_related("video"))
    return get_object_or_404(clips, pk=clip_id)


def _live_topic(request, topic_id: int) -> TopicPage:
    return get_object_or_404(access.listed_pages(request, TopicPage.objects.all()), pk=topic_id)


def rating_summary(average, count: int) -> str:
    """The clip page's summary line, the same words the template uses."""
    text = stars(average)
    if count:
        text += f" from {count} rating{'' if count == 1 else 's'}"
    return text


def _sign_in_first(request, back_to: str, message: str):
    if wants_json(request):
        login_url = f"{settings.LOGIN_URL}?{urlencode({'next': back_to})}"
        return JsonResponse({"error": message, "login_url": login_url}, status=401)
    return redirect_to_login(back_to, settings.LOGIN_URL)


def _invalid(request, form, back_to: str):
    """400 naming what is wrong; as JSON for scripts, as a short page for people."""
    errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
    if wants_json(request):
        return JsonResponse({"error": " ".join(errors), "errors": form.errors}, status=400)
    return render(
        request,
        "contributions/invalid_request.html",
        {"errors": errors, "back_to": back_to},
        status=400,
    )


PROMOTION_MESSAGE = "You have rated enough clips to share your own: you are a contributor now!"


def _promotion(result) -> dict | None:
    """What the rating that made someone a contributor shows them, with the way onwards."""
    if result.promoted_to != Level.CONTRIBUTOR:
        return None
    return {
        "message": PROMOTION_MESSAGE,
        "url": reverse("contribute:new"),
        "label": "Share your first clip",
    }


def _rating_payload(request, result) -> dict:
    return {
        "score": result.score,
        "rating_average": result.rating_average,
        "rating_count": result.rating_count,
        "summary": rating_summary(result.rating_average, result.rating_count),
        "ladder": ladder_part(request.user, profile=result.profile, ladder=result.ladder),
        "promoted": bool(result.promoted_to),
        "promotion": _promotion(result),
    }


# Rating --------------------------------------------------------------------------------


def _rate_page(request, clip, *, score=None, confirm=False):
    """The rating form on a small page of its own with its token, for browsers without script.

    ``confirm``: a POST from the cached clip page arrived without a token (see hub.csrf), so
    it was refused (403) and the person sees their choice again, ready to save.
    """
    if score is None and request.user.is_authenticated:
        score = rating_of(user=request.user, clip_id=clip.pk)
    response = render(
        request,
        "contributions/rate.html",
        {
            "clip": clip,
            "score": str(score) if score else "",
            "has_rating": request.user.is_authenticated
            and rating_of(user=request.user, clip_id=clip.pk) is not None,
            "confirm": confirm,
        },
        status=403 if confirm else 200,
    )
    add_never_cache_headers(response)
    return response


def _rate_confirm(request, clip_id: int):
    clip = _live_clip(request, clip_id)
    score = request.POST.get("score", "")
    return _rate_page(request, clip, score=score if score in "12345" else "", confirm=True)


@require_http_methods(["GET", "POST"])
@throttle("rate")
def rate(request, clip_id: int):
    """The contract's rating form: ``score`` 1–5; redirect back, or JSON when asked.

    GET shows the form on a page of its own (with its CSRF token) for browsers without script.
    """
    clip = _live_clip(request, clip_id)
    if request.method == "GET":
        if not request.user.is_authenticated:
            return _sign_in_first(request, request.path, "Sign in to rate this clip.")
        return _rate_page(request, clip)
    form = RatingForm(request.POST)
    if not request.user.is_authenticated:
        # Back on the clip after signing in, with the chosen score preselected (never saved
        # by a link: the person presses "Save rating" once signed in).
        score = form.cleaned_data["score"] if form.is_valid() else None
        back_to = f"{clip.url}?{urlencode({'rate': score})}" if score else clip.url
        return _sign_in_first(request, back_to, "Sign in to rate this clip.")
    if not form.is_valid():
        return _invalid(request, form, clip.url)
    try:
        result = rating_set(user=request.user, clip=clip, score=form.cleaned_data["score"])
    except OwnClipError as refused:
        if wants_json(request):
            return JsonResponse({"error": str(refused)}, status=403)
        messages.error(request, str(refused))
        return redirect(clip.url)
    caching.purge_own_copies(clip)
    if wants_json(request):
        return JsonResponse(_rating_payload(request, result))
    messages.success(request, f"You rated “{clip.title}” {result.score} out of 5.")
    if _promotion(result):
        # Without script the promotion lands where the next step is: /contribute/.
        messages.success(request, PROMOTION_MESSAGE)
        return redirect("contribute:dashboard")
    return redirect(clip.url)


rate.csrf_confirm = _rate_confirm


@require_POST
@throttle("rate")
def rate_remove(request, clip_id: int):
    clip = _live_clip(request, clip_id)
    if not request.user.is_authenticated:
        return _sign_in_first(request, clip.url, "Sign in to change your rating.")
    result = rating_remove(user=request.user, clip=clip)
    if wants_json(request):
        return JsonResponse(_rating_payload(request, result))
    if result.removed:
        messages.success(request, f"Your rating of “{clip.title}” is removed.")
    return redirect(clip.url)


rate_remove.csrf_confirm = _rate_confirm


# Views and progress --------------------------------------------------------------------


@require_POST
@throttle("view")
def view_beacon(request, clip_id: int):
    """Sent by the player when playback starts; counts once per viewer per window."""
    clip = _live_clip(request, clip_id)
    user_agent = request.headers.get("User-Agent", "")
    counted = False
    if not is_bot(user_agent):
        key = viewer_key(
            user_id=request.user.pk if request.user.is_authenticated else None,
            session_key=request.session.session_key,
            ip=client_ip(request),
            user_agent=user_agent,
        )
        counted = view_record(clip=clip, viewer=key, user=request.user)
    if wants_json(request):
        return JsonResponse({"counted": counted})
    return HttpResponse(status=204)


@require_POST
@throttle("progress")
def progress(request, clip_id: int):
    """Where the signed-in viewer is in the clip (sent while playing, on pause and leave)."""
    clip = _live_clip(request, clip_id)
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in to keep your place in clips."}, status=401)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form, clip.url)
    saved = progress_save(
        user=request.user,
        clip=clip,
        position=form.cleaned_data["position"],
        duration=form.cleaned_data.get("duration"),
    )
    return JsonResponse({"position": saved.position, "completed": saved.completed})


# Following -----------------------------------------------------------------------------


def _follow_page(request, topic, *, action=None, confirm=False):
    """The follow form on a small page with its token, for browsers without script."""
    following = is_following(user=request.user, topic_id=topic.pk)
    if action not in {"follow", "unfollow"}:
        action = "unfollow" if following else "follow"
    response = render(
        request,
        "contributions/follow.html",
        {"topic": topic, "following": following, "action": action, "confirm": confirm},
        status=403 if confirm else 200,
    )
    add_never_cache_headers(response)
    return response


def _follow_confirm(request, topic_id: int):
    topic = _live_topic(request, topic_id)
    return _follow_page(request, topic, action=request.POST.get("action"), confirm=True)


@require_http_methods(["GET", "POST"])
def follow(request, topic_id: int):
    """Follow (``action=follow``) or stop following (``action=unfollow``) a topic.

    GET shows the form on a page of its own (with its CSRF token) for browsers without script.
    """
    topic = _live_topic(request, topic_id)
    if not request.user.is_authenticated:
        back_to = request.path if request.method == "GET" else topic.url
        return _sign_in_first(request, back_to, "Sign in to follow topics.")
    if request.method == "GET":
        return _follow_page(request, topic)
    action = request.POST.get("action", "follow")
    if action not in {"follow", "unfollow"}:
        message = "Choose to follow or unfollow the topic."
        if wants_json(request):
            return JsonResponse({"error": message}, status=400)
        return render(
            request,
            "contributions/invalid_request.html",
            {"errors": [message], "back_to": topic.url},
            status=400,
        )
    if action == "follow":
        topic_follow(user=request.user, topic=topic)
        message = f"You follow “{topic.title}”: its new clips appear on your home page."
    else:
        topic_unfollow(user=request.user, topic=topic)
        message = f"You no longer follow “{topic.title}”."
    if wants_json(request):
        return JsonResponse({"following": action == "follow", "message": message})
    messages.success(request, message)
    return redirect(topic.url)


follow.csrf_confirm = _follow_confirm


# The personal parts of public pages -------------------------------------------------------
