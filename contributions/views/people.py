"""People: a profile page per person, and the form to edit your own."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from hub.people import person_name

from .. import services
from ..forms import ProfileForm
from ..ladder import ladder_progress, thresholds
from ..models import Level
from ..services.people import clip_count_by, clips_by, ladder_summary


@require_GET
def profile(request, username: str):
    """Who someone is, their level, the clips they made and how much they have rated."""
    person = get_object_or_404(get_user_model(), username=username, is_active=True)
    person_profile = services.profile_get(person)
    own = request.user.is_authenticated and request.user.pk == person.pk
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
            "progress": ladder_progress(person_profile, ladder),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    """Edit your own display name and bio (nobody else's: there is no username here)."""
    current = services.profile_get(request.user)
    form = ProfileForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.profile_update(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            bio=form.cleaned_data["bio"],
        )
        messages.success(request, "Your profile is saved.")
        return redirect(reverse("learning:profile", args=[request.user.username]))
    return render(request, "contributions/people/profile_edit.html", {"form": form})
