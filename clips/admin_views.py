"""Wagtail admin views for clip videos: the processing report and the reprocess action."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import policy_registry

from hub.admin_columns import RowActionColumn

from .models import ClipMedia, ProcessingState
from .services import media_reprocess
from .templatetags.clip_tags import duration

# Problems first: editors open this report to find what needs their attention.
STATE_ORDER = Case(
    When(processing_state=ProcessingState.FAILED, then=Value(0)),
    When(processing_state=ProcessingState.PROCESSING, then=Value(1)),
    When(processing_state=ProcessingState.PENDING, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def media_policy():
    """wagtailmedia's collection permissions: the same rules as its own media listing."""
    return policy_registry.get_by_type(ClipMedia)


class ClipVideoFilterSet(WagtailFilterSet):
    processing_state = django_filters.ChoiceFilter(
        label="Processing state", choices=ProcessingState.choices, empty_label="Any state"
    )

    class Meta:
        model = ClipMedia
        fields = ["processing_state"]


class ReprocessColumn(RowActionColumn):
    cell_template_name = "clips/admin/reprocess_cell.html"
    url_name = "clips_admin:reprocess"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["media"] = instance
        return context


class ClipVideosReportView(ReportView):
    model = ClipMedia
    page_title = "Clip videos"
    header_icon = "media"
    index_url_name = "clips_admin:videos"
    index_results_url_name = "clips_admin:videos_results"
    any_permission_required = ["add", "change", "delete"]
    filterset_class = ClipVideoFilterSet
    list_export = ["title", "processing_state", "processing_error", "duration", "processed_at"]
    columns = [
        TitleColumn("title", url_name="wagtailmedia:edit"),
        Column("processing_state", label="State", accessor="get_processing_state_display"),
        Column("processing_error", label="Error"),
        Column("duration", accessor=lambda media: duration(media.duration or "")),
        DateColumn("processed_at", label="Processed"),
        ReprocessColumn("reprocess", label="Actions"),
    ]

    @property
    def permission_policy(self):
        return media_policy()

    def get_queryset(self):
        return (
            media_policy()
            .instances_user_has_any_permission_for(self.request.user, ["change", "delete"])
            .annotate(state_order=STATE_ORDER)
            .order_by("state_order", "-created_at", "-pk")
        )


@require_POST
def reprocess(request, media_id: int):
    """Queue a clip video for processing again; for those who may change it."""
    media = get_object_or_404(ClipMedia, pk=media_id)
    if not media_policy().user_has_permission_for_instance(request.user, "change", media):
        raise PermissionDenied
    media_reprocess(media=media)
    messages.success(request, f"“{media.title}” is queued for processing again.")
    return redirect("clips_admin:videos")
