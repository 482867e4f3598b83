"""Events we are handed: a clip published, a clip submitted as an answer, a discussion changed."""

from django.dispatch import receiver
from wagtail.signals import page_published

from clips import caching
from clips.models import ClipPage

from .signals import discussion_changed


@receiver(page_published, sender=ClipPage, dispatch_uid="discussion.answer_clip_published")
def link_answers_when_published(sender, instance, **kwargs):
    """A clip someone gave as an answer is now public: show the answer, tell the asker."""
    from .models import Comment
    from .services import answer_clip_published

    if Comment.objects.filter(answer_clip=instance, answer_linked_at__isnull=True).exists():
        answer_clip_published(clip=instance)


@receiver(discussion_changed, dispatch_uid="discussion.purge_cached_pages")
def purge_pages_showing_the_discussion(sender, clip=None, topic=None, **kwargs):
    """The discussion is part of the cached clip and topic pages: purge them (and the CDN)."""
    for page in (clip, topic):
        if page is not None:
            caching.purge(page)
