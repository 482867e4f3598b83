"""Forms for what learners send: a rating, a position in a clip."""

from django import forms

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
