from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete


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
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.contrib.auth.signals import user_logged_out
        from django.core.signals import request_finished, request_started
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import caching, queries, restrictions
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
        # The view restrictions the access policy keeps in the cache (clips/restrictions.py).
        for signal in (post_save, post_delete):
            signal.connect(
                restrictions.changed,
                sender=PageViewRestriction,
                dispatch_uid=f"clips-restrictions-{signal is post_save}",
            )
        m2m_changed.connect(
            restrictions.changed,
            sender=PageViewRestriction.groups.through,
            dispatch_uid="clips-restrictions-groups",
        )
        post_delete.connect(restrictions.changed, sender=Group, dispatch_uid="clips-restr-gd")
        post_page_move.connect(restrictions.changed, dispatch_uid="clips-restrictions-moved")
        request_started.connect(restrictions.request_started, dispatch_uid="clips-restr-start")
        request_finished.connect(restrictions.request_finished, dispatch_uid="clips-restr-end")
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
        m2m_changed.connect(
            caching.restriction_groups_changed,
            sender=PageViewRestriction.groups.through,
            dispatch_uid="clips-cache-restriction-groups",
        )
        # A person's visibility class may change: their class cookie fails (hub/page_cache.py).
        user = get_user_model()
        m2m_changed.connect(
            caching.user_groups_changed, sender=user.groups.through, dispatch_uid="clips-viewer-g"
        )
        pre_delete.connect(caching.group_deleted, sender=Group, dispatch_uid="clips-viewer-gd")
        for signal in (post_save, post_delete):
            signal.connect(
                caching.user_changed,
                sender=user,
                dispatch_uid=f"clips-viewer-user-{signal is post_save}",
            )
        user_logged_out.connect(caching.user_signed_out, dispatch_uid="clips-viewer-out")
