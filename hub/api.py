"""Wagtail API v2 at /api/v2/: pages (with the clip fields), images and documents."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from clips import queries
from clips.models import ClipPage

from . import page_cache


class HubPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint, fetching what the clip fields need in a fixed number of queries.

    ``?type=clips.ClipPage`` listings load each clip's video, statistics and presenter in the
    listing query, all their tags in one more, and the topics of the listed clips in one more.
    """

    def listing_view(self, request):
        response = super().listing_view(request)
        # Live, public pages only, whoever asks: cached whole, purged on every publish.
        page_cache.mark_public(request._request)
        return response

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
