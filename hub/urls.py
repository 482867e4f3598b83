from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from clips.views import healthz

from .api import api_router

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("media-files/", include("clips.urls")),
    path("accounts/", include("allauth.urls")),
    path("contribute/", include("contributions.urls_contribute")),
    path("search/", include("search.urls")),
    path("discussion/", include("contributions.discussion.urls")),
    path("notifications/", include("contributions.notifications.urls")),
    path("me/discussion/", include("contributions.discussion.urls_me")),
    path("me/notifications/", include("contributions.notifications.urls_me")),
    path("", include("contributions.urls_learning")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only the public MEDIA_ROOT (images); clip videos are never under MEDIA_URL.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
