from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .api import api_router
from .health import healthz

# One sign-in for everyone: the admins' own login forms would be a second door without the
# site's throttles (allauth's per-address and per-account limits). ``next`` comes along.
to_site_login = RedirectView.as_view(pattern_name="account_login", query_string=True)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/login/", to_site_login),
    path("django-admin/login/", to_site_login),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("media-files/", include("clips.urls")),
    path("accounts/", include("allauth.urls")),
    path("contribute/", include("contributions.moderation.urls")),
    path("search/", include("search.urls")),
    path("discussion/", include("contributions.discussion.urls")),
    path("notifications/", include("contributions.notifications.urls")),
    path("me/discussion/", include("contributions.discussion.urls_me")),
    path("me/notifications/", include("contributions.notifications.urls_me")),
    path("", include("contributions.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only the public MEDIA_ROOT (images); clip videos are never under MEDIA_URL.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
