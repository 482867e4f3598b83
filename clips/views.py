from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from .access import Access, media_access, page_access
from .captions import render_vtt
from .filetypes import IMAGE_JPEG, MEDIA_HEADERS, TEXT_VTT
from .models import CaptionTrack, ClipMedia, ClipPage
from .serving import send_file


@require_safe
def serve_media(request, media_id: int, kind: str):
    """A clip's video or poster, for whoever clips.access allows; 404 for everyone else.

    The request (not only its user) goes to the policy: a password-restricted topic's
    files are for sessions that passed its password form.
    """
    if kind not in ("video", "poster"):
        raise Http404("No such media.")
    media = get_object_or_404(ClipMedia, pk=media_id)
    access = media_access(request, media)
    if access is Access.DENIED:
        raise Http404("No such media.")
    if kind == "video":
        field_file, content_type = media.playable_file, media.playable_content_type
    else:  # the poster is always a JPEG we encoded (processing, or the admin form)
        field_file, content_type = media.thumbnail, IMAGE_JPEG
    if not field_file:
        raise Http404("This file is not ready yet.")
    return send_file(
        request, field_file, content_type=content_type, private=access is Access.PRIVATE
    )


@require_safe
def captions(request, page_id: int, language: str | None = None):
    """One caption track of a clip (its default without a language), as a clean WebVTT
    document rebuilt from the track's stored cues, for whoever clips.access allows."""
    page = get_object_or_404(ClipPage.objects.select_related("video"), pk=page_id)
    access = page_access(request, page)
    if access is Access.DENIED:
        raise Http404("No such captions.")
    tracks = CaptionTrack.objects.filter(page_id=page.pk)
    track = tracks.filter(**({"language": language} if language else {"is_default": True}))
    track = track.first()
    if track is None or not track.cues:
        raise Http404("No such captions.")
    response = HttpResponse(render_vtt(track.cues), content_type=f"{TEXT_VTT}; charset=utf-8")
    for header, value in MEDIA_HEADERS.items():
        response[header] = value
    response["Content-Language"] = track.language
    response["Cache-Control"] = (
        "public, max-age=300" if access is Access.PUBLIC else "private, no-store"
    )
    return response
