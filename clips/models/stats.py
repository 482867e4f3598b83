from django.db import models


class ClipStats(models.Model):
    """Counters for one clip, kept apart from the page so activity never writes a revision.

    Only ever changed with F() expressions (see contributions.activity.ratings), so concurrent
    views and ratings add up exactly.
    """

    clip = models.OneToOneField(
        "clips.ClipPage", on_delete=models.CASCADE, primary_key=True, related_name="stats"
    )
    view_count = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "clip statistics"
        indexes = [models.Index(fields=["-view_count"]), models.Index(fields=["-last_activity_at"])]

    def __str__(self):
        return f"Statistics for clip {self.clip_id}"

    @property
    def rating_average(self) -> float | None:
        if not self.rating_count:
            return None
        return round(self.rating_sum / self.rating_count, 2)
