"""A GIN index on Wagtail's search index entries for the expression every search matches.

Wagtail's PostgreSQL backend matches ``title || body`` (one tsvector made of both), while
Wagtail only indexes ``title`` and ``body`` separately, so no index could serve a search and
every one read the whole table. search/backend_postgres.py matches exactly this expression;
the table is Wagtail's (``wagtailsearch_indexentry``), so the index is added here, on
PostgreSQL only (SQLite searches through its own FTS5 table).
"""

from django.db import migrations

INDEX = "hubbub_indexentry_vector_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("hubsearch", "0002_popular_searches_count_people"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
