"""Caption tracks: a clip's captions, one WebVTT track per language.

A track belongs to its ClipPage's revisions (a ParentalKey, edited in the page editor's
InlinePanel and by the contributor's caption editor), so a change to captions is moderated
and published like any other change to the clip. Exactly one track is the default: the
player turns it on, and its text is the clip's transcript and what search indexes.

Like the single captions before them, every track is parsed with webvtt-py when it is
saved (``clean``) and served rebuilt from its parsed cues (``clips.views.captions``), never
as the bytes that were sent.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from clips.captions import (
    FIRST_LANGUAGE,
    CaptionsError,
    language_choices,
    language_name,
    parse_vtt,
)


class CaptionTrack(Orderable):
    page = ParentalKey("clips.ClipPage", on_delete=models.CASCADE, related_name="caption_tracks")
    language = models.CharField(
        max_length=16,
        choices=language_choices,
        default=FIRST_LANGUAGE,
        help_text="The language the captions are written in.",
    )
    label = models.CharField(
        max_length=60,
        blank=True,
        help_text="The name in the player's captions menu; the language's name when empty.",
    )
    is_default = models.BooleanField(
        "default",
        default=False,
        help_text="Shown when captions are on; its text is the transcript and is searchable.",
    )
    vtt = models.TextField("captions (WebVTT)")
    cues = models.JSONField(default=list, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("language"), FieldPanel("label"), FieldPanel("is_default")]),
        FieldPanel("vtt"),
    ]

    # No database constraint holds "one track per language, one default": modelcluster saves
    # a page's tracks one by one, so swapping two tracks' languages (or the default) would
    # break it halfway through a valid edit. ``clips.captions.tracks_problem``
    # checks the whole set instead.
    class Meta(Orderable.Meta):
        verbose_name = "caption track"

    def __str__(self):
        return self.label or language_name(self.language)

    @property
    def url(self) -> str:
        """Where the player fetches this track (``clips.views.captions``); "" for a track
        not saved yet (a preview of an unsaved edit), which the server cannot send."""
        if self.pk is None or self.page_id is None:
            return ""
        return reverse("clips:captions_track", args=[self.page_id, self.language])

    def clean(self):
        super().clean()
        try:
            cues = parse_vtt(self.vtt)
        except CaptionsError as exc:
            raise ValidationError({"vtt": str(exc)}) from exc
        self.cues = [cue.as_dict() for cue in cues]
        self.label = self.label.strip() or language_name(self.language)
