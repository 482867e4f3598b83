"""What people do with content: ratings, views, progress, follows, and the ladder."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.search import index


class Level(models.TextChoices):
    LEARNER = "learner", "Learner"
    CONTRIBUTOR = "contributor", "Contributor"
    TRUSTED = "trusted", "Trusted contributor"
    EDITOR = "editor", "Editor"


LEVEL_ORDER = [Level.LEARNER, Level.CONTRIBUTOR, Level.TRUSTED, Level.EDITOR]


class Profile(index.Indexed, models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(max_length=120, blank=True)
    bio = models.TextField(blank=True, max_length=1000)
    level = models.CharField(max_length=16, choices=Level.choices, default=Level.LEARNER)
    level_changed_at = models.DateTimeField(null=True, blank=True)
    # Counters the ladder reads; changed only with F() in contributions.services.
    ratings_count = models.PositiveIntegerField(default=0)
    approved_count = models.PositiveIntegerField(default=0)

    # People are found by any of their names (search/ keeps this entry in step with the user).
    search_fields = [
        index.SearchField("display_name"),
        index.AutocompleteField("display_name"),
        index.SearchField("bio"),
        index.RelatedFields(
            "user",
            [
                index.SearchField("first_name"),
                index.SearchField("last_name"),
                index.SearchField("username"),
                index.AutocompleteField("username"),
            ],
        ),
        index.FilterField("level"),
    ]

    def __str__(self):
        return self.display_name or self.user.get_username()


class LevelChange(models.Model):
    """One promotion or demotion: who, when, why, and by whom if by hand."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="level_changes"
    )
    from_level = models.CharField(max_length=16, choices=Level.choices)
    to_level = models.CharField(max_length=16, choices=Level.choices)
    reason = models.CharField(max_length=255)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} {self.from_level} → {self.to_level}"


class Rating(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings"
    )
    clip = models.ForeignKey("clips.ClipPage", on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "clip"], name="one_rating_per_user_clip"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["-updated_at"])]

    def __str__(self):
        return f"{self.user} rated {self.clip_id}: {self.score}"


class ClipView(models.Model):
    """A counted view: one per viewer per clip per window (see services.view_record)."""

    clip = models.ForeignKey("clips.ClipPage", on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    viewer_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["clip", "viewer_key", "-created_at"])]

    def __str__(self):
        return f"View of {self.clip_id} by {self.viewer_key[:8]}"


class WatchProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watch_progress"
    )
    clip = models.ForeignKey("clips.ClipPage", on_delete=models.CASCADE, related_name="+")
    position = models.FloatField(default=0)
    duration = models.FloatField(default=0)
    completed = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "clip"], name="one_progress_per_user_clip")
        ]
        indexes = [models.Index(fields=["user", "completed", "-updated_at"])]

    def __str__(self):
        return f"{self.user_id} at {self.position:.0f}s of {self.clip_id}"


class TopicFollow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_follows"
    )
    topic = models.ForeignKey("clips.TopicPage", on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="one_follow_per_user_topic")
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.topic_id}"


class ContributionCredit(models.Model):
    """A contribution counted towards its contributor's approved clips: once per clip.

    Written on the clip's first publication, whichever way it was published (the last
    moderation stage, or an editor's publish); the unique clip makes crediting idempotent.
    """

    clip = models.OneToOneField(
        "clips.ClipPage", on_delete=models.CASCADE, related_name="contribution_credit"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Clip {self.clip_id} credited to {self.user_id}"


class UploadToken(models.Model):
    """The one-time token of an upload form: a repeated post (a double click) finds the
    submission the first one made instead of making another."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upload_tokens"
    )
    token = models.UUIDField()
    clip = models.ForeignKey(
        "clips.ClipPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="one_submission_per_token")
        ]

    def __str__(self):
        return f"Upload {self.token} by {self.user_id}"


class EventKind(models.TextChoices):
    """What the community dashboard counts as the people-to-people strand.

    People-to-content activity (views, ratings, searches) has rows of its own; these are the
    moments when one person reaches another.
    """

    TOPIC_FOLLOW = "topic_follow", "Followed a topic"
    PERSON_FOLLOW = "person_follow", "Followed a person"
    COMMENT = "comment", "Commented"
    REPLY = "reply", "Replied"
    QUESTION = "question", "Asked a question"
    ANSWER = "answer", "Answered a question"
    ANSWER_ACCEPTED = "answer_accepted", "Accepted an answer"
    CLIP_WANTED_VOTE = "clip_wanted_vote", "Asked for a clip"
    FLAG = "flag", "Flagged"
    PEER_REVIEW = "peer_review", "Reviewed a peer's clip"
    PROFILE_VISIT = "profile_visit", "Visited a profile"


class CommunityEvent(models.Model):
    """One people-to-people moment, appended by services and never edited.

    Counting these (by kind and day) is how the dashboard follows the social strand without
    knowing every model that produces it.
    """

    kind = models.CharField(max_length=32, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clip = models.ForeignKey(
        "clips.ClipPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    topic = models.ForeignKey(
        "clips.TopicPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.created_at:%Y-%m-%d %H:%M}"


@register_setting(icon="group")
class LadderSettings(BaseGenericSetting):
    """The participation ladder's thresholds and limits, editable by editors."""

    ratings_to_contribute = models.PositiveIntegerField(
        default=5, help_text="Ratings a learner gives before they may contribute clips."
    )
    approvals_to_trusted = models.PositiveIntegerField(
        default=3, help_text="Approved clips a contributor needs to become trusted."
    )
    max_waiting_submissions = models.PositiveIntegerField(
        default=5, help_text="Submissions one person may have waiting in moderation."
    )
    max_clip_seconds = models.PositiveIntegerField(
        default=600, help_text="Longest clip accepted from contributors, in seconds."
    )

    class Meta:
        verbose_name = "participation ladder"


DEFAULT_REVIEW_CHECKLIST = "Accurate\nAppropriate for everyone\nCaptions readable"


@register_setting(icon="tasks")
class ReviewSettings(BaseGenericSetting):
    """What reviewers check before they approve, editable by editors."""

    checklist = models.TextField(
        default=DEFAULT_REVIEW_CHECKLIST,
        blank=True,
        help_text="One point per line; reviewers see them on the review screen.",
    )

    class Meta:
        verbose_name = "review checklist"

    def checklist_items(self) -> list[str]:
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]


# The moderation task type lives beside the workflow code; importing it here registers it.
from .workflow import CommunityReviewTask  # noqa: E402, F401
