"""The discussion's personal JSON under /me/ (outside the app's namespace, as /me/ is shared)."""

from django.urls import path

from . import views

urlpatterns = [path("<int:clip_id>/", views.me_discussion, name="me_discussion")]
