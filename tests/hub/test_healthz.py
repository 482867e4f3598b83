"""/healthz: "ok" first while the database answers, a line per dependency, 503 without it."""

from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_and_reports_each_dependency(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "ok"
    assert lines[1:] == [
        "database: ok",
        "cache: ok",
        "tasks: ok (immediate: run inside the request)",
    ]


def test_healthz_answers_503_when_the_database_fails(client):
    with mock.patch(
        "hub.health.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    lines = response.content.decode().splitlines()
    assert lines[0] == "unavailable"
    assert "database: down" in lines


def test_healthz_counts_the_waiting_tasks_of_a_database_queue(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    body = client.get("/healthz").content.decode()
    assert "tasks: ok (database queue, 0 waiting)" in body.splitlines()
