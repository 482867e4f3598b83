"""The upload form (/contribute/new/) and the resubmit form, with the contract's field names;
the reviewer's decision form; the caption editor's forms (one row per cue: start, end, text,
for one caption track at a time, ``TrackForm`` saying which language).

The forms check what can be checked from the request alone (fields present, topic known,
tags, captions readable); the video itself is checked by the submission service, which is
where the rules of the ladder live.
"""

import re
import uuid

from django import forms
from django.conf import settings

from clips import access
from clips.captions import (
    MAX_CAPTIONS_BYTES,
    CaptionsError,
    language_choices,
    parse_vtt,
    render_vtt,
)
from clips.models import TopicPage
from clips.tags import MAX_TAG_LENGTH, MAX_TAGS

from .services import SubmissionError, clean_tags
from .uploads import MB

# WebVTT cue text may carry these tags (class, italics, bold, underline, ruby, voice,
# language); anything else that looks like markup (a <script>, an <img>) is refused.
VTT_TAGS = {"c", "i", "b", "u", "ruby", "rt", "v", "lang"}
TAG_RE = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)")


def upload_limits() -> dict[str, int]:
    """Largest accepted size per file field, for the streaming upload handler."""
    return {"video": settings.MAX_UPLOAD_MB * MB, "captions": MAX_CAPTIONS_BYTES}


class SubmissionForm(forms.Form):
    video = forms.FileField(
        label="Video file",
        help_text="An MP4, WebM or MOV file.",
        widget=forms.FileInput(attrs={"accept": "video/*"}),
    )
    title = forms.CharField(max_length=120, help_text="What the clip shows, in a few words.")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text="What will people learn from it?",
    )
    topic = forms.ChoiceField(
        error_messages={"invalid_choice": "Choose one of the topics in the list."}
    )
    tags = forms.CharField(
        required=False,
        max_length=MAX_TAGS * (MAX_TAG_LENGTH + 2),
        help_text="Comma separated, for example: onboarding, tools",
    )
    captions = forms.FileField(
        label="Captions (optional)",
        required=False,
        help_text="A WebVTT (.vtt) file; its text becomes the searchable transcript.",
        widget=forms.FileInput(attrs={"accept": ".vtt,text/vtt"}),
    )

    # One per form shown: posting the same form twice (a double click) makes one submission.
    upload_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, viewer=None, upload_errors: dict[str, str] | None = None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("upload_token", str(uuid.uuid4()))
        super().__init__(*args, **kwargs)
        self.upload_errors = upload_errors or {}
        # Only topics this person may see (clips.access): a private topic stays unnamed.
        topics = access.listed_pages(viewer, TopicPage.objects.all()).order_by("title")
        self.topics = {topic.slug: topic for topic in topics}
        self.fields["topic"].choices = [("", "Choose a topic")] + [
            (slug, topic.title) for slug, topic in self.topics.items()
        ]
        for name in self.upload_errors:
            if name in self.fields:
                # The handler refused this file; say why instead of "this field is required".
                self.fields[name].required = False

    def clean_upload_token(self) -> uuid.UUID | None:
        # A missing or mangled token only loses the double-click protection.
        try:
            return uuid.UUID(self.cleaned_data["upload_token"])
        except ValueError:
            return None

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not re.search(r"\w", title):
            raise forms.ValidationError("Give the clip a title with words in it.")
        return title

    def clean_description(self):
        return self.cleaned_data["description"].strip()

    def clean_topic(self):
        topic = self.topics.get(self.cleaned_data["topic"])
        if topic is None:
            raise forms.ValidationError("Choose one of the topics in the list.")
        return topic

    def clean_tags(self):
        try:
            return clean_tags(self.cleaned_data["tags"])
        except SubmissionError as exc:
            raise forms.ValidationError(exc.message) from exc

    def clean_captions(self):
        upload = self.cleaned_data.get("captions")
        if not upload:
            return None
        raw = upload.read(MAX_CAPTIONS_BYTES + 1)
        try:
            parse_vtt(raw)
            text = raw.decode("utf-8-sig")
        except CaptionsError as exc:
            raise forms.ValidationError(f"The captions file is unreadable: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("The captions file is not UTF-8 text.") from exc
        markup = {m.group(1).lower() for m in TAG_RE.finditer(text)} - VTT_TAGS
        if markup:
            raise forms.ValidationError(
                "The captions contain HTML or script (<"
                + ">, <".join(sorted(markup))
                + ">); only plain WebVTT cue text is accepted."
            )
        return text

    def clean(self):
        cleaned = super().clean()
        for name, message in self.upload_errors.items():
            self.add_error(name if name in self.fields else None, message)
        return cleaned


class ResubmitForm(SubmissionForm):
    """The same fields; the video and captions are only replaced when a new file is sent."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["video"].required = False
        self.fields["video"].label = "Replace the video (optional)"
        self.fields["captions"].label = "Replace the captions (optional)"


class ReviewForm(forms.Form):
    """A reviewer's decision: approve, or request changes with a comment."""

    action = forms.ChoiceField(
        choices=[("approve", "Approve"), ("reject", "Request changes")],
        error_messages={"required": "Choose to approve or to request changes."},
    )
    comment = forms.CharField(
        required=False,
        max_length=4000,
        label="Comment for the contributor",
        help_text="Required when you request changes: say what should change.",
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 4000}),
    )


