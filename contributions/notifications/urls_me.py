"""The bell's count under /me/ (outside the app's namespace, as /me/ is shared)."""

from django.urls import path

from . import views

urlpatterns = [path("", views.me_notifications, name="me_notifications")]
