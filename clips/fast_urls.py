"""URLs built without a ``reverse()`` per object: listings build dozens of them per page.

``reverse`` costs tens of microseconds (pattern matching, quoting); a page with twenty cards
built three URLs per card with it. Here the fixed part of each URL is reversed once per URL
configuration and script prefix, and the object's part is appended, quoted as ``reverse``
would quote it.
"""

import functools
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# The characters reverse() leaves unquoted in a path (django.urls.resolvers).
_SAFE = "!$&'()*+,;=" + "/~:@"


@functools.cache
def _prefix(name: str, args: tuple, tail: str, script_prefix: str, urlconf) -> str:
    url = reverse(name, args=args, urlconf=urlconf)
    assert url.endswith(tail), (url, tail)
    return url[: len(url) - len(tail)]


def media_url(media_id: int, kind: str) -> str:
    """``reverse("clips:media", args=[media_id, kind])``."""
    prefix = _prefix("clips:media", (0, "video"), "0/video/", get_script_prefix(), get_urlconf())
    return f"{prefix}{int(media_id)}/{quote(kind, safe=_SAFE)}/"


def serve_path(path_in_site: str) -> str:
    """``reverse("wagtail_serve", args=[path_in_site])``: a page's path within its site."""
    prefix = _prefix("wagtail_serve", ("x/",), "x/", get_script_prefix(), get_urlconf())
    return prefix + quote(path_in_site, safe=_SAFE)


class FastUrlPage:
    """A page whose URL is its site root's URL plus its ``url_path``, without a reverse().

    Falls back to Wagtail's own ``get_url_parts`` wherever it does more than that: pages in
    several sites, translated sites, or no trailing slash.
    """

    def get_url_parts(self, request=None):
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False) or not getattr(
            settings, "WAGTAIL_APPEND_SLASH", True
        ):
            return super().get_url_parts(request)
        sites = self._get_relevant_site_root_paths(request)
        if not sites:
            return None
        if len({site[0] for site in sites}) > 1:
            return super().get_url_parts(request)
        site_id, root_path, root_url, _language = sites[0]
        return (site_id, root_url, serve_path(self.url_path[len(root_path) :]))
