"""Match, count and score articles in the search table, on each database's own
full-text search.

PostgreSQL reads the reader's syntax with ``websearch_to_tsquery`` in the
edition's text search configuration and matches the stored, GIN-indexed
``vector`` column (built with each row's configuration); SQLite matches its
FTS5 table for the configuration (Porter stemmer for English, unicode61 for
the others: ``languages``) with the query written by ``syntax.fts5``. Both
rank with the database's own score (``ts_rank`` on the weighted vector,
FTS5's ``bm25`` with the same weights) and only for a bounded set of rows:
the newest ``limit`` matches, found through the index on the edition and
the publication time.

A search is in one edition (``locale``) and its configuration; the API may
search every edition at once, each row in its own configuration
(``configs`` holds several).
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import OperationalError, connection, transaction
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from wagtail.models import Locale, PageViewRestriction

from gazette.articles.models import ArticlePageAuthor
from gazette.core import editions

from . import languages, syntax
from .models import ArticleSearchDocument

TABLE = ArticleSearchDocument._meta.db_table
# SQLite: English rows in the Porter table, every other language's in the
# plain one (search.0004 builds both and routes rows by their ``config``).
FTS_TABLE = f"{TABLE}_fts"
WORDS_TABLE = f"{TABLE}_fts_words"


def fts_table(config: str) -> str:
    """Return the SQLite FTS5 table holding the rows of ``config``."""
    return FTS_TABLE if languages.uses_porter(config) else WORDS_TABLE


def bm25(table: str) -> str:
    # FTS5's bm25 weights per column (headline, lede, body), in the ratio of
    # PostgreSQL's default weights for A, B and C (1.0, 0.4, 0.2).
    return f"bm25({table}, 5.0, 2.0, 1.0)"


_available: dict[str, frozenset[str]] = {}


def available_configs() -> frozenset[str] | None:
    """Return the server's text search configurations (PostgreSQL, read once
    per process); None elsewhere, where every name is accepted."""
    if connection.vendor != "postgresql":
        return None
    if "names" not in _available:
        with connection.cursor() as cursor:
            cursor.execute("SELECT cfgname FROM pg_ts_config")
            _available["names"] = frozenset(name for (name,) in cursor.fetchall())
    return _available["names"]


def config_for(language_code: str) -> str:
    """Return the configuration the rows of ``language_code`` are searched with."""
    return languages.config_for(language_code, available_configs())


def edition_key(language_code: str):
    """Return the key of the edition of ``language_code``, as a subquery: the
    database reads it once (PostgreSQL's InitPlan), then walks the indexes
    that start with the edition as with a constant, and the request makes no
    query of its own for it."""
    return Subquery(Locale.objects.filter(language_code=language_code).values("pk")[:1])


def edition_configs() -> tuple[str, ...]:
    """Return the configurations of every edition, for a search of all of them."""
    # The editions as the request knows them (cached): no query.
    codes = editions.edition_codes()
    return tuple(sorted({config_for(code) for code in codes})) or (languages.SIMPLE,)


# How many of the newest rows each step of ``scored`` looks among.
TIERS = (2_000, 20_000, 200_000)
# The largest tier whose cutoff is read row by row; larger ones are projected.
EXACT_TIER = 20_000
CUTOFFS_SECONDS = 300
# The time a search may spend in the database, from its first statement.
BUDGET_SECONDS = 0.25
QUERY_CANCELED = "57014"


@dataclass(frozen=True)
class Scored:
    pk: int
    score: float
    published_at: datetime.datetime


def documents(
    *,
    locale=None,
    section=None,
    story=None,
    author=None,
    published: dict | None = None,
) -> QuerySet[ArticleSearchDocument]:
    """Return the rows of live, public articles that pass the filters.

    Each filter is a column of the table with an index that starts with it
    (``locale``, ``section``, ``story``, ``published_at``); an author's articles are the
    keys of their bylines. Pages under a view restriction are left out by
    their tree path, as Wagtail's ``public()`` does.
    """
    rows = ArticleSearchDocument.objects.all()
    if locale is not None:
        rows = rows.filter(locale=locale)
    if section is not None:
        rows = rows.filter(section=section)
    if story is not None:
        rows = rows.filter(story=story)
    if author is not None:
        rows = rows.filter(
            article_id__in=ArticlePageAuthor.objects.filter(author=author).values(
                "page_id"
            )
        )
    if published:
        rows = rows.filter(
            **{f"published_at__{k.rsplit('__', 1)[1]}": v for k, v in published.items()}
        )
    # In the same query: the restrictions are a handful of rows.
    restricted = PageViewRestriction.objects.alias(
        article_path=ExpressionWrapper(OuterRef("path"), output_field=CharField())
    ).filter(article_path__startswith=F("page__path"))
    return rows.exclude(Exists(restricted))


def matching(rows: QuerySet, query: str, configs: tuple[str, ...]) -> QuerySet:
    """Return the rows among ``rows`` whose text matches the reader's ``query``
    read in configuration ``configs[0]`` (one edition's rows), or, with
    several, each row in its own configuration among them."""
    if connection.vendor == "postgresql":
        # PostgreSQL reads "-word" alone as "everything but": a search must
        # name something to find, as on SQLite.
        if not syntax.parse(query):
            return rows.none()
        read = read_query(query, configs)
        # A query of exclusions alone in a configuration (its other words
        # are stop words there): nothing, as on SQLite, rather than every
        # row but those, read from end to end.
        searched = [c for c in configs if c not in read or read[c].holds]
        if not searched:
            return rows.none()

        def condition(config: str, *, own: bool) -> RawSQL:
            sql = f'"{TABLE}"."vector" @@ websearch_to_tsquery(%s::regconfig, %s)'
            params: tuple = (config, query)
            reading = read.get(config)
            if reading is not None and reading.pairs:
                # The phrase's pairs first, from their own index: only the
                # rows holding them have their positions checked, and none
                # when the pairs are the whole query.
                if reading.whole:
                    sql = f'"{TABLE}"."pairs" @> %s::text[]'
                    params = (reading.pairs,)
                else:
                    sql = f'"{TABLE}"."pairs" @> %s::text[] AND {sql}'
                    params = (reading.pairs, *params)
            if own:
                sql = f'"{TABLE}"."config" = %s::regconfig AND {sql}'
                params = (config, *params)
            return RawSQL(sql, params, output_field=BooleanField())

        if len(configs) == 1:
            return rows.filter(condition(configs[0], own=False))
        either = Q()
        for config in searched:
            either |= Q(condition(config, own=True))
        return rows.filter(either)
    expression = syntax.fts5(syntax.parse(query))
    if not expression:
        return rows.none()
    either = Q()
    for table in _tables(configs):
        either |= Q(
            article_id__in=RawSQL(
                f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH %s',
                (expression,),
            )
        )
    return rows.filter(either)


# A phrase (quotes, or words joined by punctuation, "well-known", "it's",
# which PostgreSQL reads as a phrase of their parts) or an exclusion.
_READ = re.compile(r'"|[^\W_](?:[^\w\s]|_)+[^\W_]|(?:^|\s)-')


@dataclass(frozen=True)
class Reading:
    """What PostgreSQL read of a query in one configuration: the pairs of
    adjacent words every match holds (``syntax.required_pairs``), whether
    holding them is matching (``syntax.pairs_suffice``: phrases of two words
    and nothing else), and whether a match holds any word at all
    (``syntax.needs_a_word``)."""

    pairs: list[str]
    whole: bool
    holds: bool


def read_query(query: str, configs: tuple[str, ...]) -> dict[str, Reading]:
    """Return PostgreSQL's reading of ``query`` in each of ``configs``.

    One statement, only for a query with a phrase or an exclusion in it
    (empty otherwise): PostgreSQL reads the query (``websearch_to_tsquery``,
    stemming each word and dropping the stop words of each configuration)
    and the pairs are taken from what it read, so they are the very lexemes
    the match checks.
    """
    if not _READ.search(query):
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c, websearch_to_tsquery(c::regconfig, %s)::text "
            "FROM unnest(%s::text[]) AS c",
            (query, list(configs)),
        )
        read = cursor.fetchall()
    return {
        config: Reading(
            syntax.required_pairs(text),
            syntax.pairs_suffice(text),
            syntax.needs_a_word(text),
        )
        for config, text in read
    }


def _tables(configs: tuple[str, ...]) -> list[str]:
    return sorted({fts_table(config) for config in configs})


def newest(rows: QuerySet) -> QuerySet:
    return rows.order_by("-published_at", "-article_id")


def cutoffs(edition: str | None = None) -> list[datetime.datetime | None]:
    """Return the publication times of the ``TIERS``-th newest rows (of
    the edition of language code ``edition``, None: of all), then None.

    The tiers up to ``EXACT_TIER`` rows are read from the index on the
    publication time (a walk of that many keys); larger ones are projected
    from the largest of those at the same pace (ten times the rows, ten
    times as far back), which costs no walk: reading the 200,000th row was
    a walk of 200,000 keys, 160 ms at 100,000 articles on a loaded machine,
    every ``CUTOFFS_SECONDS`` in every process. Kept for ``CUTOFFS_SECONDS``:
    any cutoff gives the same results (a tier only says where to look
    first), so one a few minutes old, or projected, costs nothing but a tier
    a little larger or smaller than planned. A tier the table does not reach
    is left out.
    """
    now = time.monotonic()
    kept = _cutoffs.get(edition)
    if kept and now - kept[0] < CUTOFFS_SECONDS:
        return kept[1]
    found: list[datetime.datetime | None] = []
    rows = ArticleSearchDocument.objects.all()
    if edition is not None:
        rows = rows.filter(locale_id=edition_key(edition))
    ordered = newest(rows).values_list("published_at", flat=True)
    newest_at = oldest_at = None
    read = 0
    for size in TIERS:
        if size <= EXACT_TIER or not read:
            at = ordered[size : size + 1].first()
            if at is None:
                break
            found.append(at)
            read = size
            continue
        if newest_at is None:
            newest_at = ordered.first()
            oldest_at = (
                rows.order_by("published_at")
                .values_list("published_at", flat=True)[:1]
                .first()
            )
        last = found[-1]
        if newest_at is None or oldest_at is None or last is None:
            break
        projected = newest_at - (newest_at - last) * (size / read)
        if not oldest_at < projected < last:
            break
        found.append(projected)
    found.append(None)
    _cutoffs[edition] = (now, found)
    return found


def forget_cutoffs() -> None:
    """Make the next search read the tiers' cutoffs again (tests, rebuilds)."""
    _cutoffs.clear()


_cutoffs: dict[str | None, tuple[float, list[datetime.datetime | None]]] = {}


class OverBudget(Exception):
    """A search statement ran out of the search's time (``BUDGET_SECONDS``)."""


@contextmanager
def budgeted(deadline: float, *, walk: bool = True) -> Iterator[None]:
    """Run the statements inside within the time left before ``deadline``.

    On PostgreSQL, a statement past it is cancelled by the server
    (``statement_timeout``) and ``OverBudget`` is raised, its savepoint
    rolled back: a search answers with what it found in time, as search
    engines do (Elasticsearch's ``timeout``), rather than holding a worker
    for seconds on a phrase of two common words. ``walk=False`` keeps the
    planner off the walk down the index on the publication time, which is
    only quick among the newest rows. Reading the table from end to end
    is priced as dearly as reading it by an index (``seq_page_cost`` =
    ``random_page_cost``: each row read costs the check of its vector, which
    the planner prices at nearly nothing): with a common word it chose the
    full read to count 500 matches (40 to 65 ms for a word in one article
    of seven at 100,000 articles, checking every row's vector on the way),
    where the full-text index hands it the 500 matching rows (2 ms). No statement
    is compiled (``jit`` off): the planner's cost of a path it is kept off
    is enormous, and PostgreSQL would spend 100 to 250 ms compiling a
    statement that runs in one (JIT pays off for minutes-long analytics,
    never here). Other databases run unbounded.
    """
    if connection.vendor != "postgresql":
        yield
        return
    left = max(1, int((deadline - time.monotonic()) * 1000))
    settings = (f"{left}ms", "on" if walk else "off")
    nested = connection.in_atomic_block
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # Local to this transaction. Inside a larger one (a test's, an
            # import's), a released savepoint would keep them: put them back.
            cursor.execute(
                "SELECT current_setting('statement_timeout'), "
                "current_setting('enable_indexscan'), "
                "current_setting('seq_page_cost'), current_setting('jit'), "
                "set_config('statement_timeout', %s, true), "
                "set_config('enable_indexscan', %s, true), "
                "set_config('seq_page_cost', "
                "current_setting('random_page_cost'), true), "
                "set_config('jit', 'off', true)",
                settings,
            )
            before = cursor.fetchone()[:4]
            yield
            if nested:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true), "
                    "set_config('enable_indexscan', %s, true), "
                    "set_config('seq_page_cost', %s, true), "
                    "set_config('jit', %s, true)",
                    before,
                )
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED:
            raise OverBudget from error
        raise


