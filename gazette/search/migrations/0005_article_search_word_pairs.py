"""PostgreSQL: the pairs of adjacent words of each row, for phrases.

A phrase (``"said sale"``, PostgreSQL's ``'said' <-> 'sale'``) is answered
from the GIN index of the vector only as far as "both words occur"; the
positions are then checked in the vector of every row holding both words,
tens of microseconds a row: 0.45 s for "said sale" at 100,000 articles,
which holds no match. ``pairs`` holds every pair of lexemes at adjacent
positions of the row's vector (``'said sale'``), generated from the same
expression as the vector, with a GIN index: a phrase's pairs are looked up
there first (``fulltext.matching``), and only the rows holding them are
checked. SQLite's FTS5 index holds positions already: nothing changes there.
"""

from django.db import migrations

TABLE = "search_articlesearchdocument"

FUNCTION = """
CREATE FUNCTION search_word_pairs(v tsvector) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    WITH w AS (
        SELECT u.lexeme, p
        FROM unnest(v) AS u(lexeme, positions, weights), unnest(u.positions) AS p
    )
    SELECT coalesce(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme), '{}')
    FROM w AS a JOIN w AS b ON b.p = a.p + 1
$$
"""

# The vector's own expression (search.0004): a generated column cannot read
# another.
VECTOR = """
    setweight(to_tsvector(config, coalesce(title, '')), 'A')
    || setweight(to_tsvector(config, coalesce(lede, '')), 'B')
    || setweight(to_tsvector(config, coalesce(body, '')), 'C')
"""


def create_pairs(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN pairs text[] "
        f"GENERATED ALWAYS AS (search_word_pairs({VECTOR})) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX search_doc_pairs_idx ON {TABLE} USING gin (pairs)"
    )


def drop_pairs(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS pairs")
    schema_editor.execute("DROP FUNCTION IF EXISTS search_word_pairs(tsvector)")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_article_search_editions")]

    operations = [migrations.RunPython(create_pairs, drop_pairs, elidable=False)]
