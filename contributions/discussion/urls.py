from django.urls import path

from hub import converters  # noqa: F401 - registers <id:…>

from . import views

app_name = "discussion"

urlpatterns = [
    path("clips/<id:clip_id>/", views.clip_comment, name="clip_comment"),
    path("topics/<id:topic_id>/", views.topic_question, name="topic_question"),
    path("<id:comment_id>/", views.thread, name="thread"),
    path("<id:comment_id>/reply/", views.reply, name="reply"),
    path("<id:comment_id>/edit/", views.edit, name="edit"),
    path("<id:comment_id>/delete/", views.delete, name="delete"),
    path("<id:comment_id>/hide/", views.hide, name="hide"),
    path("<id:comment_id>/accept/", views.accept, name="accept"),
    path("<id:comment_id>/vote/", views.vote, name="vote"),
    path("<id:comment_id>/answer-with-clip/", views.answer_with_clip, name="answer_with_clip"),
    path("flag/<str:kind>/<id:object_id>/", views.flag, name="flag"),
]
