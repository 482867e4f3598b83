"""Admin integration for the community: the ladder by hand, reviewers' way back, the dashboard."""

from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import policy_registry

from clips.access import is_editor

from . import admin_dashboard
from .views import ladder_admin


@hooks.register("register_admin_urls")
def register_ladder_urls():
    urls = [
        path("", ladder_admin.LadderIndexView.as_view(), name="index"),
        path("<int:user_id>/", ladder_admin.LevelChangeView.as_view(), name="change"),
    ]
    return [path("ladder/", include((urls, "contributions_ladder")))]


class LadderMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(ladder_admin.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_ladder_menu_item():
    return LadderMenuItem(
        "Participation ladder", reverse("contributions_ladder:index"), icon_name="group", order=850
    )


@hooks.register("register_admin_urls")
def register_community_dashboard_urls():
    view = admin_dashboard.CommunityDashboardView.as_view()
    csv = admin_dashboard.CommunityCsvView.as_view()
    return [
        path("community/", view, name=admin_dashboard.URL_NAME),
        path("community/csv/<slug:key>/", csv, name=admin_dashboard.CSV_URL_NAME),
    ]


@hooks.register("register_admin_menu_item")
def register_community_dashboard_menu_item():
    return admin_dashboard.menu_item()


@hooks.register("construct_homepage_panels")
def add_community_summary_panel(request, panels):
    if is_editor(request.user):
        panels.append(admin_dashboard.CommunitySummaryPanel())


@hooks.register("after_edit_page")
def reviewers_return_to_their_dashboard(request, page):
    """Peer reviewers reach a page only through its workflow task, not the page explorer.

    Wagtail sends an editor back to the page's parent in the explorer after an action;
    for a reviewer without page permissions that would be "no permission". Their review
    queue is on the dashboard, so send them there instead.
    """
    if policy_registry.get_by_type(Page).explorable_root_instance(request.user) is None:
        return redirect("wagtailadmin_home")
    return None
