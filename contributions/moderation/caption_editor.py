"""The caption editor: one row per cue (start, end, text), rows to add, rows to delete,
for one caption track of the clip at a time (``TrackForm`` says which language)."""

import re

from django import forms

from clips.captions import MAX_CAPTIONS_BYTES, language_choices, render_vtt

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
