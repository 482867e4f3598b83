"""Clip videos in the Wagtail admin: a "Clip videos" report showing each video's processing
state and error, with a reprocess action, and processing queued for admin uploads."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from hub import converters  # noqa: F401 - registers <id:…>

from . import admin_views

app_name = "clips_admin"
urlpatterns = [
    path("", admin_views.ClipVideosReportView.as_view(), name="videos"),
    path(
        "results/",
        admin_views.ClipVideosReportView.as_view(results_only=True),
        name="videos_results",
    ),
    path("<id:media_id>/reprocess/", admin_views.reprocess, name="reprocess"),
]


@hooks.register("register_admin_urls")
def register_clip_admin_urls():
    return [path("clip-videos/", include((urlpatterns, app_name), namespace=app_name))]


class ClipVideosMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.media_policy().user_has_any_permission(
            request.user, ["add", "change", "delete"]
        )


@hooks.register("register_reports_menu_item")
def register_clip_videos_report():
    return ClipVideosMenuItem(
        "Clip videos",
        reverse("clips_admin:videos"),
        name="clip-videos",
        icon_name="media",
        order=650,
    )
