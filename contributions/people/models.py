"""People on the ladder: profiles, levels and their changes, the ladder's settings, and the
people-to-people events the community dashboard counts."""

from django.conf import settings
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
    # Counters the ladder reads; changed only with F() in the services.
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


class PersonFollow(models.Model):
    """Someone follows a person: that person's newly published clips reach their home page."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person_follows"
    )
    followed = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="one_follow_per_person"),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followed")), name="no_following_oneself"
            ),
        ]

    def __str__(self):
        return f"{self.follower_id} follows {self.followed_id}"
