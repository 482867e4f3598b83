from django.urls import path

from hub import converters  # noqa: F401 - registers <id:…>

from . import views

app_name = "clips"

urlpatterns = [
    path("<id:media_id>/<str:kind>/", views.serve_media, name="media"),
    path("captions/<id:page_id>.vtt", views.captions, name="captions"),  # the default track
    path("captions/<id:page_id>/<slug:language>.vtt", views.captions, name="captions_track"),
]
