"""URLs for learners: actions on clips and topics, the personal JSON endpoints, people."""

from django.urls import path

from .views import learning, people, review

app_name = "learning"

urlpatterns = [
    path("clips/<int:clip_id>/rate/", learning.rate, name="rate"),
    path("clips/<int:clip_id>/rate/remove/", learning.rate_remove, name="rate_remove"),
    path("clips/<int:clip_id>/view/", learning.view_beacon, name="view"),
    path("clips/<int:clip_id>/progress/", learning.progress, name="progress"),
    path("me/", learning.me_page, name="me"),
    path("me/home/", learning.me_home, name="me_home"),
    path("me/clip/<int:clip_id>/", learning.me_clip, name="me_clip"),
    path("me/reviews/", review.me_reviews, name="me_reviews"),
    path("me/topic/<int:topic_id>/", learning.me_topic, name="me_topic"),
    path("me/follows/<int:topic_id>/", learning.follow, name="follow"),
    path("people/me/edit/", people.profile_edit, name="profile_edit"),
    path("people/<str:username>/", people.profile, name="profile"),
]
