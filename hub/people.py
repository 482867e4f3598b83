"""How the site names a person: one rule for clip cards, clip pages, profiles and search.

The display name a person chose on their profile comes first, then the full name from
their account, then the username. Listings ``select_related("…__profile")`` so that naming
a person costs no query of its own.
"""

from django.core.exceptions import ObjectDoesNotExist


def person_name(user, absent: str = "") -> str:
    """The shown name, or ``absent`` when there is no person (an account since deleted)."""
    if user is None:
        return absent
    try:
        chosen = user.profile.display_name
    except ObjectDoesNotExist:  # a person without a profile row yet
        chosen = ""
    return chosen or user.get_full_name() or user.get_username()
