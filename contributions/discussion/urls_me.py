"""The discussion's personal JSON under /me/ (outside the app's namespace, as /me/ is shared)."""

from django.urls import path

from hub import converters  # noqa: F401 - registers <id:…>

from . import views

urlpatterns = [path("<id:clip_id>/", views.me_discussion, name="me_discussion")]
