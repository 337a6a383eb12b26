from django.db import connection


def index_rows():
    """What the search index holds, row by row, first the article's id; sorted."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid, headline, dek, body, topics, authors FROM search_index")
        else:
            cursor.execute("SELECT article_id, body, document::text FROM search_index")
        return sorted(cursor.fetchall())
