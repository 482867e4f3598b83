"""Receivers for events that Django and allauth hand us (and only those)."""

from allauth.account.signals import user_signed_up
from django.dispatch import receiver


@receiver(user_signed_up, dispatch_uid="contributions.profile_on_signup")
def profile_on_signup(sender, request, user, **kwargs):
    """Every new account starts on the ladder as a learner, with a profile to show."""
    from .services import profile_get

    profile_get(user)
