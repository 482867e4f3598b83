"""The results page costs the same number of queries however many results it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clips.models import ClipPage
from contributions.people.services import profile_update
from tests.factories import UserFactory, clip_make, topic_make

# Every query the page makes signed in, inside the test's transaction (each engine call in a
# savepoint), including the query log that runs after the response commits (a task:
# immediate here, the database-backed worker in production): 21-22 for results, 28 for a
# search that finds nothing (its log rows, popular searches and topics).
BUDGET = 30


def count_queries(client, params, capture_on_commit) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx, capture_on_commit(execute=True):
        response = client.get("/search/", params)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["clips"])


def add_clips(topic, n, presenter):
    for i in range(n):
        clip_make(
            topic, title=f"Budget clip {i}", tags=(f"tag{i % 5}", "budget"), presenter=presenter
        )


def test_the_results_page_query_count_does_not_grow_with_results(
    client, crafted, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    presenter = UserFactory(username="bud", first_name="Bud", last_name="Getter")
    topic = crafted["topics"]["meetings"]
    client.force_login(UserFactory(username="reader"))
    add_clips(topic, 2, presenter)
    params = {"q": "budget", "tag": "budget", "sort": "relevance"}
    capture = django_capture_on_commit_callbacks
    count_queries(client, params, capture)  # the first search of a query creates its log rows
    with django_assert_max_num_queries(BUDGET):
        small, shown_small = count_queries(client, params, capture)
    add_clips(topic, 14, presenter)
    with django_assert_max_num_queries(BUDGET):
        large, shown_large = count_queries(client, params, capture)
    assert (shown_small, shown_large) == (2, 12)
    assert large == small


def test_every_sort_and_the_empty_page_stay_within_the_budget(
    client, crafted, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    add_clips(crafted["topics"]["writing"], 14, None)
    # The first search of a query creates its log rows (query, outcome, searcher) once.
    count_queries(client, {"q": "budget"}, django_capture_on_commit_callbacks)
    for params in (
        {"q": "budget", "sort": "top"},
        {"q": "budget", "sort": "newest", "page": "2"},
        {"tag": "budget"},
        {"q": "nothingatall"},
        {},
    ):
        with django_assert_max_num_queries(BUDGET):
            count_queries(client, params, django_capture_on_commit_callbacks)


# Outside a test transaction, as in production: no savepoints around the engine's calls.
# The query log is a task: with the database backend one INSERT after the response; here
# the dummy backend only records it.
AUTOCOMMIT_BUDGET = 12  # issue 10
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


# Counts the queries of a request in autocommit, as production runs it (no test transaction).
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_results_page_costs_the_same_at_two_sizes(
    client, crafted, settings
):
    presenter = UserFactory(username="bud2", first_name="Bud", last_name="Getter")
    topic = crafted["topics"]["meetings"]
    params = {"q": "budget clip", "sort": "relevance"}

    def request_queries():
        immediate = settings.TASKS
        settings.TASKS = DUMMY_TASKS  # for the request only: add_clips needs its tasks run
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/search/", params)
        settings.TASKS = immediate
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["clips"])

    add_clips(topic, 2, presenter)
    request_queries()
    small, shown_small = request_queries()
    add_clips(topic, 14, presenter)
    large, shown_large = request_queries()
    print("search results queries (autocommit):", small, large)
    assert (shown_small, shown_large) == (2, 12)
    assert small == large
    assert large <= AUTOCOMMIT_BUDGET


def add_indexed_clips(topic_count: int, clips_per_topic: int) -> None:
    for _ in range(topic_count):
        topic = topic_make()
        for _ in range(clips_per_topic):
            presenter = UserFactory()
            profile_update(user=presenter, display_name=f"Known as {presenter.username}", bio="")
            clip_make(topic, presenter=presenter)


def index_read_queries() -> int:
    """Queries to read every clip the way the index does (update_index, backend.add_bulk)."""
    with CaptureQueriesContext(connection) as ctx:
        documents = [
            (clip.topic_title(), clip.presenter_display, [tag.name for tag in clip.tags.all()])
            for clip in ClipPage.get_indexed_objects().order_by("pk")
        ]
    assert all(title and name.startswith("Known as") for title, name, _tags in documents)
    return len(ctx.captured_queries)


def test_indexing_many_clips_reads_them_in_as_many_queries_as_a_few(db):
    add_indexed_clips(1, 2)
    small = index_read_queries()
    add_indexed_clips(3, 4)
    assert index_read_queries() == small
