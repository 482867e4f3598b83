"""Send a stored file with HTTP Range support, or hand it to nginx or object storage.

Browsers seek in a <video> with Range requests, so every path answers them: 206 with
Content-Range for a satisfiable range, 416 for one past the end, the whole file for a
Range whose If-Range validator no longer matches.
"""

import hashlib
import mimetypes
import re
from email.utils import formatdate

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.http import quote_etag

RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def parse_range(header: str, size: int) -> tuple[int, int] | None | str:
    """(first, last) byte positions for a single range; None to send it all; "unsatisfiable"."""
    match = RANGE_RE.match(header.strip())
    if not match or size == 0:
        return None if not match else "unsatisfiable"
    start, end = match.groups()
    if start == "" and end == "":
        return None
    if start == "":  # suffix range: the last N bytes
        length = int(end)
        if length == 0:
            return "unsatisfiable"
        return max(size - length, 0), size - 1
    first = int(start)
    last = min(int(end), size - 1) if end else size - 1
    if first >= size or last < first:
        return "unsatisfiable"
    return first, last


def _etag(name: str, size: int, mtime: float | None) -> str:
    digest = hashlib.sha256(f"{name}:{size}:{mtime}".encode()).hexdigest()[:20]
    return quote_etag(digest)


def _iter_range(fh, first: int, length: int):
    fh.seek(first)
    remaining = length
    try:
        while remaining > 0:
            chunk = fh.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        fh.close()


def send_file(request, field_file, *, content_type: str | None = None, private: bool = True):
    """Answer with the bytes of a stored file, honouring Range, If-Range and If-None-Match."""
    storage = field_file.storage
    name = field_file.name
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    cache_control = "private, max-age=3600" if private else "public, max-age=86400"

    mode = settings.MEDIA_SERVE_MODE
    if mode == "redirect":
        response = HttpResponseRedirect(storage.url(name))
        response["Cache-Control"] = "private, no-store"
        return response
    if mode == "x-accel":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX.rstrip("/") + "/" + name
        response["Cache-Control"] = cache_control
        return response

    size = storage.size(name)
    try:
        mtime = storage.get_modified_time(name).timestamp()
    except (NotImplementedError, OSError):
        mtime = None
    etag = _etag(name, size, mtime)
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": etag,
        "Cache-Control": cache_control,
        "X-Content-Type-Options": "nosniff",
    }
    if mtime is not None:
        headers["Last-Modified"] = formatdate(mtime, usegmt=True)

    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
        for key, value in headers.items():
            response[key] = value
        return response

    wanted = None
    range_header = request.headers.get("Range")
    if range_header:
        if_range = request.headers.get("If-Range")
        if if_range is None or if_range.strip() == etag:
            wanted = parse_range(range_header, size)

    if wanted == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        for key, value in headers.items():
            response[key] = value
        return response

    fh = storage.open(name, "rb")
    if wanted is None:
        response = FileResponse(fh, content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        first, last = wanted
        length = last - first + 1
        response = StreamingHttpResponse(
            _iter_range(fh, first, length), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(length)
    for key, value in headers.items():
        response[key] = value
    return response
