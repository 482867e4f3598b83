"""The extra field of allauth's sign-up form: the name people see next to your clips.

allauth builds its sign-up form on top of this one (``ACCOUNT_SIGNUP_FORM_CLASS``) and calls
``signup()`` once the account exists, so the display name is saved with the new profile.
"""

from django import forms


class SignupForm(forms.Form):
    display_name = forms.CharField(
        label="Display name",
        max_length=120,
        help_text="How your name appears next to your clips, ratings and comments.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user) -> None:
        from .queries import profile_update

        profile_update(user=user, display_name=self.cleaned_data["display_name"], bio="")
