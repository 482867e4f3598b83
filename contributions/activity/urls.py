"""URLs for learners: actions on clips and topics, the personal JSON endpoints, people."""

from django.urls import path

from hub import converters  # noqa: F401 - registers <id:…>

from ..moderation.views import review
from ..people import views as people
from . import views as learning

app_name = "learning"

urlpatterns = [
    path("clips/<id:clip_id>/rate/", learning.rate, name="rate"),
    path("clips/<id:clip_id>/rate/remove/", learning.rate_remove, name="rate_remove"),
    path("clips/<id:clip_id>/view/", learning.view_beacon, name="view"),
    path("clips/<id:clip_id>/progress/", learning.progress, name="progress"),
    path("me/", learning.me, name="me"),
    path("me/home/", learning.me_home, name="me_home"),
    path("me/clip/<id:clip_id>/", learning.me_clip, name="me_clip"),
    path("me/reviews/", review.me_reviews, name="me_reviews"),
    path("me/topic/<id:topic_id>/", learning.me_topic, name="me_topic"),
    path("me/follows/<id:topic_id>/", learning.follow, name="follow"),
    path("people/me/edit/", people.profile_edit, name="profile_edit"),
    path("people/<str:username>/follow/", people.person_follow, name="person_follow"),
    path("people/<str:username>/", people.profile, name="profile"),
]
