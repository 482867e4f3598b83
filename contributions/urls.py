"""The community's site URLs outside /contribute/, under the ``learning:`` namespace their names
have always had. Each concern lists its own routes; /me/ and its parts are answered by
``me.py``, which draws on all of them. /contribute/ is ``moderation/urls.py``.
"""

from django.urls import path

from hub import converters  # noqa: F401 - registers <id:…>

from . import me
from .activity import urls as activity
from .moderation import urls as moderation
from .people import urls as people

app_name = "learning"

urlpatterns = [
    *activity.urlpatterns,
    path("me/", me.me, name="me"),
    path("me/home/", me.me_home, name="me_home"),
    path("me/clip/<id:clip_id>/", me.me_clip, name="me_clip"),
    path("me/topic/<id:topic_id>/", me.me_topic, name="me_topic"),
    *moderation.learning_urlpatterns,
    *people.urlpatterns,
]
