from django.urls import path

from . import views

app_name = "discussion"

urlpatterns = [
    path("clips/<int:clip_id>/", views.clip_comment, name="clip_comment"),
    path("topics/<int:topic_id>/", views.topic_question, name="topic_question"),
    path("<int:comment_id>/", views.thread, name="thread"),
    path("<int:comment_id>/reply/", views.reply, name="reply"),
    path("<int:comment_id>/edit/", views.edit, name="edit"),
    path("<int:comment_id>/delete/", views.delete, name="delete"),
    path("<int:comment_id>/hide/", views.hide, name="hide"),
    path("<int:comment_id>/accept/", views.accept, name="accept"),
    path("<int:comment_id>/vote/", views.vote, name="vote"),
    path("<int:comment_id>/answer-with-clip/", views.answer_with_clip, name="answer_with_clip"),
    path("flag/<str:kind>/<int:object_id>/", views.flag, name="flag"),
]
