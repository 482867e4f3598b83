"""The community dashboard in the Wagtail admin: a panel on the admin home and a full page.

Editors (the "Editors" group) and superusers only. The figures come from
``contributions.dashboard``; this module only decides who sees them and renders them.
"""

from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from clips.access import is_editor
from hub.admin_pages import AdminPage

from . import dashboard

URL_NAME = "contributions_community"


class CommunityDashboardView(AdminPage, TemplateView):
    template_name = "contributions/admin/community.html"
    page_title = "Community"
    header_icon = "globe"

    def dispatch(self, request, *args, **kwargs):
        if not is_editor(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        content = dashboard.clips_by_origin()
        months = dashboard.clips_by_month(split=content, now=now)
        context.update(
            people=dashboard.people_by_participation(),
            content=content,
            months=reversed(months),  # newest first: the month editors look for
            moderation=dashboard.moderation_queue(now=now),
            activity=dashboard.activity_totals(now=now),
            topics=dashboard.most_active_topics(now=now),
            topic_days=dashboard.LONG_DAYS,
        )
        return context


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
            "summary": dashboard.headline(),
            "dashboard_url": reverse(URL_NAME),
        }
