"""Send a stored file with HTTP Range support, or hand it to nginx or object storage.

Browsers seek in a <video> with Range requests, so every path answers them: 206 with
Content-Range for a satisfiable range, 416 for one past the end, the whole file for a
Range whose If-Range validator no longer matches. Callers check permissions first.

The type sent is the one recorded when the file was probed, never one guessed from a name,
and every answer, in every mode, carries ``clips.filetypes.MEDIA_HEADERS`` (nosniff and a
sandboxing policy); a type outside the allow-list goes out as an opaque attachment.
"""

import hashlib
import inspect
import re
from email.utils import formatdate
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.http import parse_etags, quote_etag

from .filetypes import MEDIA_HEADERS, extension_for, served_type

# Positions longer than 18 digits are past any real file (and past S3's and nginx's 64 bits):
# such a header is not understood, and the whole file is sent, as for any other.
RANGE_RE = re.compile(r"^bytes=(\d{0,18})-(\d{0,18})$", re.ASCII)
CHUNK = 64 * 1024
UNSATISFIABLE = "unsatisfiable"


def parse_range(header: str, size: int) -> tuple[int, int] | None | str:
    """(first, last) byte positions of a single range, None to send the whole file, or
    UNSATISFIABLE. Headers we do not understand (several ranges, other units, first > last)
    are ignored, as RFC 9110 allows, and the whole file is sent.
    """
    match = RANGE_RE.match(header.strip())
    if not match:
        return None
    start, end = match.groups()
    if start == "" and end == "":
        return None
    if start == "":  # suffix range: the last N bytes
        length = int(end)
        if length == 0 or size == 0:
            return UNSATISFIABLE
        return max(size - length, 0), size - 1
    first = int(start)
    if end and int(end) < first:
        return None
    if first >= size:
        return UNSATISFIABLE
    last = min(int(end), size - 1) if end else size - 1
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


def _with_headers(response, headers: dict):
    for key, value in headers.items():
        response[key] = value
    return response


def _type_headers(recorded_type: str) -> dict:
    """Content-Type (and, for anything outside the allow-list, an attachment) plus the
    headers every media answer carries."""
    content_type, attachment = served_type(recorded_type)
    headers = {"Content-Type": content_type, **MEDIA_HEADERS}
    if attachment:
        headers["Content-Disposition"] = f'attachment; filename="clip{extension_for("")}"'
    return headers


def _signed_url(storage, name: str, type_headers: dict) -> str:
    """The storage's URL for the file; object storage is told the type to answer with.

    S3 (django-storages) signs ``response-content-type``/``response-content-disposition``
    into the URL, so the bucket answers with our recorded type whatever it stored.
    """
    if "parameters" not in inspect.signature(storage.url).parameters:
        return storage.url(name)
    parameters = {"ResponseContentType": type_headers["Content-Type"]}
    if "Content-Disposition" in type_headers:
        parameters["ResponseContentDisposition"] = type_headers["Content-Disposition"]
    return storage.url(name, parameters=parameters)


def send_file(request, field_file, *, content_type: str, private: bool = True):
    """Answer with the bytes of a stored file, honouring Range, If-Range and If-None-Match.

    ``content_type`` is the type recorded for the file when it was probed (see
    ``clips.filetypes``). ``settings.MEDIA_SERVE_MODE`` decides who sends the bytes: Django
    ("django"), nginx via X-Accel-Redirect ("x-accel", nginx then answers Range itself) or
    the storage's own (signed) URL ("redirect").
    """
    storage = field_file.storage
    name = field_file.name
    type_headers = _type_headers(content_type)
    content_type = type_headers.pop("Content-Type")
    cache_control = "private, max-age=3600" if private else "public, max-age=3600"

    mode = settings.MEDIA_SERVE_MODE
    if mode == "redirect":
        response = HttpResponseRedirect(
            _signed_url(storage, name, {"Content-Type": content_type, **type_headers})
        )
        response["Cache-Control"] = "private, no-store"
        return _with_headers(response, type_headers)
    if mode == "x-accel":
        # nginx keeps this Content-Type and these headers on the file it sends.
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX.rstrip("/") + "/" + quote(name)
        response["Cache-Control"] = cache_control
        return _with_headers(response, type_headers)

    size = storage.size(name)
    try:
        mtime = storage.get_modified_time(name).timestamp()
    except (NotImplementedError, OSError):
        mtime = None
    etag = _etag(name, size, mtime)
    last_modified = formatdate(mtime, usegmt=True) if mtime is not None else None
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": etag,
        "Cache-Control": cache_control,
        **type_headers,
    }
    if last_modified:
        headers["Last-Modified"] = last_modified

    if_none_match = parse_etags(request.headers.get("If-None-Match", ""))
    if "*" in if_none_match or etag in if_none_match:
        return _with_headers(HttpResponse(status=304), headers)

    wanted = None
    range_header = request.headers.get("Range")
    if_range = request.headers.get("If-Range", "").strip()
    if range_header and (not if_range or if_range in (etag, last_modified)):
        wanted = parse_range(range_header, size)

    if wanted == UNSATISFIABLE:
        response = _with_headers(HttpResponse(status=416), headers)
        response["Content-Range"] = f"bytes */{size}"
        return response

    first, last = wanted if wanted else (0, size - 1)
    length = last - first + 1 if size else 0
    if request.method == "HEAD":
        response = HttpResponse(status=206 if wanted else 200, content_type=content_type)
    elif wanted is None:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    else:
        response = StreamingHttpResponse(
            _iter_range(storage.open(name, "rb"), first, length),
            status=206,
            content_type=content_type,
        )
    if wanted:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Content-Length"] = str(length)
    return _with_headers(response, headers)
