"""clips.files: a local path for any video file, and stored files gone again after a failure."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db.models.fields.files import FieldFile, FileField

from clips.files import deleted_on_failure, local_path

BYTES = b"\x00\x00\x00\x18ftypmp42 not really a video"


class ObjectStorageFile(FieldFile):
    """A stored file as on S3: its storage has no path on this machine for it."""

    @property
    def path(self):
        raise NotImplementedError("This backend doesn't support absolute paths.")


def stored(storage, name="originals/clip.mp4") -> FieldFile:
    return FieldFile(None, FileField(storage=storage), storage.save(name, ContentFile(BYTES)))


def test_an_upload_spooled_to_disk_is_read_where_it_is():
    upload = TemporaryUploadedFile("clip.mp4", "video/mp4", len(BYTES), None)
    upload.write(BYTES)
    upload.flush()
    with local_path(upload) as path:
        assert path == Path(upload.temporary_file_path())
    upload.close()


def test_an_upload_in_memory_is_copied_and_can_be_read_again():
    upload = SimpleUploadedFile("clip.mp4", BYTES, content_type="video/mp4")
    with local_path(upload) as path:
        assert path.read_bytes() == BYTES
        assert path.suffix == ".mp4"
    assert not path.exists()
    assert upload.read() == BYTES  # saving it later reads it from the start


def test_a_long_suffix_is_cut_short():
    upload = SimpleUploadedFile("clip." + "x" * 200, BYTES)
    with local_path(upload) as path:
        assert path.suffix == ".xxxxxxx"


def test_a_stored_file_on_disk_is_read_where_it_is(tmp_path):
    field_file = stored(FileSystemStorage(location=tmp_path))
    with local_path(field_file) as path:
        assert path == tmp_path / "originals/clip.mp4"
    assert path.exists()


def test_a_stored_file_without_a_local_path_is_copied_then_removed():
    storage = InMemoryStorage()
    field_file = ObjectStorageFile(None, FileField(storage=storage), stored(storage).name)
    with local_path(field_file) as path:
        assert path.read_bytes() == BYTES
    assert not path.exists()


def test_files_stored_in_a_block_that_fails_are_deleted(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    with pytest.raises(RuntimeError), deleted_on_failure() as kept:
        kept.add([stored(storage, "a.mp4"), stored(storage, "b.jpg")])
        raise RuntimeError("the transaction failed")
    assert not storage.exists("a.mp4") and not storage.exists("b.jpg")


def test_files_stored_in_a_block_that_succeeds_stay(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    with deleted_on_failure() as kept:
        kept.add([stored(storage, "a.mp4")])
    assert storage.exists("a.mp4")


def test_the_names_deleted_are_the_ones_stored_when_added(tmp_path):
    """A field saved again later names another file: the one stored in the block still goes."""
    storage = FileSystemStorage(location=tmp_path)
    field_file = stored(storage, "first.mp4")
    with pytest.raises(RuntimeError), deleted_on_failure() as kept:
        kept.add([field_file])
        field_file.name = "elsewhere.mp4"
        raise RuntimeError
    assert not storage.exists("first.mp4")
