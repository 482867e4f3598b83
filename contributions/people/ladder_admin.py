"""Wagtail admin: editors see everyone's level and promote or demote by hand, with a reason.

Every change goes through ``contributions.people.services.level_set``, which records who changed
it, when and why, and moves the person into the matching groups. Only superusers grant or
take away the editor level (the ladder's top is given by an administrator, not earned).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from hub.admin_pages import AdminPage

from .models import Level, LevelChange
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


class LadderIndexView(LadderPermissionMixin, AdminPage, TemplateView):
    template_name = "contributions/contribute_ladder_index.html"
    page_title = "Participation ladder"
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        people = (
            get_user_model()
            .objects.select_related("profile")
            .order_by("username")
            .only("username", "first_name", "last_name", "profile")
        )
        if query:
            people = people.filter(
                Q(username__icontains=query)
                | Q(first_name__icontains=query)
                | Q(last_name__icontains=query)
            )
        context["query"] = query
        context["page_obj"] = Paginator(people, 50).get_page(self.request.GET.get("p"))
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
