"""/contribute/ (the ``contribute:`` namespace): the contributor's own pages and the review
screen; and the reviewer's count at /me/reviews/, mounted under ``learning:`` by
``contributions/urls.py``."""

from django.urls import path

from hub import converters  # noqa: F401 - registers <id:…>

from .views import contribute, review

app_name = "contribute"

urlpatterns = [
    path("", contribute.dashboard, name="dashboard"),
    path("new/", contribute.submission_new, name="new"),
    path("<id:page_id>/edit/", contribute.submission_edit, name="edit"),
    path("<id:page_id>/withdraw/", contribute.submission_withdraw_view, name="withdraw"),
    path("<id:page_id>/preview/", contribute.submission_preview, name="preview"),
    path("<id:page_id>/captions/", contribute.submission_captions, name="captions"),
    path("review/", review.queue, name="review_queue"),
    path("review/<id:page_id>/", review.detail, name="review"),
]

learning_urlpatterns = [
    path("me/reviews/", review.me_reviews, name="me_reviews"),
]
