"""Input of the discussion: the text, an optional moment, a flag's reason."""

from django import forms

from .models import MAX_LENGTH, FlagReason
from .text import moment_parse


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_LENGTH}),
        error_messages={"required": "Write something first."},
    )
    moment = forms.CharField(
        label="At moment (optional)",
        required=False,
        max_length=12,
        help_text="minutes:seconds, for example 1:23",
    )
    question = forms.BooleanField(label="This is a question", required=False)

    def clean_moment(self):
        try:
            return moment_parse(self.cleaned_data.get("moment", ""))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_LENGTH}),
        error_messages={"required": "Write something first."},
    )


class AnswerClipForm(forms.Form):
    clip = forms.CharField(
        label="The clip's address",
        max_length=500,
        help_text="Paste the address of a published clip, e.g. /topics/onboarding/first-day/",
    )
    body = forms.CharField(
        label="A few words (optional)",
        required=False,
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a reason."},
    )
    text = forms.CharField(
        label="What is wrong (needed for “other”)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
