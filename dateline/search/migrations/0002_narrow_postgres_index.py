"""PostgreSQL: keep the search table's rows narrow, so that finding the newest matches
through the GIN index reads few pages (issue #6).

The old rows held headline, dek and a compressed body inline, about 860 bytes each (86 MB
of heap at 100,000 articles); searches never read headline or dek. Now, once a row is
long enough to be TOASTed at all (2 kB), PostgreSQL moves the tsvector and the body out
of line until under toast_tuple_target (128 bytes, the least allowed; the default 2 kB
would leave the body inline): about 75 bytes a row, 7.5 MB at 100,000 articles. SQLite's
FTS5 table is unchanged.
"""

from django.db import migrations

NARROW = [
    "CREATE TABLE search_index_narrow ("
    " article_id bigint PRIMARY KEY, document tsvector NOT NULL, body text NOT NULL)"
    " WITH (toast_tuple_target = 128)",
    # Uncompressed: tsvectors hardly shrink, and searches read many of them.
    "ALTER TABLE search_index_narrow ALTER COLUMN document SET STORAGE EXTERNAL",
    "INSERT INTO search_index_narrow (article_id, document, body)"
    " SELECT article_id, document, body FROM search_index",
    "DROP TABLE search_index",
    "ALTER TABLE search_index_narrow RENAME TO search_index",
    "ALTER INDEX search_index_narrow_pkey RENAME TO search_index_pkey",
    # New entries wait in the index's pending list, which every search reads through, until
    # it outgrows this limit: with the default 4 MB, a rebuild at 10,000 articles left 489
    # pages there. 256 kB kept the rebuild as fast (25 s against 23 s).
    "CREATE INDEX search_index_document ON search_index USING GIN (document)"
    " WITH (gin_pending_list_limit = 256)",
    # The search picks its query plan from these statistics (PostgresBackend.newest_first).
    "ANALYZE search_index",
]
WIDE = [
    "CREATE TABLE search_index_wide ("
    " article_id bigint PRIMARY KEY,"
    " headline text NOT NULL, dek text NOT NULL, body text NOT NULL,"
    " document tsvector NOT NULL)",
    # Headline and dek were never read back: `manage.py rebuild_search_index` fills them.
    "INSERT INTO search_index_wide (article_id, headline, dek, body, document)"
    " SELECT article_id, '', '', body, document FROM search_index",
    "DROP TABLE search_index",
    "ALTER TABLE search_index_wide RENAME TO search_index",
    "ALTER INDEX search_index_wide_pkey RENAME TO search_index_pkey",
    "CREATE INDEX search_index_document ON search_index USING GIN (document)",
]


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in NARROW:
            schema_editor.execute(statement)


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in WIDE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_index")]
    operations = [migrations.RunPython(narrow, widen)]
