from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete


def _delete_rendition(sender, instance, **kwargs):
    # wagtailmedia removes the original and the poster of a deleted media; the rendition
    # is ours to remove, once the deletion is committed.
    if instance.rendition:
        name, storage = instance.rendition.name, instance.rendition.storage
        transaction.on_commit(lambda: storage.delete(name))


class ClipsConfig(AppConfig):
    name = "clips"
    verbose_name = "Clips"

    def ready(self):
        from .models import ClipMedia

        post_delete.connect(_delete_rendition, sender=ClipMedia, dispatch_uid="clips-rendition")
