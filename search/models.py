"""What came of each logged search, beside Wagtail's own query log.

Wagtail's ``Query`` counts how often something was searched; it does not know whether
anything was found. ``QueryOutcome`` adds that, so editors can see the gaps: searches
that found nothing, most frequent first, and lets editors hide a query from the popular
ones. ``QuerySearcher`` records who (as a keyed hash) searched what on which day, so
"popular" counts people, not hits: one visitor repeating a query counts once.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from wagtail.contrib.search_promotions.models import Query


class QueryOutcome(models.Model):
    query = models.OneToOneField(Query, on_delete=models.CASCADE, related_name="outcome")
    last_result_count = models.PositiveIntegerField(default=0)
    zero_result_hits = models.PositiveIntegerField(
        default=0, help_text="How many times this search found nothing."
    )
    last_searched_at = models.DateTimeField()
    hidden = models.BooleanField(
        default=False, help_text="Never shown among popular searches (an editor's choice)."
    )

    class Meta:
        indexes = [models.Index(fields=["last_result_count", "-zero_result_hits"])]

    def __str__(self):
        return f"{self.query}: {self.last_result_count} result(s)"


class QuerySearcher(models.Model):
    """One person who ran a query that found something, on one day.

    ``searcher`` is a keyed hash of the account, or of the address for visitors who are
    not signed in (search.services.searcher_key): no name or address is stored.
    """

    query = models.ForeignKey(Query, on_delete=models.CASCADE, related_name="searchers")
    searcher = models.CharField(max_length=64)
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["query", "searcher", "day"], name="one_searcher_per_query_and_day"
            )
        ]
        indexes = [models.Index(fields=["day", "query"])]

    def __str__(self):
        return f"{self.query} on {self.day}"


class RankEntry(models.Model):
    """PostgreSQL's narrow copy of a search index entry (search.migrations.0004): read-only.

    Kept by triggers on Wagtail's ``wagtailsearch_indexentry``; search/backend_postgres.py
    matches on ``vector`` (GIN) and ranks on ``title`` and ``body`` as Wagtail does. The
    table exists on PostgreSQL only.
    """

    entry_id = models.IntegerField(primary_key=True)
    content_type_id = models.IntegerField()
    object_pk = models.BigIntegerField(null=True)
    title = SearchVectorField()
    body = SearchVectorField()
    title_norm = models.FloatField()
    vector = SearchVectorField()

    class Meta:
        managed = False
        db_table = "hubsearch_rankentry"

    def __str__(self):
        return f"entry {self.entry_id} (object {self.object_pk})"
