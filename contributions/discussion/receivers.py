"""Events Wagtail and the upload hand us: a clip published, a clip submitted as an answer."""

from django.dispatch import receiver
from wagtail.signals import page_published

from clips.models import ClipPage


@receiver(page_published, sender=ClipPage, dispatch_uid="discussion.answer_clip_published")
def link_answers_when_published(sender, instance, **kwargs):
    """A clip someone gave as an answer is now public: show the answer, tell the asker."""
    from .models import Comment
    from .services import answer_clip_published

    if Comment.objects.filter(answer_clip=instance, answer_linked_at__isnull=True).exists():
        answer_clip_published(clip=instance)
