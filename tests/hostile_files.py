"""Files an attacker would upload, made for real, and the check that none is served active.

``polyglot_mp4`` is a valid, web-safe MP4 (made with PyAV) that also carries an HTML page with
a script in a ``free`` box, the trick that ran a script on the hub's origin when the file kept
its ``.html`` name. The others are not videos at all: an SVG and an HTML page with scripts, and
a PDF, each to be uploaded under names that claim another type.
"""

import struct
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from clips.video import generate_demo_video

SCRIPT_PAGE = b"<!doctype html><html><body><script>alert(document.domain)</script></body></html>"

SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.domain)</script></svg>\n"
)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 3 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"3 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
NOT_VIDEOS = {"svg": SVG, "html": SCRIPT_PAGE, "pdf": PDF}
CLAIMED_NAMES = ("clip.mp4", "clip.webm", "page.html", "image.svg")

# Types a browser would render or run; no media answer may ever carry one.
ACTIVE_TYPE_WORDS = ("html", "xml", "svg", "script", "ecmascript", "pdf")
SERVABLE = {"video/mp4", "video/webm", "video/quicktime", "image/jpeg", "text/vtt"}


def make_polyglot_mp4(path: Path) -> Path:
    """A web-safe MP4 with an HTML page and script appended as a ``free`` box."""
    generate_demo_video(path, "Polyglot", seconds=1.0, size=(160, 90), fps=10)
    with open(path, "ab") as fh:
        fh.write(struct.pack(">I4s", 8 + len(SCRIPT_PAGE), b"free") + SCRIPT_PAGE)
    return path


def _base_type(value: str) -> str:
    return value.split(";")[0].strip().lower()


def served_status(mode: str) -> int:
    """What a full file answers in a ``MEDIA_SERVE_MODE``: a redirect to storage, or the file."""
    return 302 if mode == "redirect" else 200


def assert_never_active(response, *, status: int = 200) -> str:
    """The answer (``status``: 200, 206 for a range, 302 to storage) can only be played,
    shown as a JPEG, read as captions or downloaded.

    Returns the effective content type (for a redirect: the one signed into the URL).
    """
    assert response.status_code == status, response.status_code
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    content_type = _base_type(response["Content-Type"])
    disposition = response.get("Content-Disposition", "")
    if response.status_code == 302:
        query = parse_qs(urlsplit(response["Location"]).query)
        content_type = _base_type(query["response-content-type"][0])
        disposition = query.get("response-content-disposition", [""])[0]
    assert not any(word in content_type for word in ACTIVE_TYPE_WORDS), content_type
    if content_type not in SERVABLE:
        assert content_type == "application/octet-stream"
        assert disposition.startswith("attachment")
    return content_type
