"""Wagtail API v2 at /api/v2/: pages (with the clip fields), images and documents."""

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from clips import access, queries
from clips.models import ClipPage
from search.text import query_clean, query_terms

from . import page_cache

# Past this an offset only ever finds nothing, and past 2**63 it overflows the database.
MAX_OFFSET = 10**9
SEARCH_OPERATORS = ("and", "or")


class _WithParams:
    """The request as Wagtail's filters see it, with normalised query parameters."""

    def __init__(self, request, params):
        self._request = request
        self.GET = params

    def __getattr__(self, name):
        return getattr(self._request, name)


class NormalisedSearchFilter(SearchFilter):
    """``?search=`` reaches the engine as plain words (``search.text``), as on the search
    page, so quotes and operators are never the engine's syntax; ``search_operator`` must be
    one Wagtail knows."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        terms = query_terms(query_clean(request.GET["search"]))
        if not terms:
            return queryset.none()
        params = request.GET.copy()
        params["search"] = " ".join(terms)
        return super().filter_queryset(_WithParams(request, params), queryset, view)


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        for name in ("offset", "limit"):
            value = request.GET.get(name, "")
            if value.strip().isdigit() and int(value) > MAX_OFFSET:
                raise BadRequestError(f"{name} must be at most {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class HubPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint, fetching what the clip fields need in a fixed number of queries.

    ``?type=clips.ClipPage`` listings load each clip's video, statistics and presenter in the
    listing query, all their tags in one more, and the topics of the listed clips in one more.
    Every listing, detail and ``child_of``/``descendant_of`` lookup starts from the pages
    ``clips.access`` lets the requesting viewer see (anonymous: public pages only).
    """

    pagination_class = BoundedPagination
    filter_backends = [
        NormalisedSearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    def get_base_queryset(self):
        return access.listed_pages(self.request, super().get_base_queryset())

    def initialize_request(self, request, *args, **kwargs):
        drf_request = super().initialize_request(request, *args, **kwargs)
        if self.action == "listing_view":
            # What viewers of one visibility class see is the same for all of them: cached
            # whole per class (hub.page_cache), purged on every publish. Marked on Django's
            # request, the one the page cache's middleware sees.
            page_cache.mark_public(request)
        return drf_request

    def get_queryset(self):
        queryset = super().get_queryset()
        if issubclass(queryset.model, ClipPage):
            queryset = queries.with_tags(queryset.select_related("video", "stats", "presenter"))
        return queryset

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and issubclass(queryset.model, ClipPage):
            page = queries.attach_topics(page)
        return page


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", HubPagesAPIViewSet)
