"""What ``/me/`` answers: everything personal that a public page shows, assembled here only.

Public pages render the same bytes for everyone so that they can be cached whole; after load
one script asks ``/me/`` (with ``?clip=<id>`` or ``?topic=<id>`` for the page's own parts) and
fills in the account menu, the CSRF token, your rating, your place in the clip, whether you
follow the topic and your ladder step.

To add something (a notification count, …): write a function of the user that returns what
to show and add it to ``ACCOUNT_PARTS`` (on every page) or ``PAGE_PARTS`` (asked for by a
page with ``?<name>=<id>``). Nothing else needs to change.
"""

from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import reverse

from clips.authorship import made_by_q
from clips.models import ClipPage
from hub.people import person_name

from .activity.ratings import rating_of
from .activity.services import is_following, progress_of
from .people.ladder import can_contribute, ladder_progress, thresholds
from .people.models import Level
from .people.queries import ladder_summary
from .people.services import profile_get


def ladder_part(user) -> dict:
    """Your level and next step on the ladder (also sent back after each rating)."""
    profile = profile_get(user)
    ladder = thresholds()
    return {
        "level": profile.level,
        "level_label": Level(profile.level).label,
        "ratings_count": profile.ratings_count,
        "can_contribute": can_contribute(profile.level),
        "message": ladder_summary(profile, settings=ladder),
        "progress": ladder_progress(profile, ladder),
    }


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
