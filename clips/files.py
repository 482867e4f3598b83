"""Video files on their way in: a local path for the tools that need one, and no stored file
left behind by a write that failed.

Every way a video arrives (the upload form, the admin, ``import_clips``, ``seed_hub``) and
processing itself go through these two, so each rule is written once.
"""

import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.db.models.fields.files import FieldFile


@contextmanager
def local_path(file):
    """A path on this machine for an uploaded or a stored file (PyAV reads paths).

    An upload Django spooled to disk, or a stored file on local disk, is read where it is;
    anything else (an upload held in memory, a file on object storage) is copied to a
    temporary file, deleted afterwards.
    """
    if hasattr(file, "temporary_file_path"):
        yield Path(file.temporary_file_path())
        return
    if isinstance(file, FieldFile):
        try:
            on_disk = Path(file.path)
        except NotImplementedError:  # remote storage: no local path
            on_disk = None
        if on_disk is not None:
            yield on_disk
            return
    # A short suffix, for the tools that guess a format from it; never a long hostile name.
    with tempfile.NamedTemporaryFile(suffix=Path(file.name or "").suffix[:8]) as tmp:
        if isinstance(file, FieldFile):
            with file.open("rb") as source:
                _copy(source, tmp)
        else:
            _copy(file, tmp)
            file.seek(0)  # the upload is read again when it is saved
        yield Path(tmp.name)


def _copy(source, destination) -> None:
    for chunk in source.chunks():
        destination.write(chunk)
    destination.flush()


class StoredFiles:
    """Files written to storage so far, by storage and name (as they were when added)."""

    def __init__(self):
        self._files = []

    def add(self, field_files) -> None:
        self._files += [(f.storage, f.name) for f in field_files if f]

    def delete(self) -> None:
        for storage, name in self._files:
            storage.delete(name)


@contextmanager
def deleted_on_failure():
    """Delete the files stored within the block if it fails, then let the error go on.

    A transaction rolls back rows, not files: without this a failed import or submission
    leaves videos in storage that no row names.

        with deleted_on_failure() as stored, transaction.atomic():
            media = media_create(...)
            stored.add(media.stored_files())
    """
    stored = StoredFiles()
    try:
        yield stored
    except BaseException:
        stored.delete()
        raise
