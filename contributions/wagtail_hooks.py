"""Admin integration for the community: the participation ladder's hand-made changes."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

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
