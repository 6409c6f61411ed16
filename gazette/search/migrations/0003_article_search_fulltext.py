"""Add the full-text machinery beside ``search_articlesearchdocument``.

PostgreSQL: a stored, generated ``tsvector`` (headline A, lede B, body C) and
its GIN index; the database recomputes it on every write of a row. SQLite: an
FTS5 table on the same rows with the porter stemmer ("sanction" finds
"sanctions"), kept in step by triggers. The text search configuration is
``search.fulltext.CONFIG`` ('english'); a test checks both agree.
"""

from django.db import migrations

TABLE = "search_articlesearchdocument"
FTS = f"{TABLE}_fts"
CONFIG = "english"

POSTGRESQL = [
    f"""
    ALTER TABLE {TABLE} ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(lede, '')), 'B')
        || setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(body, '')), 'C')
    ) STORED
    """,
    f"CREATE INDEX search_doc_vector_idx ON {TABLE} USING gin (vector)",
]

SQLITE = [
    f"""
    CREATE VIRTUAL TABLE {FTS} USING fts5(
        title, lede, body,
        content='{TABLE}', content_rowid='article_id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    f"""
    CREATE TRIGGER {TABLE}_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, title, lede, body)
        VALUES (new.article_id, new.title, new.lede, new.body);
    END
    """,
    f"""
    CREATE TRIGGER {TABLE}_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, lede, body)
        VALUES ('delete', old.article_id, old.title, old.lede, old.body);
    END
    """,
    f"""
    CREATE TRIGGER {TABLE}_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, lede, body)
        VALUES ('delete', old.article_id, old.title, old.lede, old.body);
        INSERT INTO {FTS}(rowid, title, lede, body)
        VALUES (new.article_id, new.title, new.lede, new.body);
    END
    """,
]


def create(apps, schema_editor):
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS vector")
    elif vendor == "sqlite":
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_article_search_document")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
