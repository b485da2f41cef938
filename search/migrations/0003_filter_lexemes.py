"""Filters inside the full-text index, and an index for title matches (PostgreSQL only).

A search for a common word over 100,000 documents matched ~20,000 rows; each had to be read from the table to
check the searcher's audiences, the type and Bundesland filters and whether the word is in the title, before
most were thrown away. Now every document's vectors carry lexemes for what the filters ask:

    §a:<audience>   §t:<doc_type>   §l:<Bundesland>   §g:<tag slug>   §s:<0..15 sample bucket>

The query parser never produces "§" (search/analysis.py keeps letters and digits only), so no search text can
match them; the engine adds them to the query as its own clauses, and the GIN index answers text and filters
together. The sample bucket (a hash of the document's key) lets a broad search count and facet one sixteenth
of its matches instead of all of them (search/engines/postgres.py, SAMPLE_BUCKETS).

`search_filter_vector()` builds them, so the engine's writes and this migration agree. head_vector (title,
summary and tags, migration 0002) carries them too and gets a GIN index of its own: the newest title matches of
a broad search are found without reading the others. The tag array index is dropped: tag filters are lexemes.
facet_keys holds what the facets count (type, Bundesland, tag slugs) as one array, so counting them does not
build an array per match at query time.
"""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION search_filter_vector(audiences text[], doc_type text, bundesland text, tag_slugs text[], key text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT array_to_tsvector(
        ARRAY(SELECT '§a:' || a FROM unnest(audiences) AS a WHERE a <> '')
        || ARRAY(SELECT '§g:' || s FROM unnest(tag_slugs) AS s WHERE s <> '')
        || ARRAY['§t:' || doc_type, '§l:' || bundesland, '§s:' || (abs(hashtext(key)) % 16)::text]
    )
$fn$
"""

FORWARD = [
    FUNCTION,
    "ALTER TABLE search_document DROP COLUMN IF EXISTS head_vector",
    "UPDATE search_document SET search_vector = search_vector "
    "|| search_filter_vector(audiences, doc_type, bundesland, tag_slugs, key)",
    "ALTER TABLE search_document ADD COLUMN head_vector tsvector GENERATED ALWAYS AS ("
    "ts_filter(search_vector, '{a,b}') || search_filter_vector(audiences, doc_type, bundesland, tag_slugs, key)"
    ") STORED",
    "CREATE INDEX IF NOT EXISTS search_document_head ON search_document USING gin (head_vector)",
    "ALTER TABLE search_document ADD COLUMN IF NOT EXISTS facet_keys text[] GENERATED ALWAYS AS ("
    "ARRAY[chr(1) || doc_type, chr(2) || bundesland] || tag_slugs) STORED",
    "ALTER TABLE search_document ALTER COLUMN facet_keys SET STORAGE PLAIN",
    "DROP INDEX IF EXISTS search_document_tag_slugs",
    "ANALYZE search_document",
]

BACKWARD = [
    "ALTER TABLE search_document DROP COLUMN IF EXISTS facet_keys",
    "CREATE INDEX IF NOT EXISTS search_document_tag_slugs ON search_document USING gin (tag_slugs)",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS head_vector",
    "UPDATE search_document SET search_vector = ts_delete(search_vector, "
    "tsvector_to_array(search_filter_vector(audiences, doc_type, bundesland, tag_slugs, key)))",
    "ALTER TABLE search_document ADD COLUMN head_vector tsvector "
    "GENERATED ALWAYS AS (ts_filter(search_vector, '{a,b}')) STORED",
    "DROP FUNCTION IF EXISTS search_filter_vector(text[], text, text, text[], text)",
]


def _run(schema_editor, statements: list[str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def forward(apps, schema_editor):
    _run(schema_editor, FORWARD)


def backward(apps, schema_editor):
    _run(schema_editor, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_head_vector")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
