"""Admin: searches that found nothing (gaps to fill with content), and the popular searches
with a switch to hide a query from them."""

import datetime

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query

from clips.access import is_editor
from contributions.maturity.queries import GAP_ROWS, GAPS_HOOK
from contributions.maturity.tables import Table
from hub import converters  # noqa: F401 - registers <id:…>
from hub.admin_columns import RowActionColumn

from .models import QueryOutcome
from .queries import POPULAR_DAYS, POPULAR_MIN_PEOPLE, popular_queries
from .services import popular_search_hide

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


def _hidden(query) -> bool:
    try:
        return query.outcome.hidden
    except ObjectDoesNotExist:
        return False


class HideColumn(RowActionColumn):
    """Hide the query from the popular searches, or show it again."""

    cell_template_name = "search/admin/hide_cell.html"
    url_name = "hubsearch_popular_hide"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["query"] = instance
        context["hidden"] = _hidden(instance)
        return context


class PopularSearchesReport(ReportView):
    page_title = "Popular searches"
    header_icon = "search"
    index_url_name = "hubsearch_popular"
    index_results_url_name = "hubsearch_popular_results"
    columns = [
        Column("query_string", label="Search"),
        NumberColumn("people", label=f"People, last {POPULAR_DAYS} days"),
        Column(
            "shown",
            label="On the search page",
            accessor=lambda q: (
                "Hidden by an editor"
                if _hidden(q)
                else ("Shown" if q.people >= POPULAR_MIN_PEOPLE else "Not yet (too few people)")
            ),
        ),
        HideColumn("hide", label="Actions"),
    ]

    def get_base_queryset(self):
        since = timezone.now().date() - datetime.timedelta(days=POPULAR_DAYS)
        return popular_queries(since).select_related("outcome")

    def dispatch(self, request, *args, **kwargs):
        if not can_see_search_gaps(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


@require_POST
def popular_search_hide_view(request, query_id: int):
    if not can_see_search_gaps(request.user):
        return permission_denied(request)
    query = get_object_or_404(Query, pk=query_id)
    hidden = request.POST.get("hidden") != "0"
    popular_search_hide(query=query, hidden=hidden)
    if hidden:
        messages.success(request, f"“{query.query_string}” is hidden from popular searches.")
    else:
        messages.success(request, f"“{query.query_string}” may show as a popular search again.")
    return redirect("hubsearch_popular")


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
        path(
            "reports/popular-searches/", PopularSearchesReport.as_view(), name="hubsearch_popular"
        ),
        path(
            "reports/popular-searches/results/",
            PopularSearchesReport.as_view(results_only=True),
            name="hubsearch_popular_results",
        ),
        path(
            "reports/popular-searches/<id:query_id>/hide/",
            popular_search_hide_view,
            name="hubsearch_popular_hide",
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


@hooks.register("register_reports_menu_item")
def register_popular_searches_menu_item():
    return SearchGapsMenuItem(
        "Popular searches",
        reverse("hubsearch_popular"),
        name="popular-searches",
        icon_name="search",
        order=1320,
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
