"""/contribute/: the contributor's own pages."""

from django.urls import path

from hub import converters  # noqa: F401 - registers <id:…>

from .views import contribute

app_name = "contribute"

urlpatterns = [
    path("", contribute.dashboard, name="dashboard"),
    path("new/", contribute.submission_new, name="new"),
    path("<id:page_id>/edit/", contribute.submission_edit, name="edit"),
    path("<id:page_id>/withdraw/", contribute.submission_withdraw_view, name="withdraw"),
]
