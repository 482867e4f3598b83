"""Discussion on clips and topics: comments, replies, questions and their answers, flags.

One ``Comment`` model holds all of it: a top-level comment on a clip (optionally at a moment
of it), a question (on a clip or on a topic), and the replies under either (one level deep).
A reply to a question by someone who knows (the clip's presenter or contributor, a topic
expert) is marked as an answer; the asker may accept any reply.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from contributions.models import Level

MAX_LENGTH = 2000


class CommentKind(models.TextChoices):
    COMMENT = "comment", "Comment"
    QUESTION = "question", "Question"


class CommentQuerySet(models.QuerySet):
    def threads(self):
        return self.filter(parent__isnull=True)

    def questions(self):
        return self.filter(parent__isnull=True, kind=CommentKind.QUESTION)

    def shown(self):
        """What a page lists: an answer given with a clip only once that clip is published."""
        return self.filter(models.Q(answer_clip__isnull=True) | models.Q(answer_clip__live=True))


class Comment(models.Model):
    clip = models.ForeignKey(
        "clips.ClipPage", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    # Every comment knows its topic (a clip's comments too), so a topic lists all questions
    # asked in its area with one filter.
    topic = models.ForeignKey(
        "clips.TopicPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments"
    )
    kind = models.CharField(max_length=16, choices=CommentKind.choices, default=CommentKind.COMMENT)
    body = models.TextField(max_length=MAX_LENGTH)
    moment = models.FloatField(null=True, blank=True, help_text="Seconds into the clip.")
    # Answers: a reply by someone who knows is marked; the asker accepts one.
    is_answer = models.BooleanField(default=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    answer_clip = models.ForeignKey(
        "clips.ClipPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the answer's clip was first public (and the asker told); empty while in moderation.
    answer_linked_at = models.DateTimeField(null=True, blank=True)
    # Questions: when the first marked or accepted answer came, and how many want a clip.
    answered_at = models.DateTimeField(null=True, blank=True)
    vote_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["clip", "parent", "-created_at"]),
            models.Index(fields=["topic", "kind", "answered_at"]),
            models.Index(fields=["author", "is_answer"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk} by {self.author_id}"

    @property
    def is_question(self) -> bool:
        return self.kind == CommentKind.QUESTION and self.parent_id is None

    @property
    def is_gone(self) -> bool:
        """Removed by its author or hidden by editors: the thread shows a placeholder."""
        return bool(self.removed_at or self.hidden_at)

    @property
    def is_open_question(self) -> bool:
        return self.is_question and self.answered_at is None


class QuestionVote(models.Model):
    """Someone wants this question answered too; enough of them make it a "clip wanted"."""

    question = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="one_vote_per_user_question")
        ]

    def __str__(self):
        return f"{self.user_id} wants {self.question_id}"


class TopicExpert(models.Model):
    """Someone an editor names as knowing a topic: questions there reach them."""

    topic = models.ForeignKey("clips.TopicPage", on_delete=models.CASCADE, related_name="experts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_topics"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["topic", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "user"], name="one_expert_entry_per_topic")
        ]

    def __str__(self):
        return f"{self.user} knows {self.topic}"


class FlagReason(models.TextChoices):
    INAPPROPRIATE = "inappropriate", "Inappropriate"
    INACCURATE = "inaccurate", "Inaccurate"
    SPAM = "spam", "Spam"
    OTHER = "other", "Other"


class FlagAction(models.TextChoices):
    AUTO_HIDE = "auto_hide", "Hidden pending review (trusted flags)"
    DISMISS = "dismiss", "Dismissed: nothing wrong"
    HIDE = "hide", "Comment hidden"
    UNPUBLISH = "unpublish", "Clip unpublished"


class FlagDecision(models.Model):
    """What was done about the flags on one item, by whom, when and why."""

    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions"
    )
    clip = models.ForeignKey(
        "clips.ClipPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField(max_length=16, choices=FlagAction.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} at {self.created_at:%Y-%m-%d %H:%M}"


class Flag(models.Model):
    """One person's report on a clip or a comment; open until an editor decides."""

    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    clip = models.ForeignKey(
        "clips.ClipPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    reason = models.CharField(max_length=16, choices=FlagReason.choices)
    text = models.CharField(max_length=500, blank=True)
    flagger_trusted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    decision = models.ForeignKey(
        FlagDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="flags"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(comment__isnull=False, clip__isnull=True)
                | models.Q(comment__isnull=True, clip__isnull=False),
                name="flag_on_one_item",
            ),
        ]
        indexes = [models.Index(fields=["decision", "created_at"])]

    def __str__(self):
        return f"{self.get_reason_display()} flag by {self.flagger_id}"


@register_setting(icon="openquote")
class DiscussionSettings(BaseGenericSetting):
    """Limits of the discussion, editable by editors (per-user rates: THROTTLE_RATES)."""

    links_from_level = models.CharField(
        max_length=16,
        choices=Level.choices,
        default=Level.CONTRIBUTOR,
        help_text="The lowest level whose comments may contain links.",
    )
    edit_minutes = models.PositiveIntegerField(
        default=15, help_text="How long after posting authors may edit a comment."
    )
    trusted_flags_to_hide = models.PositiveIntegerField(
        default=3,
        help_text="Flags from trusted contributors that hide an item until an editor decides.",
    )
    votes_for_clip_wanted = models.PositiveIntegerField(
        default=3, help_text="Upvotes that turn an open question into a “clip wanted” request."
    )

    class Meta:
        verbose_name = "discussion"

    @classmethod
    def current(cls) -> "DiscussionSettings":
        """The saved limits, or the defaults; reading never writes a row (``load`` would)."""
        return cls.objects.first() or cls()
