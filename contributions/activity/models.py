"""What learners do with clips: ratings, counted views, watch progress, topic follows."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


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
