"""Editors see the searches that found nothing; SEARCH_URL switches the engine; rebuilds work."""

import importlib
import json
import os
from unittest import mock

from django.contrib.auth.models import Permission
from django.core.management import call_command
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from clips.models import ClipPage
from search.queries import clip_match_ids
from search.services import search_log
from tests.factories import UserFactory
from tests.refusals import assert_sent_to_admin_home

REPORT = "/admin/reports/searches-without-results/"


def test_editors_see_searches_that_found_nothing_most_frequent_first(client, editor):
    search_log(query_string="onboarding checklist", result_count=0)
    for _ in range(3):
        search_log(query_string="expenses", result_count=0)
    search_log(query_string="agenda", result_count=4)
    client.force_login(editor)
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("expenses") < html.index("onboarding checklist")
    assert "agenda" not in html


def test_a_gap_filled_by_new_content_leaves_the_report(client, editor):
    search_log(query_string="expenses", result_count=0)
    search_log(query_string="expenses", result_count=2)
    client.force_login(editor)
    assert "expenses" not in client.get(REPORT).content.decode()


def test_learners_cannot_read_the_report(client, db):
    user = UserFactory(username="lee")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(REPORT)
    assert_sent_to_admin_home(response)
    assert "Searches that found nothing" not in response.content.decode()


def test_the_report_is_in_the_reports_menu_for_editors(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert REPORT in response.content.decode()


def base_settings(env: dict):
    with mock.patch.dict(os.environ, env, clear=False):
        import hub.settings.base as base

        return importlib.reload(base)


def test_without_search_url_the_database_backend_is_used():
    with mock.patch.dict(os.environ, {}, clear=False):
        os.environ.pop("SEARCH_URL", None)
        settings = base_settings({})
    assert settings.WAGTAILSEARCH_BACKENDS["default"] == {"BACKEND": "search.backend"}


def test_search_url_switches_to_elasticsearch_at_that_address():
    settings = base_settings({"SEARCH_URL": "http://127.0.0.1:9200", "SEARCH_INDEX": "hubbub_x"})
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert backend["URLS"] == ["http://127.0.0.1:9200"]
    assert backend["INDEX"] == "hubbub_x"


def test_search_backend_picks_opensearch_when_asked():
    settings = base_settings(
        {
            "SEARCH_URL": "https://search.internal:9200",
            "SEARCH_BACKEND": "wagtail.search.backends.opensearch2",
        }
    )
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == (
        "wagtail.search.backends.opensearch2"
    )
    base_settings({"SEARCH_URL": ""})  # leave the module as the environment has it


def test_the_elasticsearch_backend_builds_our_clip_search_from_plain_words(settings, crafted):
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "es": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": ["http://127.0.0.1:9"],
            "INDEX": "hubbub_test",
            "AUTO_UPDATE": False,
        },
    }
    backend = get_search_backend("es")
    mapping = json.dumps(backend.mapping_class(ClipPage).get_mapping())
    for field in ("transcript", "summary", "topic_title", "presenter_name"):
        assert field in mapping
    results = backend.search("zebracorn agenda", ClipPage.objects.live(), operator="and")
    query = json.dumps(results.query_compiler.get_query())
    assert "zebracorn agenda" in query


def test_the_default_backend_is_wagtails_database_backend_for_the_database_in_use(db):
    from django.db import connection

    expected = {"sqlite": "SQLiteSearchBackend", "postgresql": "PostgresSearchBackend"}
    classes = [cls.__name__ for cls in type(get_search_backend()).__mro__]
    assert expected[connection.vendor] in classes


def test_update_index_rebuilds_an_emptied_index(crafted):
    IndexEntry.objects.all().delete()
    assert clip_match_ids(["zebracorn"]) == []
    call_command("update_index", stdout=open(os.devnull, "w"))
    assert clip_match_ids(["zebracorn"]) == [crafted["agenda"].pk]
