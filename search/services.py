"""The one write search makes: log what was looked for and whether anything was found."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from .models import QueryOutcome


def search_log(*, query_string: str, result_count: int) -> Query | None:
    """Count a hit for the query in Wagtail's log and remember how many results it had.

    Two people searching the same new words at once race to create the Query row; the
    loser retries once and finds it. A log that cannot be written never breaks a search.
    """
    if not query_string.strip():
        return None
    for _attempt in range(2):
        try:
            with transaction.atomic():
                query = Query.get(query_string)
                query.add_hit()
                outcome, created = QueryOutcome.objects.get_or_create(
                    query=query,
                    defaults={
                        "last_result_count": result_count,
                        "zero_result_hits": 0 if result_count else 1,
                        "last_searched_at": timezone.now(),
                    },
                )
                if not created:
                    QueryOutcome.objects.filter(pk=outcome.pk).update(
                        last_result_count=result_count,
                        zero_result_hits=F("zero_result_hits") + (0 if result_count else 1),
                        last_searched_at=timezone.now(),
                    )
                return query
        except IntegrityError:
            continue
    return None
