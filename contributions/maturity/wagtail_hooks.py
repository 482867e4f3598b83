"""The community dashboard in the Wagtail admin: its page, CSV links, menu item and home panel."""

from django.urls import path
from wagtail import hooks

from clips.access import is_editor

from . import admin_views


@hooks.register("register_admin_urls")
def register_community_dashboard_urls():
    view = admin_views.CommunityDashboardView.as_view()
    csv = admin_views.CommunityCsvView.as_view()
    return [
        path("community/", view, name=admin_views.URL_NAME),
        path("community/csv/<slug:key>/", csv, name=admin_views.CSV_URL_NAME),
    ]


@hooks.register("register_admin_menu_item")
def register_community_dashboard_menu_item():
    return admin_views.menu_item()


@hooks.register("construct_homepage_panels")
def add_community_summary_panel(request, panels):
    if is_editor(request.user):
        panels.append(admin_views.CommunitySummaryPanel())
