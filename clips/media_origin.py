"""Where media URLs point: this site, or the separate origin in ``settings.MEDIA_ORIGIN``.

Django's security guide advises serving user uploads from another origin, so that even a
file that slipped past every other check could not script the hub's pages or read its
cookies. With ``MEDIA_ORIGIN`` set (e.g. ``https://media.hub.example.org``), video and poster
URLs in pages and the API are absolute on that origin; its host must route ``/media-files/``
to this app (see the README). Captions stay on the site's origin: a ``<track>`` from another
origin needs CORS, which would force the video itself into CORS mode; they are never uploaded
bytes either, but WebVTT rebuilt from parsed cue text.
"""

from django.conf import settings


def media_origin() -> str:
    return (getattr(settings, "MEDIA_ORIGIN", "") or "").rstrip("/")


def on_media_origin(path: str) -> str:
    """``path`` (site-relative) as a URL on the media origin, or unchanged without one."""
    origin = media_origin()
    return f"{origin}{path}" if origin and path else path