def scored(
    rows: QuerySet,
    query: str,
    limit: int,
    deadline: float,
    configs: tuple[str, ...],
    edition: str | None = None,
    count_limit: int = 0,
) -> tuple[list[Scored], bool, int | None]:
    """Return the newest ``limit`` matches of ``query`` among ``rows``, scored,
    whether they are all of them, and, when they are not, how many matches
    there are, at most ``count_limit`` (None: not counted, or out of time).

    The matches are looked for among the newest 2,000 rows first, then the
    newest 20,000, then 200,000, then all (``TIERS``), stopping at the first
    tier holding ``limit`` of them. The first tier lets the planner walk the
    newest rows (a common word: ``limit`` rows read); later ones read the
    full-text index and the index on the publication time together (a
    bitmap AND), so a rarer word costs its matches among that tier, never a
    walk through rows that do not match. Only these rows are scored. Past
    ``deadline``, the last tier that answered in time is returned.

    The count runs in the same transaction as the tier that filled the
    window, under its time setting: no statements of its own to set one.
    """
    found: list[Scored] = []
    bounds = cutoffs(edition)
    number = 0
    while True:
        cutoff = bounds[number]
        tier = rows if cutoff is None else rows.filter(published_at__gte=cutoff)
        counted = None
        try:
            with budgeted(deadline, walk=number == 0):
                found = _scored(tier, query, limit, configs)
                if count_limit and len(found) >= limit:
                    counted = rows.values("pk")[:count_limit].count()
        except OverBudget:
            return found, False, None
        if len(found) >= limit or cutoff is None:
            return found, cutoff is None and len(found) < limit, counted
        # Skip the tiers this one's share of matches says would not fill the
        # window either (a common word with a rare one: a few matches among
        # the newest 2,000 rows go straight to a larger tier). The results
        # are the same: a larger tier holds every row of a smaller one.
        ran = number
        number += 1
        while (
            bounds[number] is not None
            and len(found) * TIERS[number] < limit * TIERS[ran]
            and number + 1 < len(bounds)
        ):
            number += 1


