"""Your notifications: the list (marking read) and your choices. The bell's count is in /me/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.http import wants_json

from . import queries, services
from .forms import PreferencesForm

PER_PAGE = 30


@never_cache
@login_required
@require_GET
def notification_list(request):
    paginator = Paginator(queries.notifications_for(request.user), PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page_obj, "unread": queries.unread_count(request.user)},
    )


@login_required
@require_POST
def mark_read(request):
    """Mark one (``id``) or all of your notifications read; then go back or follow it."""
    raw = request.POST.get("id", "")
    ids = [int(raw)] if raw.isdigit() else None
    changed = services.notifications_mark_read(user=request.user, ids=ids)
    if wants_json(request):
        return JsonResponse({"marked": changed, "unread": queries.unread_count(request.user)})
    follow = request.POST.get("next", "")
    if ids and follow.startswith("/") and not follow.startswith("//"):
        return redirect(follow)
    if not ids:
        messages.success(request, "All your notifications are marked as read.")
    return redirect("notifications:list")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferencesForm(
        request.POST or None, initial_choices=queries.preferences_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, "Your notification choices are saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
