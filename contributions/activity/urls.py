"""Learners' actions on clips and topics: rate, count a view, save progress, follow a topic.

Mounted with people's and /me/'s routes under the ``learning:`` namespace by
``contributions/urls.py``.
"""

from django.urls import path

from hub import converters  # noqa: F401 - registers <id:…>

from . import views

urlpatterns = [
    path("clips/<id:clip_id>/rate/", views.rate, name="rate"),
    path("clips/<id:clip_id>/rate/remove/", views.rate_remove, name="rate_remove"),
    path("clips/<id:clip_id>/view/", views.view_beacon, name="view"),
    path("clips/<id:clip_id>/progress/", views.progress, name="progress"),
    path("me/follows/<id:topic_id>/", views.follow, name="follow"),
]
