"""Receivers for events that Django, allauth and Wagtail hand us (and only those)."""

from allauth.account.signals import user_signed_up
from django.dispatch import receiver
from wagtail.signals import page_published


@receiver(user_signed_up, dispatch_uid="contributions.profile_on_signup")
def profile_on_signup(sender, request, user, **kwargs):
    """Every new account starts on the ladder as a learner, with a profile to show."""
    from .people.services import profile_get

    profile_get(user)


@receiver(page_published, dispatch_uid="contributions.credit_on_publication")
def credit_on_publication(sender, instance, **kwargs):
    """Wagtail published a page (last moderation stage or an editor's publish): a
    contribution's first publication credits its contributor, once."""
    from .moderation.services import submission_published

    submission_published(page=instance)
