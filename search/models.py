"""What came of each logged search, beside Wagtail's own query log.

Wagtail's ``Query`` counts how often something was searched; it does not know whether
anything was found. ``QueryOutcome`` adds that, so editors can see the gaps: searches
that found nothing, most frequent first.
"""

from django.db import models
from wagtail.contrib.search_promotions.models import Query


class QueryOutcome(models.Model):
    query = models.OneToOneField(Query, on_delete=models.CASCADE, related_name="outcome")
    last_result_count = models.PositiveIntegerField(default=0)
    zero_result_hits = models.PositiveIntegerField(
        default=0, help_text="How many times this search found nothing."
    )
    last_searched_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["last_result_count", "-zero_result_hits"])]

    def __str__(self):
        return f"{self.query}: {self.last_result_count} result(s)"
