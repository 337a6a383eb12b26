"""The words an article stands for beyond its own fields. A feature with more text of an
article's (live coverage: its latest entries) registers a source here in its AppConfig.ready;
the search index reads them all. Sources get article ids and return {article id: text}."""

sources = []


def add_source(source):
    if source not in sources:
        sources.append(source)


def more_text(article_ids):
    """{article id: the sources' text for it, joined}."""
    found = {}
    for source in sources:
        for article_id, text in source(article_ids).items():
            if text:
                found[article_id] = f"{found.get(article_id, '')} {text}".strip()
    return found
