"""What hub.private_apis relies on in Django, treebeard and Wagtail: pinned, so that an
upgrade that changes one of them fails here, by name."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils.functional import LazyObject
from wagtail.models import Page, Workflow, WorkflowState
from wagtail.search.backends import get_search_backend

from clips.models import ClipPage, TopicIndexPage, TopicPage
from hub import private_apis
from tests.factories import topic_make

pytestmark = pytest.mark.django_db


def test_a_given_parent_is_what_get_parent_answers_without_a_query(django_assert_num_queries):
    topic = TopicPage.objects.get(pk=topic_make("Safety").pk)
    stand_in = TopicIndexPage(title="Stand-in")
    private_apis.parent_cache_set(topic, stand_in)
    with django_assert_num_queries(0):
        assert topic.get_parent() is stand_in
        assert private_apis.parent_cached(topic) is stand_in


def test_get_parent_keeps_what_it_loaded_where_parent_cached_finds_it():
    topic = TopicPage.objects.get(pk=topic_make("Safety").pk)
    assert private_apis.parent_cached(topic) is None
    parent = topic.get_parent()
    assert private_apis.parent_cached(topic) is parent


def test_tree_paths_are_the_ones_add_child_gives():
    index = TopicIndexPage.objects.get()
    first, second = topic_make("First"), topic_make("Second")
    assert private_apis.tree_path(Page, index.path, 1) == first.path
    assert private_apis.tree_path(Page, index.path, 2) == second.path
    assert private_apis.tree_step(Page, first.path) == 1
    assert private_apis.tree_step(Page, second.path) == 2
    # Beyond the alphabet's first digits too (treebeard's base-36 steps).
    assert private_apis.tree_step(Page, private_apis.tree_path(Page, index.path, 1297)) == 1297


def test_rows_insert_writes_only_the_page_types_own_table():
    """A wagtailcore_page row from bulk_create, then its TopicPage row: one whole page."""
    index = TopicIndexPage.objects.get()
    base = Page(
        title="Bulk",
        slug="bulk",
        path=private_apis.tree_path(Page, index.path, 90),
        depth=index.depth + 1,
        url_path=f"{index.url_path}bulk/",
        content_type=ContentType.objects.get_for_model(TopicPage),
        locale_id=index.locale_id,
    )
    Page.objects.bulk_create([base])
    topic = TopicPage(page_ptr_id=base.pk, id=base.pk, summary="Inserted in bulk")
    local = list(TopicPage._meta.local_concrete_fields)

    private_apis.rows_insert(TopicPage, [topic], fields=local, using="default")

    loaded = TopicPage.objects.get(pk=base.pk)
    assert (loaded.title, loaded.summary, loaded.path) == ("Bulk", "Inserted in bulk", base.path)


def test_a_reset_lazy_object_sets_itself_up_again():
    made = []

    class Counted(LazyObject):
        def _setup(self):
            made.append(object())
            self._wrapped = made[-1]

    lazy = Counted()
    str(lazy)
    str(lazy)
    assert len(made) == 1
    private_apis.lazy_reset(lazy)
    str(lazy)
    assert len(made) == 2


def test_a_known_workflow_state_is_what_the_page_answers_without_a_query(
    django_assert_num_queries,
):
    topic = TopicPage.objects.get(pk=topic_make("Safety").pk)
    state = WorkflowState(workflow=Workflow(name="Review"), status=WorkflowState.STATUS_IN_PROGRESS)
    private_apis.workflow_state_known(topic, state)
    with django_assert_num_queries(0):
        assert topic.current_workflow_state is state
        assert topic.workflow_in_progress
    private_apis.workflow_state_known(topic, None)
    with django_assert_num_queries(0):
        assert topic.current_workflow_state is None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 rank is SQLite's")
def test_the_rank_expression_is_what_wagtails_sqlite_search_orders_by():
    """bm25 of the FTS table times the title norm plus bm25 times the body's boost (1.0):
    lower is better, so Wagtail's order (and ours) is the score ascending."""
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

    results = get_search_backend().search("agenda", ClipPage.objects.live())
    compiler = results.query_compiler
    expression = private_apis.rank_expression(
        compiler, compiler.get_search_vectors(), compiler.get_config(results.backend)
    )
    query = SQLiteFTSIndexEntry.objects.annotate(score=expression).values("score").query
    sql = str(query)
    assert sql.count("bm25(wagtailsearch_indexentry_fts)") == 2
    assert '"title_norm"' in sql
