"""People's pages: a profile per person, editing your own, following someone.

Mounted under the ``learning:`` namespace by ``contributions/urls.py``.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("people/me/edit/", views.profile_edit, name="profile_edit"),
    path("people/<str:username>/follow/", views.person_follow, name="person_follow"),
    path("people/<str:username>/", views.profile, name="profile"),
]
