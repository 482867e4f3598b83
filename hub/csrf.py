"""What a POST without a valid CSRF token gets.

Public pages are cached whole for everyone, so their forms carry no token: script copies it
in from ``/me/``. Without script such a POST arrives without one; rather than a bare 403 the
person then sees the same form again on a small uncached page that carries the token and
keeps their choice. A view offers that page by having a ``csrf_confirm`` attribute: a view
with the same arguments (see contributions.activity.views). The answer is still a 403 and
nothing is done until the confirmed form comes back with its token.
"""

from django.urls import Resolver404, resolve
from django.views.csrf import csrf_failure as django_csrf_failure


def csrf_failure(request, reason=""):
    confirm = None
    if request.method == "POST" and "application/json" not in request.headers.get("Accept", ""):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        confirm = getattr(match.func, "csrf_confirm", None) if match else None
    if confirm is None:
        return django_csrf_failure(request, reason)
    return confirm(request, *match.args, **match.kwargs)
