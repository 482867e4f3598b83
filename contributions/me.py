"""What ``/me/`` answers: everything personal that a public page shows, assembled here only.

Public pages render the same bytes for everyone so that they can be cached whole; after load
one script asks ``/me/`` (with ``?clip=<id>`` or ``?topic=<id>`` for the page's own parts) and
fills in the account menu, the CSRF token, your rating, your place in the clip, whether you
follow the topic and your ladder step.

To add something (a notification count, …): write a function of the user that returns what
to show and add it to ``ACCOUNT_PARTS`` (on every page) or ``PAGE_PARTS`` (asked for by a
page with ``?<name>=<id>``). Nothing else needs to change.

The views here answer ``/me/`` (JSON for scripts, the learning page for people) and its
parts; they draw on every concern, so they sit above them, never inside one.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clips.authorship import made_by_q
from clips.models import ClipPage
from hub.people import person_name

from .activity.queries import (
    continue_watching,
    followed_feed,
    followed_topics,
    is_following,
    progress_of,
    rating_of,
)
from .people.ladder import ladder_progress, thresholds
from .people.queries import followed_people, ladder_part, people_feed
from .people.services import profile_get
from .throttle import wants_json


def account_part(user) -> dict:
    """Who you are and where your account links go, for the header's account menu."""
    return {
        "username": user.get_username(),
        "name": person_name(user),  # the header names you as the rest of the site does
        "links": {
            "account": reverse("contribute:dashboard"),
            "learning": reverse("learning:me"),
            "profile": reverse("learning:profile", args=[user.get_username()]),
            "logout": reverse("account_logout"),
        },
    }


def clip_part(user, clip_id: int) -> dict:
    """Your rating of the clip, where you stopped watching it, and whether you made it."""
    saved = progress_of(user=user, clip_id=clip_id)
    return {
        "made_by_you": ClipPage.objects.filter(made_by_q(user), pk=clip_id).exists(),
        "score": rating_of(user=user, clip_id=clip_id),
        "position": saved.position if saved else 0,
        "completed": saved.completed if saved else False,
    }


def topic_part(user, topic_id: int) -> dict:
    return {"following": is_following(user=user, topic_id=topic_id)}


ACCOUNT_PARTS = {"account": account_part, "ladder": ladder_part}
PAGE_PARTS = {"clip": clip_part, "topic": topic_part}


def me_payload(request) -> dict:
    """The JSON of ``/me/``; ``csrf_token`` also sets the cookie that cached forms rely on."""
    user = request.user
    data = {"authenticated": user.is_authenticated, "csrf_token": get_token(request)}
    if not user.is_authenticated:
        data["login_url"] = settings.LOGIN_URL
        return data
    for name, part in ACCOUNT_PARTS.items():
        data[name] = part(user)
    for name, part in PAGE_PARTS.items():
        value = request.GET.get(name, "")
        if value.isdigit():
            data[name] = part(user, int(value))
    return data


def _private_json(data: dict) -> JsonResponse:
    response = JsonResponse(data)
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_GET
def me_clip(request, clip_id: int):
    """The clip part of ``/me/`` alone (``/me/?clip=<id>`` sends it with the rest)."""
    if not request.user.is_authenticated:
        return _private_json({"authenticated": False})
    return _private_json(
        {
            "authenticated": True,
            **clip_part(request.user, clip_id),
            "ladder": ladder_part(request.user),
        }
    )


@never_cache
@require_GET
def me_topic(request, topic_id: int):
    """The topic part of ``/me/`` alone (``/me/?topic=<id>`` sends it with the rest)."""
    if not request.user.is_authenticated:
        return _private_json({"authenticated": False, "following": False})
    return _private_json({"authenticated": True, **topic_part(request.user, topic_id)})


def _personal_context(request) -> dict:
    user = request.user
    topics = followed_topics(user=user, viewer=request)
    people = followed_people(user=user)
    profile = profile_get(user)
    return {
        "ladder_profile": profile,
        "ladder_progress": ladder_progress(profile, thresholds()),
        "continue_watching": continue_watching(user=user, viewer=request),
        "followed_topics": topics,
        "followed_clips": followed_feed(topics=topics, viewer=request),
        "followed_people": people,
        "people_clips": people_feed(people=people, viewer=request),
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
@require_GET
def me(request):
    """JSON for scripts (see ``contributions.me``); for people, their learning as a page."""
    if wants_json(request):
        response = _private_json(me_payload(request))
        response["Vary"] = "Accept, Cookie"
        return response
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    response = render(request, "contributions/my_learning.html", _personal_context(request))
    response["Vary"] = "Accept, Cookie"
    return response
