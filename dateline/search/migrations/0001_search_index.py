"""The full-text index: an FTS5 table on SQLite, a tsvector table with a GIN index on
PostgreSQL. Other databases get no table and search with a plain icontains query."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "headline, dek, body, topics, authors, tokenize='porter unicode61 remove_diacritics 2')",
]
POSTGRES = [
    "CREATE TABLE search_index ("
    # No foreign key: Django's flush (tests) truncates articles without knowing this table.
    # Searches join the articles table, so a row of a deleted article is never shown.
    " article_id bigint PRIMARY KEY,"
    " headline text NOT NULL, dek text NOT NULL, body text NOT NULL,"
    " document tsvector NOT NULL)",
    "CREATE INDEX search_index_document ON search_index USING GIN (document)",
]


def create(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor)
    for statement in statements or []:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        schema_editor.execute("DROP TABLE IF EXISTS search_index")


class Migration(migrations.Migration):
    initial = True
    dependencies = [("articles", "0004_workflow")]
    operations = [migrations.RunPython(create, drop)]
