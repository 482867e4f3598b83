"""The clip media model: the uploaded video, its poster and its web-safe rendition.

All three files live in the "private" storage, which has no public URL: they are only
sent by ``clips.views.serve_media`` after ``clips.access`` has said who may see them.
Every stored name is generated (``clips.filetypes``): whatever name a file arrives with,
through the upload form, the admin, ``import_clips`` or ``seed_hub``, is ignored here and
kept only as data in ``original_filename``.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.functional import LazyObject
from wagtailmedia.models import AbstractMedia

from clips.fast_urls import media_url
from hub.private_apis import lazy_reset

from ..filetypes import IMAGE_JPEG, VIDEO_MP4, generated_name
from ..media_origin import on_media_origin


class _PrivateStorage(LazyObject):
    """``storages["private"]``, looked up again whenever the STORAGES setting changes.

    A FileField resolves its storage once, when the model class is built; through this
    proxy the fields follow the setting as ``default_storage`` does (tests point it at a
    temporary folder per test).
    """

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _private_storage_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        lazy_reset(_private)


def private_storage():
    return _private


def original_upload_to(instance, filename):
    """A random name with the extension of the type detected in the original."""
    return generated_name("originals", instance.content_type)


def poster_upload_to(instance, filename):
    return generated_name("posters", IMAGE_JPEG)


def rendition_upload_to(instance, filename):
    return generated_name("renditions", VIDEO_MP4)


class ProcessingState(models.TextChoices):
    PENDING = "pending", "Waiting to be processed"
    PROCESSING = "processing", "Processing"
    READY = "ready", "Ready"
    FAILED = "failed", "Processing failed"


class ClipMedia(AbstractMedia):
    file = models.FileField(upload_to=original_upload_to, storage=private_storage, max_length=255)
    thumbnail = models.FileField(
        "poster",
        upload_to=poster_upload_to,
        storage=private_storage,
        blank=True,
        max_length=255,
    )
    rendition = models.FileField(
        upload_to=rendition_upload_to,
        storage=private_storage,
        blank=True,
        max_length=255,
        help_text="Web-safe H.264/AAC MP4 made from the original when it is not one already.",
    )
    content_type = models.CharField(
        max_length=100,
        blank=True,
        editable=False,
        help_text="The original's type as detected from its content; it is served as this.",
    )
    original_filename = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        help_text="The name the file was uploaded with: data only, never a stored name.",
    )
    processing_state = models.CharField(
        max_length=16, choices=ProcessingState.choices, default=ProcessingState.PENDING
    )
    processing_error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    source_sha256 = models.CharField(
        "source SHA-256",
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text="Content hash of the original file; import_clips skips videos it already has.",
    )

    admin_form_fields = ("title", "file", "collection", "thumbnail", "tags")

    class Meta:
        verbose_name = "clip video"
        verbose_name_plural = "clip videos"

    @property
    def url(self):
        return on_media_origin(media_url(self.pk, "video"))

    @property
    def poster_url(self):
        if not self.thumbnail:
            return ""
        return on_media_origin(media_url(self.pk, "poster"))

    @property
    def playable_file(self):
        """The file browsers should play: the rendition when there is one."""
        return self.rendition if self.rendition else self.file

    @property
    def playable_content_type(self) -> str:
        """The recorded type of ``playable_file``: our own MP4 rendition, or the original's."""
        return VIDEO_MP4 if self.rendition else self.content_type

    @property
    def sources(self):
        return [{"src": self.url, "type": "video/mp4"}]

    @property
    def is_ready(self):
        return self.processing_state == ProcessingState.READY

    def stored_files(self):
        return [f for f in (self.file, self.thumbnail, self.rendition) if f]
