"""A base for Hubbub's own Wagtail admin pages."""

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class AdminPage(WagtailAdminTemplateMixin):
    """An admin page whose header names it: Wagtail 8 shows breadcrumbs there, ending in
    "Home" unless the page adds itself."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]
