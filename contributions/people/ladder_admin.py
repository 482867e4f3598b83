"""Wagtail admin: editors see everyone's level and promote or demote by hand, with a reason.

Every change goes through ``contributions.people.services.level_set``, which records who changed
it, when and why, and moves the person into the matching groups. Only superusers grant or
take away the editor level (the ladder's top is given by an administrator, not earned).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import FormView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet

from hub import converters  # noqa: F401 - registers <id:…>
from hub.admin_pages import AdminPage
from hub.people import person_name

from .models import Level, LevelChange, Profile
from .services import level_set, profile_get

PERMISSION = "contributions.change_profile"


class LevelChangeForm(forms.Form):
    level = forms.ChoiceField(choices=Level.choices)
    reason = forms.CharField(
        max_length=255, help_text="Recorded with the change; the person's history shows it."
    )

    def __init__(self, *args, may_grant_editor: bool, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_grant_editor = may_grant_editor
        self.current = current

    def clean_level(self):
        level = self.cleaned_data["level"]
        touches_editor = Level.EDITOR in (level, self.current) and level != self.current
        if touches_editor and not self.may_grant_editor:
            raise forms.ValidationError("Only an administrator grants or removes the editor level.")
        if level == self.current:
            raise forms.ValidationError("This person is already at that level.")
        return level


class LadderPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _profile(person) -> Profile | None:
    # Accounts made outside sign-up (createsuperuser, the admin) have no profile yet: learners.
    return getattr(person, "profile", None)


def _level(person) -> str:
    profile = _profile(person)
    return profile.get_level_display() if profile else Level.LEARNER.label


def _ratings(person) -> int:
    profile = _profile(person)
    return profile.ratings_count if profile else 0


def _approved(person) -> int:
    profile = _profile(person)
    return profile.approved_count if profile else 0


def _name(person) -> str:
    """The name the site shows, with the username editors may know them by."""
    shown = person_name(person)
    return shown if shown == person.username else f"{shown} ({person.username})"


class LadderIndexView(LadderPermissionMixin, IndexView):
    """Everyone and their level: Wagtail's own listing, search (``?q=``) and pages (``?p=``)."""

    model = get_user_model()
    # Who may use the ladder is the profile permission above, not the admin's user permissions.
    permission_policy = None
    any_permission_required = None
    template_name = "contributions/contribute_ladder_index.html"
    page_title = "Participation ladder"
    header_icon = "group"
    index_url_name = "contributions_ladder:index"
    index_results_url_name = "contributions_ladder:index_results"
    search_fields = ["username", "first_name", "last_name", "profile__display_name"]
    default_ordering = "username"
    paginate_by = 50
    columns = [
        TitleColumn(
            "person", label="Person", accessor=_name, url_name="contributions_ladder:change"
        ),
        Column("level", label="Level", accessor=_level),
        Column("ratings", label="Ratings", accessor=_ratings),
        Column("approved", label="Approved clips", accessor=_approved),
    ]

    def get_base_queryset(self):
        return self.model.objects.select_related("profile").only(
            "username", "first_name", "last_name", "profile"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent_changes"] = LevelChange.objects.select_related("user", "changed_by")[:20]
        return context


class LevelChangeView(LadderPermissionMixin, AdminPage, FormView):
    template_name = "contributions/contribute_ladder_change.html"
    form_class = LevelChangeForm
    header_icon = "group"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.person = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        self.profile = profile_get(self.person)

    def get_page_title(self):
        return f"Change level: {self.person.get_username()}"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "may_grant_editor": self.request.user.is_superuser,
            "current": self.profile.level,
        }

    def get_initial(self):
        return {"level": self.profile.level}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.person
        context["profile"] = self.profile
        context["history"] = LevelChange.objects.filter(user=self.person).select_related(
            "changed_by"
        )[:50]
        return context

    def form_valid(self, form):
        level_set(
            user=self.person,
            level=form.cleaned_data["level"],
            reason=form.cleaned_data["reason"],
            changed_by=self.request.user,
        )
        messages.success(
            self.request,
            f"{self.person.get_username()} is now {Level(form.cleaned_data['level']).label}.",
        )
        return redirect(reverse("contributions_ladder:index"))


class LadderMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class LadderViewSet(ViewSet):
    """/admin/ladder/: the listing, its search results, and one person's change form."""

    name = "contributions_ladder"
    url_prefix = "ladder"
    icon = "group"
    menu_label = "Participation ladder"
    menu_order = 850
    add_to_admin_menu = True
    menu_item_class = LadderMenuItem

    def get_urlpatterns(self):
        return [
            path("", LadderIndexView.as_view(), name="index"),
            path("results/", LadderIndexView.as_view(results_only=True), name="index_results"),
            path("<id:user_id>/", LevelChangeView.as_view(), name="change"),
        ]
