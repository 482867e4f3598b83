"""Admin: searches that found nothing, listed for editors as gaps to fill with content."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView

from clips.access import is_editor
from contributions.maturity.queries import GAP_ROWS, GAPS_HOOK
from contributions.maturity.tables import Table

from .models import QueryOutcome

PROMOTION_PERMS = (
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
)


def can_see_search_gaps(user) -> bool:
    """Editors (and whoever may manage promoted results) read the gaps; nobody else."""
    if is_editor(user):
        return True
    return user.is_active and any(user.has_perm(perm) for perm in PROMOTION_PERMS)


class ZeroResultSearchesReport(ReportView):
    page_title = "Searches that found nothing"
    header_icon = "search"
    index_url_name = "hubsearch_zero_results"
    index_results_url_name = "hubsearch_zero_results_results"
    is_searchable = True
    search_fields = ["query__query_string"]
    default_ordering = "-zero_result_hits"
    columns = [
        Column("query", label="Search", accessor="query.query_string"),
        NumberColumn(
            "zero_result_hits", label="Times nothing was found", sort_key="zero_result_hits"
        ),
        DateColumn("last_searched_at", label="Last searched", sort_key="last_searched_at"),
    ]
    list_export = ["query.query_string", "zero_result_hits", "last_searched_at"]
    export_headings = {
        "query.query_string": "Search",
        "zero_result_hits": "Times nothing was found",
        "last_searched_at": "Last searched",
    }

    def get_base_queryset(self):
        # Still a gap: the latest search for it found nothing.
        return QueryOutcome.objects.filter(last_result_count=0).select_related("query")

    def dispatch(self, request, *args, **kwargs):
        if not can_see_search_gaps(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class SearchGapsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_search_gaps(request.user)


@hooks.register("register_admin_urls")
def register_search_gap_urls():
    return [
        path(
            "reports/searches-without-results/",
            ZeroResultSearchesReport.as_view(),
            name="hubsearch_zero_results",
        ),
        path(
            "reports/searches-without-results/results/",
            ZeroResultSearchesReport.as_view(results_only=True),
            name="hubsearch_zero_results_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_search_gaps_menu_item():
    return SearchGapsMenuItem(
        "Searches without results",
        reverse("hubsearch_zero_results"),
        name="searches-without-results",
        icon_name="search",
        order=1310,
    )


@hooks.register(GAPS_HOOK)
def empty_searches_gap() -> Table:
    """The community dashboard's "searches that found nothing", most frequent first."""
    table = Table(
        key="gaps-searches",
        caption="Searches that found nothing, most frequent first",
        columns=["Search (promote a result)", "Times it found nothing", "Last searched"],
        empty="Every recent search found something.",
    )
    outcomes = (
        QueryOutcome.objects.filter(last_result_count=0)
        .select_related("query")
        .order_by("-zero_result_hits", "-last_searched_at")[:GAP_ROWS]
    )
    for outcome in outcomes:
        table.rows.append(
            [outcome.query.query_string, outcome.zero_result_hits, outcome.last_searched_at]
        )
        table.links.append(reverse("wagtailsearchpromotions:add"))
    return table
