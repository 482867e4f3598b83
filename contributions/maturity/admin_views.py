"""The community dashboard in the Wagtail admin: a panel on the admin home and a full page.

Editors (the "Editors" group) and superusers only. The figures come from
``live.py`` (counted now) and ``queries.py`` (from the daily snapshots); this module only
decides who sees them and renders them.
"""

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from clips.access import is_editor
from hub.admin_pages import AdminPage

from . import live
from . import queries as maturity
from .tables import Table

URL_NAME = "contributions_community"
CSV_URL_NAME = "contributions_community_csv"


class EditorsOnly:
    """Editors and superusers; everyone else gets the admin's normal refusal."""

    def dispatch(self, request, *args, **kwargs):
        if not is_editor(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


def participation_table(people: live.Participation) -> Table:
    table = Table(
        key="participation",
        caption="Active accounts by participation and ladder level",
        columns=["Participation", "People", *(label for _level, label in people.levels)],
    )
    for row in people.rows:
        table.rows.append([row.label, row.total, *row.by_level])
    table.rows.append(["Everyone", people.total, *people.level_totals])
    return table


def _build(request) -> tuple[maturity.Dashboard, dict]:
    """The page's sections, and every table on it by key (what CSV offers)."""
    now = timezone.now()
    board = maturity.dashboard_build(
        now=now,
        joined=request.GET.get("joined", maturity.DEFAULT_JOINED),
        waiting=live.waiting_by_stage(),
    )
    # Most active topics (a scan of raw views) stays on the admin home's reach, not here:
    # this page reads snapshots so it costs the same at any size.
    extra = {"participation": participation_table(live.people_by_participation())}
    return board, extra


class CommunityDashboardView(EditorsOnly, AdminPage, TemplateView):
    template_name = "contributions/admin/community.html"
    page_title = "Community"
    header_icon = "globe"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board, extra = _build(self.request)
        context.update(
            board=board,
            content=live.clips_by_origin(),
            joined_periods=maturity.JOINED_PERIODS,
            **extra,
            stages=maturity.stages.STAGES,
        )
        return context


class CommunityCsvView(EditorsOnly, View):
    """One table of the dashboard as CSV, by its key (the links under each table)."""

    def get(self, request, key: str):
        board, extra = _build(request)
        tables = {table.key: table for table in extra.values()} | board.tables()
        table = tables.get(key)
        if table is None:
            raise Http404("No such table on the community dashboard.")
        response = HttpResponse(table.csv_text(), content_type="text/csv; charset=utf-8")
        filename = f"community-{key}-{board.today:%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class CommunityMenuItem(MenuItem):
    def is_shown(self, request):
        return is_editor(request.user)


def menu_item() -> MenuItem:
    return CommunityMenuItem("Community", reverse(URL_NAME), icon_name="globe", order=840)


class CommunitySummaryPanel(Component):
    """The headline figures on the admin home, with a link to the full dashboard."""

    name = "community_summary"
    template_name = "contributions/admin/community_panel.html"
    order = 120  # above Wagtail's moderation panels (210, 220): the first thing editors read

    def get_context_data(self, parent_context=None):
        return {
            "summary": live.headline(),
            "dashboard_url": reverse(URL_NAME),
        }
