from django.urls import path

from . import views

app_name = "clips"

urlpatterns = [
    path("<int:media_id>/<str:kind>/", views.serve_media, name="media"),
    path("captions/<int:page_id>.vtt", views.captions, name="captions"),
]
