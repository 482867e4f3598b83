"""Wagtail API v2 at /api/v2/: pages (with the clip fields), images and documents."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from clips import access, queries
from clips.models import ClipPage


class HubPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint, fetching what the clip fields need in a fixed number of queries.

    ``?type=clips.ClipPage`` listings load each clip's video, statistics and presenter in the
    listing query, all their tags in one more, and the topics of the listed clips in one more.
    Every listing, detail and ``child_of``/``descendant_of`` lookup starts from the pages
    ``clips.access`` lets the requesting viewer see (anonymous: public pages only).
    """

    def get_base_queryset(self):
        return access.listed_pages(self.request, super().get_base_queryset())

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
