"""People's forms: the profile a person edits, and the extra field of allauth's sign-up form
(the name people see next to your clips).

allauth builds its sign-up form on top of this one (``ACCOUNT_SIGNUP_FORM_CLASS``) and calls
``signup()`` once the account exists, so the display name is saved with the new profile.
"""

from django import forms

from .models import Profile


class SignupForm(forms.Form):
    display_name = forms.CharField(
        label="Display name",
        max_length=120,
        help_text="How your name appears next to your clips, ratings and comments.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user) -> None:
        from .services import profile_update

        profile_update(user=user, display_name=self.cleaned_data["display_name"], bio="")


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
