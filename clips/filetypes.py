"""What a stored media file is, decided from its content, and the name it is stored under.

Nothing an uploader sends about a file is trusted: not its name, not its extension, not
the type their browser claimed. A file is stored under a random name with the extension
of the container PyAV found in it, and served with the type recorded when it was probed.
Only the types below are ever served as themselves; anything else is sent as an opaque
download (``application/octet-stream``, ``attachment``), so no upload can become a page,
an SVG or a script on any origin, whatever bytes it carries.
"""

import secrets

from django.utils import timezone

VIDEO_MP4 = "video/mp4"
VIDEO_WEBM = "video/webm"
VIDEO_QUICKTIME = "video/quicktime"
IMAGE_JPEG = "image/jpeg"
TEXT_VTT = "text/vtt"
OPAQUE = "application/octet-stream"

# The allow-list: served type -> extension of stored files of that type.
EXTENSIONS = {
    VIDEO_MP4: ".mp4",
    VIDEO_WEBM: ".webm",
    VIDEO_QUICKTIME: ".mov",
    IMAGE_JPEG: ".jpg",
    TEXT_VTT: ".vtt",
}
# A neutral extension for everything else, so no server or bucket guesses a type from it.
OPAQUE_EXTENSION = ".bin"

WEBM_VIDEO_CODECS = {"vp8", "vp9", "av1"}
WEBM_AUDIO_CODECS = {None, "opus", "vorbis"}


def container_type(
    format_name: str, *, mp4_brand: str | None, video_codec: str, audio_codec: str | None
) -> str:
    """The content type of a container FFmpeg opened, or OPAQUE when it is none we serve.

    FFmpeg names one demuxer for MP4 and QuickTime ("mov,mp4,…") and one for Matroska
    and WebM, so the MP4 brand and the codecs tell them apart.
    """
    formats = set(format_name.split(","))
    if "mp4" in formats or "mov" in formats:
        if mp4_brand is None or mp4_brand.strip() == "qt":
            return VIDEO_QUICKTIME
        return VIDEO_MP4
    if "webm" in formats:
        if video_codec in WEBM_VIDEO_CODECS and audio_codec in WEBM_AUDIO_CODECS:
            return VIDEO_WEBM
    return OPAQUE


def extension_for(content_type: str) -> str:
    return EXTENSIONS.get(content_type, OPAQUE_EXTENSION)


def generated_name(folder: str, content_type: str) -> str:
    """``folder/YYYY/MM/<32 random hex digits><extension of the type>``."""
    return f"{folder}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{extension_for(content_type)}"


def served_type(recorded: str) -> tuple[str, bool]:
    """(Content-Type to send, whether to send it as an attachment) for a recorded type."""
    if recorded in EXTENSIONS:
        return recorded, False
    return OPAQUE, True


# Every media response carries these: no type sniffing, and nothing in it may run.
MEDIA_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}
