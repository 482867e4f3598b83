from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save


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
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import caching, queries
        from .models import ClipMedia

        post_delete.connect(_delete_rendition, sender=ClipMedia, dispatch_uid="clips-rendition")
        # Cached pages that show a changed page are purged (see clips/caching.py).
        page_published.connect(caching.page_changed, dispatch_uid="clips-cache-published")
        page_unpublished.connect(caching.page_changed, dispatch_uid="clips-cache-unpublished")
        post_delete.connect(caching.page_changed, dispatch_uid="clips-cache-deleted")
        post_page_move.connect(caching.page_moved, dispatch_uid="clips-cache-moved")
        for signal in (post_save, post_delete):
            signal.connect(
                caching.restriction_changed,
                sender=PageViewRestriction,
                dispatch_uid=f"clips-cache-restriction-{signal is post_save}",
            )
        # The topics index's URL, kept in the cache (clips.queries.topic_index_url).
        index_signals = {
            "published": page_published,
            "unpublished": page_unpublished,
            "deleted": post_delete,
            "moved": post_page_move,
        }
        for name, signal in index_signals.items():
            signal.connect(queries.topic_index_changed, dispatch_uid=f"clips-index-url-{name}")
        post_save.connect(queries.topic_index_changed, sender=Site, dispatch_uid="clips-index-site")
