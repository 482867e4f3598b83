"""Wagtail admin for editors: the flags queue and the "clips wanted" content gaps.

The queue shows each flagged item once, with its reasons and who flagged it, and one form
to decide: dismiss (restoring what trusted flags hid), hide the comment or unpublish the
clip. Every decision is recorded (``FlagDecision``) with the flags it settled.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, TemplateView

from clips.access import is_editor
from clips.models import ClipPage
from clips.queries import attach_topics
from hub.admin_pages import AdminPage

from . import queries, services
from .models import Comment, FlagAction, FlagDecision

URL_NAMESPACE = "discussion_admin"


class EditorsOnly:
    def dispatch(self, request, *args, **kwargs):
        if not is_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


@dataclass
class FlaggedItem:
    kind: str
    object_id: int
    comment: Comment | None = None
    clip: ClipPage | None = None
    flags: list = field(default_factory=list)
    hidden_pending: bool = False

    @property
    def reasons(self) -> list[str]:
        return sorted({flag.get_reason_display() for flag in self.flags})


def flagged_items() -> list[FlaggedItem]:
    """Open flags grouped by item, oldest first (three queries for the whole queue)."""
    items: dict[tuple[str, int], FlaggedItem] = {}
    for flag in queries.open_flags():
        key = ("comment", flag.comment_id) if flag.comment_id else ("clip", flag.clip_id)
        item = items.setdefault(
            key, FlaggedItem(kind=key[0], object_id=key[1], comment=flag.comment, clip=flag.clip)
        )
        item.flags.append(flag)
    comment_ids = [oid for kind, oid in items if kind == "comment"]
    clip_ids = [oid for kind, oid in items if kind == "clip"]
    decisions = FlagDecision.objects.filter(
        Q(comment_id__in=comment_ids) | Q(clip_id__in=clip_ids)
    ).order_by("created_at", "pk")
    latest = {}
    for decision in decisions:
        key = (
            ("comment", decision.comment_id) if decision.comment_id else ("clip", decision.clip_id)
        )
        latest[key] = decision
    for key, item in items.items():
        decision = latest.get(key)
        item.hidden_pending = decision is not None and decision.action == FlagAction.AUTO_HIDE
    attach_topics([item.clip for item in items.values() if item.clip is not None])
    return list(items.values())


class FlagQueueView(EditorsOnly, AdminPage, TemplateView):
    template_name = "discussion/admin/flags.html"
    page_title = "Flags"
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items"] = flagged_items()
        context["recent"] = FlagDecision.objects.select_related("decided_by", "comment", "clip")[
            :20
        ]
        context["actions"] = [a for a in FlagAction if a != FlagAction.AUTO_HIDE]
        return context


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a.value, a.label) for a in FlagAction if a != FlagAction.AUTO_HIDE]
    )
    note = forms.CharField(max_length=500, required=False)


class FlagDecideView(EditorsOnly, FormView):
    form_class = DecisionForm
    http_method_names = ["post"]

    def form_valid(self, form):
        kind, object_id = self.kwargs["kind"], self.kwargs["object_id"]
        if kind == "comment":
            item = {"comment": get_object_or_404(Comment, pk=object_id)}
        else:
            item = {"clip": get_object_or_404(ClipPage, pk=object_id)}
        try:
            decided = services.flag_decide(
                editor=self.request.user,
                action=form.cleaned_data["action"],
                note=form.cleaned_data["note"],
                **item,
            )
        except services.DiscussionError as exc:
            messages.error(self.request, exc.message)
        else:
            messages.success(
                self.request,
                f"{decided.decision.get_action_display()} ({decided.flags} flag"
                f"{'' if decided.flags == 1 else 's'} settled).",
            )
        return redirect(f"{URL_NAMESPACE}:flags")

    def form_invalid(self, form):
        messages.error(self.request, "Choose what to do with the flagged item.")
        return redirect(f"{URL_NAMESPACE}:flags")


class ClipsWantedView(EditorsOnly, AdminPage, TemplateView):
    """Content gaps: open questions many people want answered, best made into clips."""

    template_name = "discussion/admin/clips_wanted.html"
    page_title = "Clips wanted"
    header_icon = "help"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["wanted"] = queries.clips_wanted(viewer=self.request.user, limit=100)
        return context
