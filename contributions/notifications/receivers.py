"""Events Django and Wagtail hand us, turned into notifications.

A submission moving through moderation (a stage starts, changes are requested, it is
approved), a promotion on the ladder, and a clip published for the first time (to the
followers of its topic and of its presenter or contributor).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published, task_submitted, workflow_approved, workflow_rejected

from clips.models import ClipOrigin, ClipPage
from clips.queries import topic_of
from contributions.models import Level, LevelChange, PersonFollow, TopicFollow
from contributions.people.ladder import level_rank

from .models import Kind
from .services import notify


def _clip_of(workflow_state):
    page = workflow_state.content_object
    page = page.specific if page is not None else None
    return page if isinstance(page, ClipPage) else None


def _tell_contributor(page: ClipPage, text: str) -> None:
    if page.owner_id and page.origin == ClipOrigin.COMMUNITY:
        notify(
            recipients=[page.owner_id],
            kind=Kind.SUBMISSION,
            text=text,
            url="/contribute/",
            clip=None,
        )


@receiver(task_submitted, dispatch_uid="notifications.stage_started")
def stage_started(sender, instance, user=None, **kwargs):
    page = _clip_of(instance.workflow_state)
    if page is not None:
        _tell_contributor(page, f"Your clip “{page.title}” is now in {instance.task.name}.")


@receiver(workflow_rejected, dispatch_uid="notifications.changes_requested")
def changes_requested(sender, instance, user=None, **kwargs):
    page = _clip_of(instance)
    if page is not None:
        _tell_contributor(page, f"A reviewer asked for changes to your clip “{page.title}”.")


@receiver(workflow_approved, dispatch_uid="notifications.approved")
def approved(sender, instance, user=None, **kwargs):
    page = _clip_of(instance)
    if page is not None:
        _tell_contributor(page, f"Your clip “{page.title}” is approved and published.")


@receiver(post_save, sender=LevelChange, dispatch_uid="notifications.promoted")
def promoted(sender, instance, created, **kwargs):
    if created and level_rank(instance.to_level) > level_rank(instance.from_level):
        notify(
            recipients=[instance.user_id],
            kind=Kind.PROMOTION,
            text=f"You are now a {Level(instance.to_level).label.lower()}: {instance.reason}",
            url="/contribute/",
        )


@receiver(page_published, sender=ClipPage, dispatch_uid="notifications.new_clip")
def new_clip(sender, instance, revision=None, **kwargs):
    """Only the first publication is news; later edits are not."""
    clip = instance
    if clip.first_published_at != clip.last_published_at:
        return
    topic = topic_of(clip)
    makers = {clip.presenter_id, clip.owner_id if clip.origin == ClipOrigin.COMMUNITY else None}
    followers = set(
        PersonFollow.objects.filter(followed_id__in=makers - {None}).values_list(
            "follower_id", flat=True
        )
    )
    if topic is not None:
        followers |= set(TopicFollow.objects.filter(topic=topic).values_list("user_id", flat=True))
    where = f" in {topic.title}" if topic is not None else ""
    notify(
        recipients=followers - makers,
        kind=Kind.NEW_CLIP,
        text=f"New clip{where}: “{clip.title}”",
        url=clip.url or "",
        clip=clip,
    )
