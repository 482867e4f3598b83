"""Keep people's names in the index when they change (Wagtail only re-indexes the saved row).

A clip's index entry holds its presenter's names and a profile's holds its user's, so a
rename of either re-indexes the other through a task (immediate in development and tests,
the database-backed worker in production).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_save

from contributions.models import Profile

from .tasks import person_reindex_task

NAME_FIELDS = {"first_name", "last_name", "username", "display_name"}


def _names_may_have_changed(update_fields) -> bool:
    return update_fields is None or bool(NAME_FIELDS & set(update_fields))


def user_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or created or not _names_may_have_changed(update_fields):
        return
    transaction.on_commit(lambda: person_reindex_task.enqueue(instance.pk))


def profile_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _names_may_have_changed(update_fields):
        return
    transaction.on_commit(lambda: person_reindex_task.enqueue(instance.user_id))


def connect():
    post_save.connect(user_saved, sender=get_user_model(), dispatch_uid="hubsearch_user_saved")
    post_save.connect(profile_saved, sender=Profile, dispatch_uid="hubsearch_profile_saved")