# The caption editor ------------------------------------------------------------------------

TIME = re.compile(r"^(?:(?:(\d+):)?(\d{1,2}):)?(\d{1,2}(?:\.\d{1,3})?)$")


def parse_time(text: str) -> float:
    """``75``, ``1:15``, ``1:15.5`` or ``0:01:15.500`` → seconds; ValueError otherwise."""
    match = TIME.match(text.strip().replace(",", "."))
    if not match:
        raise ValueError(text)
    hours, minutes, seconds = match.groups()
    return round(int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds), 3)


def format_time(seconds: float) -> str:
    minutes, secs = divmod(round(float(seconds), 3), 60)
    return f"{int(minutes)}:{secs:06.3f}"


class TimeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "minutes:seconds, like 1:05.5")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_time(value) if isinstance(value, int | float) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 16:
            raise forms.ValidationError("Write a time like 1:05.5 (minutes:seconds).")
        try:
            return parse_time(value)
        except ValueError as exc:
            raise forms.ValidationError("Write a time like 1:05.5 (minutes:seconds).") from exc


class CueForm(forms.Form):
    start = TimeField(label="Starts")
    end = TimeField(label="Ends")
    text = forms.CharField(label="Text", max_length=500)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None and end is not None and end <= start:
            self.add_error("end", "A line must end after it starts.")
        return cleaned


class BaseCueFormSet(forms.BaseFormSet):
    def cues(self) -> list[dict]:
        """The kept cues in time order, as ``render_vtt`` takes them."""
        kept = [
            form.cleaned_data
            for index, form in enumerate(self.forms)
            if not self._should_delete_form(form)
            and (index < self.initial_form_count() or form.has_changed())
            and form.cleaned_data
        ]
        kept = [
            {"start": c["start"], "end": c["end"], "text": " ".join(c["text"].split())}
            for c in kept
        ]
        return sorted(kept, key=lambda cue: (cue["start"], cue["end"]))

    def as_vtt(self) -> str:
        cues = self.cues()
        return render_vtt(cues) if cues else ""


CueFormSet = forms.formset_factory(
    CueForm, formset=BaseCueFormSet, extra=2, can_delete=True, max_num=2000, validate_max=True
)


class CaptionsFileForm(forms.Form):
    captions = forms.FileField(
        label="Replace with a WebVTT file",
        required=False,
        help_text="Optional: a .vtt file replaces every line above.",
        widget=forms.FileInput(attrs={"accept": ".vtt,text/vtt"}),
    )

    def clean_captions(self):
        upload = self.cleaned_data.get("captions")
        if not upload:
            return ""
        if upload.size > MAX_CAPTIONS_BYTES:
            raise forms.ValidationError("The captions file is larger than 1 MB.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("The captions file is not UTF-8 text.") from exc


class TrackForm(forms.Form):
    """Which caption track to edit: its language (a new one adds a track)."""

    language = forms.ChoiceField(label="Language of the captions")

    def __init__(self, *args, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, name) for code, name in language_choices() if code not in exclude
        ]
