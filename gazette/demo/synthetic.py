"""Generate a large synthetic newsroom for benchmarks.

The text is invented from word lists and is deterministic: the same seed and
sizes give the same sections, authors, stories, headlines and bodies. Each
story has its own vocabulary (a place, a landmark, people, an organisation),
so that its articles can be told apart from other stories' by a threading
benchmark, while stories of one section share their event words, which makes
telling them apart non-trivial. Dates are spread over the three years before
``end`` (the run's start by default), each story's articles clustered in the
story's own time window.

Sections are created through the articles services, like an editor's. Articles
are not: creating 100,000 pages one by one through treebeard's ``add_child``
takes hours, so they are written straight into the page tree in batches
(``write_batch``), with the tree paths, ``numchild`` and story counts that
Wagtail and the stories app would have kept, and their rows of Gazette's
search table. Synthetic articles are published without revisions, Wagtail's
own search index entries or reference index entries; see docs/synthetic.md.
"""

import datetime
import re
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F, Model
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from gazette.articles import services as articles
from gazette.articles.models import ArticlePage, ArticlePageAuthor, Author, SectionPage
from gazette.core.models import HomePage
from gazette.core.services import retire_cached_pages
from gazette.search import services as search
from gazette.search.models import ArticleSearchDocument
from gazette.stories.models import Story
from gazette.stories.services import refresh_stories

from .synthetic_plan import (
    SPAN,
    ArticlePlan,
    ArticleText,
    NewsroomError,
    NewsroomPlan,
    article_rng,
    check_sizes,
    plan_newsroom,
    write_article,
    write_texts,
)
from .synthetic_words import SectionKit, _words

# The plan and the text are in their own modules; callers (the command,
# benchmarks, tests) keep importing everything from here.
__all__ = [
    "SPAN",
    "ArticlePlan",
    "ArticleText",
    "NewsroomError",
    "NewsroomPlan",
    "NewsroomSummary",
    "Progress",
    "SectionKit",
    "_words",
    "article_rng",
    "encode_step",
    "generate_newsroom",
    "plan_newsroom",
    "refresh_stories",
    "write_article",
    "write_batch",
    "write_texts",
]

PREFIX_PATTERN = re.compile(r"^[a-z][a-z0-9]{0,15}$")

# --- Writing to the database -------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """How far the articles have come."""

    done: int
    total: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        return f"articles {self.done:,}/{self.total:,} ({self.rate:,.0f}/s)"


@dataclass(frozen=True)
class NewsroomSummary:
    """What one run generated."""

    prefix: str
    sections: int
    authors: int
    stories: int
    articles: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"Generated {self.articles:,} articles in {self.stories:,} stories, "
            f"{self.sections} sections, {self.authors:,} authors (slug prefix "
            f"“{self.prefix}”) in {self.seconds:,.1f} s "
            f"({self.articles / max(self.seconds, 0.001):,.0f} articles/s)."
        )


@dataclass
class _Target:
    """A section being filled, and where its next child goes in the tree."""

    page: SectionPage
    next_step: int = 0


