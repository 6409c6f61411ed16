"""Search per edition: each row carries its article's edition (``locale``) and
the text search configuration of its language (``config``), and the full
text is built with that configuration.

PostgreSQL: the generated ``vector`` is rebuilt as ``to_tsvector(config,
...)`` (``config`` is a ``regconfig`` column). SQLite: English rows stay in
the Porter FTS5 table, every other language's go to a second FTS5 table
(unicode61, diacritics removed); the triggers route each row by its
``config``. Existing rows get their article's edition and its language's
configuration (``search.languages.config_for``; on PostgreSQL only among
the server's configurations).
"""

import django.db.models.deletion
from django.db import migrations, models

import gazette.search.models
from gazette.search.languages import PORTER, config_for

TABLE = "search_articlesearchdocument"
FTS = f"{TABLE}_fts"
WORDS = f"{TABLE}_fts_words"
COLUMNS = "title, lede, body"


def _vector(config: str) -> str:
    return f"""
    ALTER TABLE {TABLE} ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector({config}, coalesce(title, '')), 'A')
        || setweight(to_tsvector({config}, coalesce(lede, '')), 'B')
        || setweight(to_tsvector({config}, coalesce(body, '')), 'C')
    ) STORED
    """


GIN = f"CREATE INDEX search_doc_vector_idx ON {TABLE} USING gin (vector)"


def _fts_table(name: str, tokenize: str) -> str:
    return f"""
    CREATE VIRTUAL TABLE {name} USING fts5(
        {COLUMNS}, content='{TABLE}', content_rowid='article_id',
        tokenize='{tokenize}'
    )
    """


def _routed(table: str, when: str, row: str, delete: bool) -> str:
    # One statement of a trigger: write ``row`` (new or old) to ``table`` when
    # its configuration says it belongs there.
    target = f"{table}({table}, rowid, {COLUMNS})" if delete else f"{table}(rowid, {COLUMNS})"
    command = "'delete', " if delete else ""
    return (
        f"INSERT INTO {target} SELECT {command}{row}.article_id, {row}.title, "
        f"{row}.lede, {row}.body WHERE {row}.config {when} '{PORTER}';"
    )


SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER {TABLE}_ai AFTER INSERT ON {TABLE} BEGIN
        {_routed(FTS, "=", "new", False)}
        {_routed(WORDS, "<>", "new", False)}
    END
    """,
    f"""
    CREATE TRIGGER {TABLE}_ad AFTER DELETE ON {TABLE} BEGIN
        {_routed(FTS, "=", "old", True)}
        {_routed(WORDS, "<>", "old", True)}
    END
    """,
    f"""
    CREATE TRIGGER {TABLE}_au AFTER UPDATE ON {TABLE} BEGIN
        {_routed(FTS, "=", "old", True)}
        {_routed(WORDS, "<>", "old", True)}
        {_routed(FTS, "=", "new", False)}
        {_routed(WORDS, "<>", "new", False)}
    END
    """,
]

OLD_SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER {TABLE}_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, {COLUMNS})
        VALUES (new.article_id, new.title, new.lede, new.body);
    END
    """,
    f"""
    CREATE TRIGGER {TABLE}_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
        VALUES ('delete', old.article_id, old.title, old.lede, old.body);
    END
    """,
    f"""
    CREATE TRIGGER {TABLE}_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
        VALUES ('delete', old.article_id, old.title, old.lede, old.body);
        INSERT INTO {FTS}(rowid, {COLUMNS})
        VALUES (new.article_id, new.title, new.lede, new.body);
    END
    """,
]


def _drop_sqlite(schema_editor) -> None:
    for suffix in ("ai", "ad", "au"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{suffix}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {WORDS}")


def drop_fulltext(apps, schema_editor):
    """Take the old full text away while the table changes (SQLite rebuilds a
    table to add a column, which would drop its triggers)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS vector")
    elif vendor == "sqlite":
        _drop_sqlite(schema_editor)


def fill(apps, schema_editor):
    """Give every row its article's edition and that language's configuration."""
    connection = schema_editor.connection
    available = None
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET locale_id = (SELECT p.locale_id FROM "
            f"wagtailcore_page p WHERE p.id = {TABLE}.article_id)"
        )
        if connection.vendor == "postgresql":
            cursor.execute("SELECT cfgname FROM pg_ts_config")
            available = {name for (name,) in cursor.fetchall()}
        Locale = apps.get_model("wagtailcore", "Locale")
        for locale in Locale.objects.all():
            cursor.execute(
                f"UPDATE {TABLE} SET config = %s WHERE locale_id = %s",
                [config_for(locale.language_code, available), locale.pk],
            )


def create_fulltext(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_vector("config"))
        schema_editor.execute(GIN)
    elif vendor == "sqlite":
        schema_editor.execute(_fts_table(FTS, "porter unicode61 remove_diacritics 2"))
        schema_editor.execute(_fts_table(WORDS, "unicode61 remove_diacritics 2"))
        for table, when in ((FTS, "="), (WORDS, "<>")):
            schema_editor.execute(
                f"INSERT INTO {table}(rowid, {COLUMNS}) SELECT article_id, "
                f"{COLUMNS} FROM {TABLE} WHERE config {when} '{PORTER}'"
            )
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


def restore_old_fulltext(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_vector("'english'::regconfig"))
        schema_editor.execute(GIN)
    elif vendor == "sqlite":
        schema_editor.execute(_fts_table(FTS, "porter unicode61 remove_diacritics 2"))
        schema_editor.execute(
            f"INSERT INTO {FTS}(rowid, {COLUMNS}) SELECT article_id, {COLUMNS} "
            f"FROM {TABLE}"
        )
        for statement in OLD_SQLITE_TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_article_search_fulltext"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(drop_fulltext, restore_old_fulltext, elidable=False),
        migrations.AddField(
            model_name="articlesearchdocument",
            name="locale",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.locale",
            ),
        ),
        migrations.AddField(
            model_name="articlesearchdocument",
            name="config",
            field=gazette.search.models.ConfigField(default="simple", max_length=63),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="articlesearchdocument",
            name="locale",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.locale",
            ),
        ),
        migrations.AddIndex(
            model_name="articlesearchdocument",
            index=models.Index(
                fields=["locale", "-published_at", "-article"],
                name="search_doc_locale_newest_idx",
            ),
        ),
        migrations.RunPython(create_fulltext, drop_fulltext, elidable=False),
    ]
