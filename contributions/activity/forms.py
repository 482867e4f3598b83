"""Forms for what learners send: a rating, a position in a clip, their profile."""

from django import forms

from ..people.models import Profile
from .services import MAX_POSITION_SECONDS

SCORE_CHOICES = [(str(n), f"Rate {n} out of 5") for n in range(1, 6)]


class SingleValueForm(forms.Form):
    """Refuses a field sent more than once (``score=1&score=5``) instead of picking one."""

    def clean(self):
        cleaned = super().clean()
        getlist = getattr(self.data, "getlist", None)
        if getlist is not None:
            for name in self.fields:
                if len(getlist(name)) > 1:
                    self.add_error(name, "Send one value, not a list.")
        return cleaned


class RatingForm(SingleValueForm):
    score = forms.TypedChoiceField(
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a rating from 1 to 5.",
            "invalid_choice": "A rating is a whole number from 1 to 5.",
        },
    )


class ProgressForm(SingleValueForm):
    position = forms.FloatField(min_value=0, max_value=MAX_POSITION_SECONDS)
    duration = forms.FloatField(min_value=0, max_value=MAX_POSITION_SECONDS, required=False)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name", "bio"]
        labels = {"display_name": "Display name", "bio": "About you"}
        help_texts = {
            "display_name": "How your name appears next to your clips and ratings.",
            "bio": "A few words on what you do or know about (up to 1000 characters).",
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 5, "maxlength": 1000})}


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
