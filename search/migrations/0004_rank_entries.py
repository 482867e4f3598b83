"""A narrow copy of Wagtail's search index entries for PostgreSQL to match and rank from.

Wagtail's ``wagtailsearch_indexentry`` rows are wide (the title and body as plain text too,
and the autocomplete vector), and every search matched ``title || body``, a tsvector built
again for every candidate row. ``hubsearch_rankentry`` keeps only what matching and ranking
read: the two vectors with the weights Wagtail gave them at write time, their concatenation
stored once (``vector``, GIN indexed), the title's own GIN index (title matches come first
in search.queries), the title norm and the object's id as a number (NULL for a model whose
ids are not numbers: search/backend_postgres.py leaves those to Wagtail's own query).

The copy is kept by triggers on Wagtail's table, so every path that writes the index
(``update_index``, page publishing, the demo's bulk indexing, Wagtail's title-norm refresh)
keeps it in step without our code being called. PostgreSQL only: SQLite searches through
its own FTS5 table. Migration 0003's expression index is dropped: nothing matches
``title || body`` on Wagtail's table any more.
"""

import django.contrib.postgres.search
from django.db import migrations, models

CREATE = """
CREATE TABLE hubsearch_rankentry (
    entry_id integer PRIMARY KEY,
    content_type_id integer NOT NULL,
    object_pk bigint,
    title tsvector NOT NULL,
    body tsvector NOT NULL,
    title_norm double precision NOT NULL,
    vector tsvector GENERATED ALWAYS AS (title || body) STORED
) WITH (toast_tuple_target = 128);
-- The vectors live out of line (uncompressed): a row in the table proper is a few dozen
-- bytes, so finding the newest matches reads few pages, and only the ranked few are read
-- in full.
ALTER TABLE hubsearch_rankentry ALTER COLUMN title SET STORAGE EXTERNAL,
    ALTER COLUMN body SET STORAGE EXTERNAL, ALTER COLUMN vector SET STORAGE EXTERNAL;
CREATE INDEX hubsearch_rankentry_object ON hubsearch_rankentry (content_type_id, object_pk);
CREATE INDEX hubsearch_rankentry_vector_gin ON hubsearch_rankentry USING gin (vector);
CREATE INDEX hubsearch_rankentry_title_gin ON hubsearch_rankentry USING gin (title);

CREATE FUNCTION hubsearch_rankentry_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO hubsearch_rankentry
        (entry_id, content_type_id, object_pk, title, body, title_norm)
    VALUES (
        NEW.id, NEW.content_type_id,
        CASE WHEN NEW.object_id ~ '^[0-9]{1,18}$' THEN NEW.object_id::bigint END,
        NEW.title, NEW.body, NEW.title_norm
    )
    ON CONFLICT (entry_id) DO UPDATE SET
        content_type_id = EXCLUDED.content_type_id,
        object_pk = EXCLUDED.object_pk,
        title = EXCLUDED.title,
        body = EXCLUDED.body,
        title_norm = EXCLUDED.title_norm;
    RETURN NULL;
END $$;

CREATE FUNCTION hubsearch_rankentry_drop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM hubsearch_rankentry WHERE entry_id = OLD.id;
    RETURN NULL;
END $$;

CREATE FUNCTION hubsearch_rankentry_empty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE hubsearch_rankentry;
    RETURN NULL;
END $$;

CREATE TRIGGER hubsearch_rankentry_copy
    AFTER INSERT OR UPDATE OF content_type_id, object_id, title, body, title_norm
    ON wagtailsearch_indexentry FOR EACH ROW EXECUTE FUNCTION hubsearch_rankentry_copy();
CREATE TRIGGER hubsearch_rankentry_drop
    AFTER DELETE ON wagtailsearch_indexentry
    FOR EACH ROW EXECUTE FUNCTION hubsearch_rankentry_drop();
CREATE TRIGGER hubsearch_rankentry_empty
    AFTER TRUNCATE ON wagtailsearch_indexentry
    FOR EACH STATEMENT EXECUTE FUNCTION hubsearch_rankentry_empty();

INSERT INTO hubsearch_rankentry
    (entry_id, content_type_id, object_pk, title, body, title_norm)
SELECT id, content_type_id,
       CASE WHEN object_id ~ '^[0-9]{1,18}$' THEN object_id::bigint END,
       title, body, title_norm
FROM wagtailsearch_indexentry;
ANALYZE hubsearch_rankentry;

DROP INDEX IF EXISTS hubbub_indexentry_vector_gin;
"""

DROP = """
DROP TRIGGER IF EXISTS hubsearch_rankentry_copy ON wagtailsearch_indexentry;
DROP TRIGGER IF EXISTS hubsearch_rankentry_drop ON wagtailsearch_indexentry;
DROP TRIGGER IF EXISTS hubsearch_rankentry_empty ON wagtailsearch_indexentry;
DROP FUNCTION IF EXISTS hubsearch_rankentry_copy();
DROP FUNCTION IF EXISTS hubsearch_rankentry_drop();
DROP FUNCTION IF EXISTS hubsearch_rankentry_empty();
DROP TABLE IF EXISTS hubsearch_rankentry;
CREATE INDEX IF NOT EXISTS hubbub_indexentry_vector_gin ON wagtailsearch_indexentry
    USING gin ((title || body));
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("hubsearch", "0003_indexentry_vector_gin")]

    operations = [
        migrations.RunPython(forwards, backwards),
        # The table's shape, for the ORM (search.models.RankEntry); made above, PostgreSQL only.
        migrations.CreateModel(
            name="RankEntry",
            fields=[
                ("entry_id", models.IntegerField(primary_key=True, serialize=False)),
                ("content_type_id", models.IntegerField()),
                ("object_pk", models.BigIntegerField(null=True)),
                ("title", django.contrib.postgres.search.SearchVectorField()),
                ("body", django.contrib.postgres.search.SearchVectorField()),
                ("title_norm", models.FloatField()),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={"db_table": "hubsearch_rankentry", "managed": False},
        ),
    ]
