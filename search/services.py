"""The writes search makes: log what was looked for, whether anything was found, and by
how many different people; and an editor hiding a query from the popular ones."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from wagtail.contrib.search_promotions.models import Query

from hub.client_ip import client_ip

from .models import QueryOutcome, QuerySearcher


def searcher_key(request) -> str:
    """Who searched, as a keyed hash: the account, else the address.

    Not the session or the browser: a visitor can drop a cookie or change a header at will,
    and popular searches must not be set by one visitor. A whole office behind one address
    counts as one person until its people sign in.
    """
    if request.user.is_authenticated:
        basis = f"user:{request.user.pk}"
    else:
        basis = f"address:{client_ip(request)}"
    return salted_hmac("hubbub.search.searcher", basis, algorithm="sha256").hexdigest()[:64]


def search_log(*, query_string: str, result_count: int, searcher: str = "") -> Query | None:
    """Count a hit for the query in Wagtail's log and remember how many results it had.

    A search that found something also records ``searcher`` for today (once), which is
    what popular searches count.

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
                if searcher and result_count:
                    # One statement: a repeat by the same person today is simply ignored.
                    QuerySearcher.objects.bulk_create(
                        [QuerySearcher(query=query, searcher=searcher, day=timezone.now().date())],
                        ignore_conflicts=True,
                    )
                return query
        except IntegrityError:
            continue
    return None


def popular_search_hide(*, query: Query, hidden: bool = True) -> QueryOutcome:
    """Hide a query from the popular searches (or show it again); an editor's choice."""
    with transaction.atomic():
        outcome, _ = QueryOutcome.objects.get_or_create(
            query=query, defaults={"last_searched_at": timezone.now()}
        )
        QueryOutcome.objects.filter(pk=outcome.pk).update(hidden=hidden)
        outcome.hidden = hidden
    return outcome
