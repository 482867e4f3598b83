"""What a learner does on a clip or topic page: rate, play, save progress, follow.

Clip and topic pages render the same HTML for everyone; what is personal (your rating, your
progress, your ladder step, whether you follow a topic) comes from the small JSON endpoints
here, fetched by script after the page loads. Every action is also a plain form POST that
redirects back, so nothing depends on JavaScript.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from clips import access
from clips.models import ClipPage, TopicPage
from clips.templatetags.clip_tags import stars
from hub.client_ip import client_ip

from .. import services
from ..forms import ProgressForm, RatingForm
from ..ladder import can_contribute, ladder_progress, thresholds
from ..models import Level
from ..services.activity import (
    continue_watching,
    followed_feed,
    followed_topics,
    is_bot,
    is_following,
    progress_of,
    viewer_key,
)
from ..services.people import ladder_summary
from ..services.ratings import OwnClipError, rating_of
from ..throttle import throttle, wants_json


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


def _ladder(user) -> dict:
    profile = services.profile_get(user)
    ladder = thresholds()
    return {
        "level": profile.level,
        "level_label": Level(profile.level).label,
        "ratings_count": profile.ratings_count,
        "can_contribute": can_contribute(profile.level),
        "message": ladder_summary(profile, settings=ladder),
        "progress": ladder_progress(profile, ladder),
    }


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
        "ladder": _ladder(request.user),
        "promoted": bool(result.promoted_to),
        "promotion": _promotion(result),
    }


# Rating --------------------------------------------------------------------------------


@require_POST
@throttle("rate")
def rate(request, clip_id: int):
    """The contract's rating form: ``score`` 1–5; redirect back, or JSON when asked."""
    clip = _live_clip(request, clip_id)
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
        result = services.rating_set(user=request.user, clip=clip, score=form.cleaned_data["score"])
    except OwnClipError as refused:
        if wants_json(request):
            return JsonResponse({"error": str(refused)}, status=403)
        messages.error(request, str(refused))
        return redirect(clip.url)
    if wants_json(request):
        return JsonResponse(_rating_payload(request, result))
    messages.success(request, f"You rated “{clip.title}” {result.score} out of 5.")
    if _promotion(result):
        # Without script the promotion lands where the next step is: /contribute/.
        messages.success(request, PROMOTION_MESSAGE)
        return redirect("contribute:dashboard")
    return redirect(clip.url)


@require_POST
@throttle("rate")
def rate_remove(request, clip_id: int):
    clip = _live_clip(request, clip_id)
    if not request.user.is_authenticated:
        return _sign_in_first(request, clip.url, "Sign in to change your rating.")
    result = services.rating_remove(user=request.user, clip=clip)
    if wants_json(request):
        return JsonResponse(_rating_payload(request, result))
    if result.removed:
        messages.success(request, f"Your rating of “{clip.title}” is removed.")
    return redirect(clip.url)


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
        counted = services.view_record(clip=clip, viewer=key, user=request.user)
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
    saved = services.progress_save(
        user=request.user,
        clip=clip,
        position=form.cleaned_data["position"],
        duration=form.cleaned_data.get("duration"),
    )
    return JsonResponse({"position": saved.position, "completed": saved.completed})


# Following -----------------------------------------------------------------------------


@require_POST
def follow(request, topic_id: int):
    """Follow (``action=follow``) or stop following (``action=unfollow``) a topic."""
    topic = _live_topic(request, topic_id)
    if not request.user.is_authenticated:
        return _sign_in_first(request, topic.url, "Sign in to follow topics.")
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
        services.topic_follow(user=request.user, topic=topic)
        message = f"You follow “{topic.title}”: its new clips appear on your home page."
    else:
        services.topic_unfollow(user=request.user, topic=topic)
        message = f"You no longer follow “{topic.title}”."
    if wants_json(request):
        return JsonResponse({"following": action == "follow", "message": message})
    messages.success(request, message)
    return redirect(topic.url)


# The personal parts of public pages -------------------------------------------------------


def _private_json(data: dict) -> JsonResponse:
    response = JsonResponse(data)
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_GET
def me_clip(request, clip_id: int):
    """Your rating, your place in the clip and your ladder step, for the clip page's script."""
    if not request.user.is_authenticated:
        return _private_json({"authenticated": False})
    saved = progress_of(user=request.user, clip_id=clip_id)
    return _private_json(
        {
            "authenticated": True,
            "score": rating_of(user=request.user, clip_id=clip_id),
            "position": saved.position if saved else 0,
            "completed": saved.completed if saved else False,
            "ladder": _ladder(request.user),
        }
    )


@never_cache
@require_GET
def me_topic(request, topic_id: int):
    if not request.user.is_authenticated:
        return _private_json({"authenticated": False, "following": False})
    return _private_json(
        {"authenticated": True, "following": is_following(user=request.user, topic_id=topic_id)}
    )


def _personal_context(request) -> dict:
    user = request.user
    topics = followed_topics(user=user, viewer=request)
    profile = services.profile_get(user)
    return {
        "ladder_profile": profile,
        "ladder_progress": ladder_progress(profile, thresholds()),
        "continue_watching": continue_watching(user=user, viewer=request),
        "followed_topics": topics,
        "followed_clips": followed_feed(topics=topics, viewer=request),
    }


@never_cache
@require_GET
def me_home(request):
    """The home page's personal part as an HTML fragment (empty for anonymous visitors)."""
    if not request.user.is_authenticated:
        return HttpResponse("", content_type="text/html; charset=utf-8")
    return render(
        request,
        "contributions/includes/home_personal_fragment.html",
        _personal_context(request),
    )


@never_cache
@login_required
@require_GET
def me_page(request):
    """The same personal part as a page of its own, for browsers without script."""
    return render(request, "contributions/my_learning.html", _personal_context(request))
