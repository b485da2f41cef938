"""The tables of the PostgreSQL search engine (search/engines/postgres.py).

search_document is kept narrow (what matching, permissions, facets and ranking read: the weighted tsvector,
audiences, tag slugs, type, Bundesland, date), so a query that matches tens of thousands of documents reads as
few pages as possible; the text a hit shows lives in search_document_text, read only for the page of hits and
for autocomplete. The small arrays are stored PLAIN: never compressed or moved out of line, so reading them
for every match costs nothing extra. The audiences have no index of their own: every searcher may see most
documents (public, or members), so the permission filter is checked on the matches instead.

PostgreSQL only: on SQLite this migration does nothing (the embedded default keeps its index in a SQLite file
of its own, see search/engines/sqlite_fts.py). pg_trgm is a trusted extension since PostgreSQL 13, so the
database owner can create it.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE IF NOT EXISTS search_document (
    id bigserial PRIMARY KEY,
    key varchar(255) NOT NULL UNIQUE,
    doc_type varchar(40) NOT NULL,
    object_model varchar(100) NOT NULL,
    object_id bigint NOT NULL,
    audiences text[] NOT NULL,
    tag_slugs text[] NOT NULL DEFAULT '{}',
    bundesland varchar(2) NOT NULL DEFAULT '',
    date timestamptz NULL,
    search_vector tsvector NOT NULL
);
ALTER TABLE search_document ALTER COLUMN audiences SET STORAGE PLAIN, ALTER COLUMN tag_slugs SET STORAGE PLAIN;
CREATE INDEX IF NOT EXISTS search_document_vector ON search_document USING gin (search_vector);
CREATE INDEX IF NOT EXISTS search_document_tag_slugs ON search_document USING gin (tag_slugs);
CREATE INDEX IF NOT EXISTS search_document_object ON search_document (object_model, object_id);
CREATE INDEX IF NOT EXISTS search_document_date ON search_document (date DESC NULLS LAST);
CREATE TABLE IF NOT EXISTS search_document_text (
    id bigint PRIMARY KEY REFERENCES search_document (id) ON DELETE CASCADE,
    title text NOT NULL,
    title_fold text NOT NULL,
    url text NOT NULL,
    summary text NOT NULL DEFAULT '',
    body text NOT NULL DEFAULT '',
    tags text[] NOT NULL DEFAULT '{}',
    tags_text text NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS search_document_text_title_trgm ON search_document_text USING gin (title_fold gin_trgm_ops);
CREATE INDEX IF NOT EXISTS search_document_text_tags_trgm ON search_document_text USING gin (tags_text gin_trgm_ops);
CREATE TABLE IF NOT EXISTS search_tag (
    slug text PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE IF NOT EXISTS search_term (
    term text NOT NULL,
    audience varchar(20) NOT NULL,
    display text NOT NULL,
    frequency integer NOT NULL DEFAULT 1,
    PRIMARY KEY (term, audience)
);
CREATE INDEX IF NOT EXISTS search_term_trgm ON search_term USING gin (term gin_trgm_ops);
CREATE SEQUENCE IF NOT EXISTS search_generation;
"""

DROP = """
DROP SEQUENCE IF EXISTS search_generation;
DROP TABLE IF EXISTS search_term;
DROP TABLE IF EXISTS search_tag;
DROP TABLE IF EXISTS search_document_text;
DROP TABLE IF EXISTS search_document;
"""


def _run(schema_editor, script: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in script.split(";\n"):
            if statement.strip():
                cursor.execute(statement)


def create_tables(apps, schema_editor):
    _run(schema_editor, CREATE)


def drop_tables(apps, schema_editor):
    _run(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_tables, drop_tables, elidable=False)]
