"""Who made a clip: the person who presents it, or the contributor of a community clip.

They are named on the clip and their profile lists it. They do not rate it: a maker's
own stars would count in Top rated. The same rule as SQL (``made_by_q``) for listings
and counts, and in Python (``is_made_by``) for one clip at hand.
"""

from django.db.models import Q

from .models.pages import ClipOrigin


def made_by_q(user) -> Q:
    return Q(presenter=user) | Q(owner=user, origin=ClipOrigin.COMMUNITY)


def is_made_by(user, clip) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if clip.presenter_id == user.pk:
        return True
    return clip.origin == ClipOrigin.COMMUNITY and clip.owner_id == user.pk
