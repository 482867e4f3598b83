"""The form wagtailmedia's admin uses for clip videos (``WAGTAILMEDIA["MEDIA_FORM_BASE"]``).

An editor's upload gets the same quick probe as a contributor's (a file that is not a video
is refused with a message that says so) and is processed in the background like any other.
Its type is recorded from the probe and its stored name generated (``clips.filetypes``); a
poster the editor uploads is decoded as an image and stored as a fresh JPEG, so whatever
else the file carried (an SVG, HTML) is never kept.
"""

import io

from django import forms
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, UnidentifiedImageError
from wagtailmedia.forms import BaseMediaForm

from .files import local_path
from .models import ProcessingState
from .services import original_filename, upload_probe
from .tasks import process_media_task
from .video import POSTER_WIDTH, VideoError

MAX_POSTER_PIXELS = 40_000_000


class ClipMediaForm(BaseMediaForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            try:
                with local_path(upload) as path:
                    info = upload_probe(path)
            except VideoError as exc:
                raise forms.ValidationError(str(exc)) from exc
            self._probed = info
        return upload

    def clean_thumbnail(self):
        upload = self.cleaned_data.get("thumbnail")
        if not upload or "thumbnail" not in self.changed_data:
            return upload
        try:
            with Image.open(upload) as image:
                if image.width * image.height > MAX_POSTER_PIXELS:
                    raise forms.ValidationError("The poster image is too large.")
                image.thumbnail((POSTER_WIDTH, POSTER_WIDTH))
                out = io.BytesIO()
                image.convert("RGB").save(out, "JPEG", quality=82, optimize=True)
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
            raise forms.ValidationError(
                "The poster is not an image we can read: upload a JPEG or PNG."
            ) from exc
        return ContentFile(out.getvalue(), name="poster.jpg")

    def save(self, commit=True):
        file_changed = "file" in self.changed_data
        media = super().save(commit=False)
        if file_changed:
            info = getattr(self, "_probed", None)
            if info is not None:
                media.duration = round(info.duration, 2)
                media.width, media.height = info.width, info.height
                media.content_type = info.content_type
                media.original_filename = original_filename(self.cleaned_data["file"].name)
            media.processing_state = ProcessingState.PENDING
            media.processing_error = ""
        if commit:
            media.save()
            self.save_m2m()
            if file_changed:
                transaction.on_commit(lambda: process_media_task.enqueue(media.pk))
        return media