def _scored(
    rows: QuerySet, query: str, limit: int, configs: tuple[str, ...]
) -> list[Scored]:
    found = newest(rows).values_list("article_id", "published_at")[:limit]
    try:
        inner, params = found.query.sql_with_params()
    except EmptyResultSet:
        # A search of exclusions alone: nothing must match.
        return []
    if connection.vendor == "postgresql":
        # One edition: its configuration; several: each row's own, for the
        # ``limit`` rows of the window only.
        one = len(configs) == 1
        sql = (
            f"SELECT m.article_id, m.published_at, ts_rank(d.vector, "
            f"websearch_to_tsquery({'%s::regconfig' if one else 'd.config'}, %s)) "
            f'FROM ({inner}) AS m (article_id, published_at) JOIN "{TABLE}" AS d '
            f"ON d.article_id = m.article_id"
        )
        arguments: tuple = (*((configs[0],) if one else ()), query, *params)
    else:
        # The scores come from the FTS5 tables, matched again, for the newest
        # rows only.
        expression = syntax.fts5(syntax.parse(query))
        sql = " UNION ALL ".join(
            f"SELECT m.article_id, m.published_at, {bm25(table)} "
            f'FROM "{table}" JOIN ({inner}) AS m '
            f'ON m.article_id = "{table}".rowid WHERE "{table}" MATCH %s'
            for table in _tables(configs)
        )
        arguments = tuple(
            value for _ in _tables(configs) for value in (*params, expression)
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        rows = cursor.fetchall()
    return [Scored(pk, score or 0.0, _aware(at)) for pk, at, score in rows]


def _aware(moment) -> datetime.datetime:
    # SQLite's driver gives the stored text of a raw query's datetimes, in UTC.
    if isinstance(moment, str):
        moment = datetime.datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment
