"""/contribute/: the contributor's own pages."""

from django.urls import path

from .views import contribute, review

app_name = "contribute"

urlpatterns = [
    path("", contribute.dashboard, name="dashboard"),
    path("new/", contribute.submission_new, name="new"),
    path("<int:page_id>/edit/", contribute.submission_edit, name="edit"),
    path("<int:page_id>/withdraw/", contribute.submission_withdraw_view, name="withdraw"),
    path("<int:page_id>/preview/", contribute.submission_preview, name="preview"),
    path("<int:page_id>/captions/", contribute.submission_captions, name="captions"),
    path("review/", review.queue, name="review_queue"),
    path("review/<int:page_id>/", review.detail, name="review"),
]