def generate_newsroom(
    *,
    articles: int,
    stories: int,
    sections: int = 8,
    authors: int = 50,
    seed: int = 1,
    prefix: str | None = None,
    end: datetime.datetime | None = None,
    batch_size: int = 1000,
    progress: Callable[[Progress], None] | None = None,
) -> NewsroomSummary:
    """Generate and publish a synthetic newsroom; return what was made.

    Each run adds to the site: sections are reused by slug, while authors,
    stories and articles are new, their slugs starting with ``prefix`` (by
    default the first free one of ``syn1``, ``syn2``, ...). Every batch of
    ``batch_size`` articles is written in its own transaction, so an
    interrupted run leaves whole batches only. A story is recounted in the
    batch that publishes its last article: recounting every story a batch
    touches would recount the long-running ones a hundred times.
    """
    started = time.monotonic()
    check_sizes(
        articles=articles,
        stories=stories,
        sections=sections,
        authors=authors,
        seed=seed,
    )
    if batch_size < 1:
        raise NewsroomError(f"The batch size must be at least 1 (got {batch_size}).")
    if not connection.features.can_return_rows_from_bulk_insert:
        raise NewsroomError(
            f"The {connection.vendor} database cannot return the keys of bulk "
            f"inserts: use PostgreSQL or SQLite 3.35 or later."
        )
    home = HomePage.objects.first()
    if home is None:
        raise NewsroomError(
            "The site has no home page to put sections under: run `gazette migrate` "
            "first."
        )
    prefix = _claim_prefix(prefix)
    plan = plan_newsroom(
        articles=articles,
        stories=stories,
        sections=sections,
        authors=authors,
        seed=seed,
        end=end or timezone.now().replace(microsecond=0),
    )
    targets = [_Target(section) for section in _ensure_sections(home, plan.sections)]
    author_ids, story_ids = _create_authors_and_stories(plan, prefix)

    content_type = ContentType.objects.get_for_model(ArticlePage)
    # Each story is recounted once, in the batch that publishes its last article.
    last_batch = {a.story: i // batch_size for i, a in enumerate(plan.articles)}
    finished = defaultdict(set)
    for story, batch_number in last_batch.items():
        finished[batch_number].add(story_ids[story])
    for start in range(0, articles, batch_size):
        batch = plan.articles[start : start + batch_size]
        write_batch(
            batch,
            write_texts(plan, start, batch_size),
            first_number=start + 1,
            prefix=prefix,
            targets=targets,
            author_ids=author_ids,
            story_ids=story_ids,
            finished_stories=finished[start // batch_size],
            content_type=content_type,
        )
        if progress:
            progress(Progress(start + len(batch), articles, time.monotonic() - started))
    analyze_tables(
        [Page, ArticlePage, ArticlePageAuthor, Story, Author, ArticleSearchDocument]
    )
    retire_cached_pages()
    return NewsroomSummary(
        prefix=prefix,
        sections=sections,
        authors=authors,
        stories=stories,
        articles=articles,
        seconds=time.monotonic() - started,
    )


def _claim_prefix(prefix: str | None) -> str:
    if prefix is None:
        return next(p for n in count(1) if not _prefix_in_use(p := f"syn{n}"))
    if not PREFIX_PATTERN.match(prefix):
        raise NewsroomError(
            f"The slug prefix “{prefix}” should be a lower-case letter followed by "
            f"up to 15 lower-case letters or digits, e.g. syn1."
        )
    if _prefix_in_use(prefix):
        raise NewsroomError(
            f"Slugs starting with “{prefix}-” are already in use: choose another "
            f"prefix, or leave it out to take the next free one."
        )
    return prefix


def _prefix_in_use(prefix: str) -> bool:
    start = f"{prefix}-"
    return any(
        model.objects.filter(slug__startswith=start).exists()
        for model in (Story, Author, Page)
    )


def _ensure_sections(home: HomePage, kits: Sequence[SectionKit]) -> list[SectionPage]:
    sections = []
    for kit in kits:
        existing = Page.objects.child_of(home).filter(slug=kit.slug).first()
        if existing is None:
            sections.append(
                articles.create_section(
                    home, title=kit.title, slug=kit.slug, intro=f"{kit.title} news."
                )
            )
        elif existing.specific_class is SectionPage:
            sections.append(existing.specific)
        else:
            raise NewsroomError(
                f"The page at {existing.url_path} is a "
                f"{existing.specific_class._meta.verbose_name}, not a section: "
                f"rename its slug or generate fewer sections."
            )
    return sections


@transaction.atomic
def _create_authors_and_stories(
    plan: NewsroomPlan, prefix: str
) -> tuple[list[int], list[int]]:
    authors = Author.objects.bulk_create(
        Author(
            name=person.name,
            slug=f"{prefix}-{slugify(person.name)}",
            role=person.role,
            bio=f"{person.name} is a synthetic {person.role.lower()}.",
        )
        for person in plan.authors
    )
    stories = Story.objects.bulk_create(
        (
            Story(
                title=kit.title,
                slug=f"{prefix}-{kit.number + 1}-{slugify(kit.title)}"[:255],
                summary=kit.summary,
                is_open=is_open,
            )
            for kit, is_open in zip(plan.stories, plan.story_open, strict=True)
        ),
        batch_size=1000,
    )
    return [a.pk for a in authors], [s.pk for s in stories]


def encode_step(step: int) -> str:
    """Return the tree path segment of the ``step``-th child (1-based)."""
    alphabet, steplen = Page.alphabet, Page.steplen
    if not 0 < step < len(alphabet) ** steplen:
        raise NewsroomError(
            f"A page can hold at most {len(alphabet) ** steplen - 1:,} children: "
            f"spread the articles over more sections."
        )
    digits = []
    while step:
        step, digit = divmod(step, len(alphabet))
        digits.append(alphabet[digit])
    return "".join(reversed(digits)).rjust(steplen, alphabet[0])


def _last_step(section: Page) -> int:
    last = (
        Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return int(last[-Page.steplen :], len(Page.alphabet)) if last else 0


@transaction.atomic
def write_batch(
    batch: Sequence[ArticlePlan],
    texts: Sequence[ArticleText],
    *,
    first_number: int,
    prefix: str,
    targets: Sequence[_Target],
    author_ids: Sequence[int],
    story_ids: Sequence[int],
    finished_stories: set[int],
    content_type: ContentType,
) -> None:
    """Publish one batch of articles under their sections, all or nothing.

    Django cannot bulk create multi-table models such as Wagtail pages, so the
    ``wagtailcore_page`` rows are bulk created as plain pages carrying the
    article's content type, then the article rows are inserted with their
    ``page_ptr_id``: the same two rows ``ArticlePage.save()`` would write. The
    sections' ``numchild`` follows, and ``finished_stories`` are recounted.
    """
    # Lock the sections so that no page added meanwhile takes the same path.
    locked = Page.objects.select_for_update().filter(
        pk__in=[t.page.pk for t in targets]
    )
    list(locked.values_list("pk"))
    for target in targets:
        target.next_step = _last_step(target.page) + 1

    fields = {field.attname: field for field in Page._meta.local_concrete_fields}
    page_rows, children = [], Counter()
    for number, (article, text) in enumerate(zip(batch, texts, strict=True)):
        target = targets[article.section]
        section = target.page
        slug = f"{prefix}-{first_number + number}-{slugify(text.title)[:60]}".strip("-")
        page_rows.append(
            {
                "content_type_id": content_type.pk,
                "title": text.title,
                "draft_title": text.title,
                "slug": slug,
                "path": section.path + encode_step(target.next_step),
                "depth": section.depth + 1,
                "numchild": 0,
                "url_path": f"{section.url_path}{slug}/",
                "locale_id": section.locale_id,
                "translation_key": uuid.uuid4(),
                "live": True,
                "has_unpublished_changes": False,
                "first_published_at": article.published,
                "last_published_at": article.updated,
                "show_in_menus": False,
            }
        )
        target.next_step += 1
        children[section.pk] += 1
    page_ids = _write_pages(page_rows, fields)

    insert_rows(
        ArticlePage,
        [
            {
                "page_ptr_id": pk,
                "lede": text.lede,
                "body": text.body,
                "story_id": story_ids[article.story],
            }
            for pk, article, text in zip(page_ids, batch, texts, strict=True)
        ],
    )
    insert_rows(
        ArticlePageAuthor,
        [
            {"page_id": pk, "author_id": author_ids[a], "sort_order": i}
            for pk, article in zip(page_ids, batch, strict=True)
            for i, a in enumerate(article.authors)
        ],
    )
    for pk, n in children.items():
        Page.objects.filter(pk=pk).update(numchild=F("numchild") + n)
    refresh_stories(finished_stories)
    # The search rows, from the text in hand: the database computes the vectors.
    search.add_documents(
        (
            pk,
            row["title"],
            text.lede,
            text.body,
            row["path"],
            story_ids[article.story],
            row["first_published_at"],
            row["locale_id"],
        )
        for pk, row, article, text in zip(
            page_ids, page_rows, batch, texts, strict=True
        )
    )


def _write_pages(rows: list[dict], fields: dict) -> list[int]:
    """Insert ``wagtailcore_page`` rows; return their keys, in order.

    On PostgreSQL the keys are taken from the table's sequence first and the
    rows copied in (``COPY``: no model instances, no statement per thousand
    rows); elsewhere they are bulk created and the database returns them.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                [Page._meta.db_table, len(rows)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
        insert_rows(
            Page, [{"id": pk, **row} for pk, row in zip(ids, rows, strict=True)]
        )
        return ids
    pages = Page.objects.bulk_create(Page(**row) for row in rows)
    return [page.pk for page in pages]


def insert_rows(model: type[Model], rows: Sequence[dict]) -> None:
    """Insert rows into ``model``'s own table, each value prepared by its field.

    Fields left out of a row take their default; an automatic key left out
    is the database's. PostgreSQL takes the rows by ``COPY``, other databases
    by multi-row ``INSERT``s.
    """
    if not rows:
        return
    fields = [
        field
        for field in model._meta.local_concrete_fields
        if not (isinstance(field, AutoFieldMixin) and field.attname not in rows[0])
    ]
    ops = connection.ops
    columns = ", ".join(ops.quote_name(field.column) for field in fields)
    table = ops.quote_name(model._meta.db_table)

    def values(row: dict) -> list:
        return [
            field.get_db_prep_save(
                row[field.attname] if field.attname in row else field.get_default(),
                connection,
            )
            for field in fields
        ]

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's cursor wraps psycopg's, whose copy() this uses.
            sql = f"COPY {table} ({columns}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(values(row))
            return
        placeholders = f"({', '.join(['%s'] * len(fields))})"
        per_statement = max(1, min(ops.bulk_batch_size(fields, rows), 1000))
        sql = f"INSERT INTO {table} ({columns}) VALUES "
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [value for row in chunk for value in values(row)]
            cursor.execute(sql + ", ".join([placeholders] * len(chunk)), params)


def analyze_tables(models: Sequence[type[Model]]) -> None:
    """Refresh the query planner's statistics of the tables of ``models``.

    After a bulk load the planner would otherwise go on estimating from the
    empty tables until autovacuum next runs, and benchmarks would measure bad
    plans (PostgreSQL and SQLite both take ``ANALYZE <table>``).
    """
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
