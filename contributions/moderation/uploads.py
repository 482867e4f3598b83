"""A streaming upload handler that caps each file's size while the request body arrives.

Django's default handlers keep small files in memory and spool larger ones to disk, but
none of them limits the size (``FILE_UPLOAD_MAX_MEMORY_SIZE`` only chooses between memory
and disk, and gunicorn has no limit either). This handler writes every chunk straight to a
temporary file and, the moment a file passes its limit, deletes what it wrote and skips the
rest of that file: the bytes still arriving are read and dropped, never stored, and the
other form fields after it are still parsed, so the form can be shown again filled in.

Install it on one request, before anything reads the body::

    request.upload_handlers.insert(0, LimitedUploadHandler(request, limits={...}))

``CsrfViewMiddleware`` reads the body before the view runs, so such a view is wrapped in
``csrf_exempt`` and checks the token itself with ``csrf_protect`` after installing the
handler (as Django's documentation on upload handlers describes).
"""

import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core.files.uploadhandler import (
    SkipFile,
    StopFutureHandlers,
    TemporaryFileUploadHandler,
)

MB = 1024 * 1024


def describe_size(num_bytes: int) -> str:
    if num_bytes >= MB:
        return f"{num_bytes / MB:.0f} MB"
    return f"{max(num_bytes // 1024, 1)} KB"


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Stream each file to a temporary file on disk; refuse one that grows past its limit.

    ``limits`` maps a form field name to its largest size in bytes; files sent under any
    other field name are refused outright. After parsing, ``errors`` maps each refused
    field to a message for the person who sent it.
    """

    def __init__(self, request=None, *, limits: dict[str, int]):
        super().__init__(request)
        self.limits = limits
        self.errors: dict[str, str] = {}
        self.received = 0
        self.limit = 0

    def new_file(self, field_name, file_name, content_type, content_length, *args, **kwargs):
        self.received = 0
        if field_name not in self.limits:
            self.errors[field_name] = "This form does not take that file."
            raise StopFutureHandlers()
        self.limit = self.limits[field_name]
        super().new_file(field_name, file_name, content_type, content_length, *args, **kwargs)
        # This handler owns the file from here on: Django's default handlers stay idle.
        raise StopFutureHandlers()

    def _drop_file(self):
        # Django's parser closes any ``file`` attribute a handler has: remove it, not None.
        if hasattr(self, "file"):
            self.file.close()  # a NamedTemporaryFile: closing it deletes it
            del self.file

    def _refuse(self, message: str):
        self.errors[self.field_name] = message
        self._drop_file()
        raise SkipFile()

    def receive_data_chunk(self, raw_data, start):
        if not hasattr(self, "file"):
            raise SkipFile()
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse(f"The file is too large: the limit is {describe_size(self.limit)}.")
        self.file.write(raw_data)
        return None

    def file_complete(self, file_size):
        if not hasattr(self, "file"):
            return None
        completed = super().file_complete(file_size)
        del self.file  # it belongs to request.FILES now; the next file starts afresh
        return completed

    def upload_interrupted(self):
        self._drop_file()


@contextmanager
def upload_on_disk(uploaded_file):
    """A local path for an uploaded file: its temporary file, or a copy of one held in memory."""
    if hasattr(uploaded_file, "temporary_file_path"):
        yield Path(uploaded_file.temporary_file_path())
        return
    suffix = Path(uploaded_file.name or "").suffix[:8]
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in uploaded_file.chunks():
            tmp.write(chunk)
        tmp.flush()
        yield Path(tmp.name)
