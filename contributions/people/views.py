"""People: a profile page per person, and the form to edit your own."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.people import person_name

from . import services
from .forms import ProfileForm
from .ladder import ladder_progress, thresholds
from .models import EventKind, Level
from .queries import clip_count_by, clips_by, is_following_person, ladder_summary
from .services import event_record, profile_get, profile_update


@require_GET
def profile(request, username: str):
    """Who someone is, their level, the clips they made and how much they have rated."""
    person = get_object_or_404(get_user_model(), username=username, is_active=True)
    person_profile = profile_get(person)
    own = request.user.is_authenticated and request.user.pk == person.pk
    if request.user.is_authenticated and not own:
        # One insert: the dashboard counts visits between people as part of the social strand.
        event_record(kind=EventKind.PROFILE_VISIT, actor=request.user, target_user=person)
    ladder = thresholds()
    return render(
        request,
        "contributions/people/profile.html",
        {
            "person": person,
            "profile": person_profile,
            "name": person_name(person),
            "level_label": Level(person_profile.level).label,
            "clips": clips_by(user=person, viewer=request),
            "clip_count": clip_count_by(user=person, viewer=request),
            "ladder": ladder_summary(person_profile, own=own, settings=ladder),
            "own": own,
            "following": is_following_person(user=request.user, person=person),
            "progress": ladder_progress(person_profile, ladder),
        },
    )


@login_required
@require_POST
def person_follow(request, username: str):
    """Follow (``action=follow``) or stop following (``action=unfollow``) a person."""
    person = get_object_or_404(get_user_model(), username=username, is_active=True)
    back_to = reverse("learning:profile", args=[person.username])
    name = person_name(person)
    if person.pk == request.user.pk:
        messages.error(request, "You cannot follow yourself.")
    elif request.POST.get("action", "follow") == "unfollow":
        services.person_unfollow(user=request.user, person=person)
        messages.success(request, f"You no longer follow {name}.")
    else:
        services.person_follow(user=request.user, person=person)
        messages.success(request, f"You follow {name}: their new clips appear on your home page.")
    return redirect(back_to)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    """Edit your own display name and bio (nobody else's: there is no username here)."""
    current = profile_get(request.user)
    form = ProfileForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        profile_update(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            bio=form.cleaned_data["bio"],
        )
        messages.success(request, "Your profile is saved.")
        return redirect(reverse("learning:profile", args=[request.user.username]))
    return render(request, "contributions/people/profile_edit.html", {"form": form})
