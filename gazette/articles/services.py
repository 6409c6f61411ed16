"""Every write to sections, articles and authors goes through here."""

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Manager, Model
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import COMMENTS_RELATION_NAME, Page
from wagtail.search import index as search_index

from .models import ArticlePage, ArticlePageAuthor, Author, SectionPage


def create_section(
    home: Page, *, title: str, slug: str, intro: str = ""
) -> SectionPage:
    """Create and publish a section front under the home page."""
    section = SectionPage(title=title, slug=slug, intro=intro, show_in_menus=True)
    home.add_child(instance=section)
    section.save_revision().publish()
    return section


@transaction.atomic
def create_article(
    section: SectionPage,
    *,
    title: str,
    lede: str,
    body: list | str,
    slug: str = "",
    authors: Sequence[Author] = (),
    story=None,
    image=None,
    user=None,
) -> ArticlePage:
    """Create a draft article in ``section``; publish it with ``publish_article``."""
    article = ArticlePage(
        title=title,
        slug=slug,
        lede=lede,
        body=body,
        story=story,
        image=image,
        live=False,
        owner=user,
    )
    article.article_authors = [
        ArticlePageAuthor(author=author, sort_order=i)
        for i, author in enumerate(authors)
    ]
    section.add_child(instance=article)
    article.save_revision(user=user, log_action=True)
    return article


@transaction.atomic
def publish_article(
    article: ArticlePage,
    *,
    user=None,
    published_at: datetime.datetime | None = None,
    updated_at: datetime.datetime | None = None,
) -> ArticlePage:
    """Publish the latest revision of ``article``.

    ``published_at`` and ``updated_at`` backdate the publication, for archives
    and imports; left out, the article is published now.
    """
    revision = article.latest_revision or article.save_revision(user=user)
    revision.publish(user=user)
    article.refresh_from_db()
    if published_at or updated_at:
        # Wagtail stamps publication with the current time; an archive keeps its
        # own. Saved through the model so that story dates and caches follow.
        first = published_at or article.first_published_at
        article.first_published_at = first
        article.last_published_at = updated_at or first
        article.save(update_fields=["first_published_at", "last_published_at"])
    return article


def unpublish_article(article: ArticlePage, *, user=None) -> None:
    """Withdraw a published article; its story count drops at once."""
    article.unpublish(user=user, log_action=True)


# -- many articles at once (archive imports) -------------------------------------

BULK_BATCH = 500


@dataclass
class NewArticle:
    """One article for ``create_articles``: its fields and, for an archive, its
    dates (``published_at`` left out keeps it a draft)."""

    title: str
    lede: str
    body: list
    slug: str = ""
    authors: Sequence[Author] = ()
    story_id: int | None = None
    image: object | None = None
    published_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None


def _free_slugs(section: SectionPage, wanted: Sequence[str]) -> list[str]:
    """Return ``wanted`` made unique among ``section``'s children and each other
    (``a``, ``a-2``, ``a-3``...), in a few queries whatever their number."""
    bases = [(slugify(w, allow_unicode=True) or "article")[:200] for w in wanted]
    siblings = Page.objects.filter(
        path__startswith=section.path, depth=section.depth + 1
    )
    taken = set(siblings.filter(slug__in=set(bases)).values_list("slug", flat=True))
    clashing = {b for b in bases if b in taken} | {
        b for b, n in Counter(bases).items() if n > 1
    }
    for base in clashing:
        taken.update(
            siblings.filter(slug__startswith=base + "-").values_list("slug", flat=True)
        )
    slugs = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _child_paths(section: SectionPage, count: int) -> list[str]:
    """Allocate ``count`` tree paths after ``section``'s last child (treebeard's
    own numbering, as ``add_child`` would give them one by one)."""
    depth = section.depth + 1
    last = (
        Page.objects.filter(path__startswith=section.path, depth=depth)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    start = Page._str2int(last[-Page.steplen :]) if last else 0
    paths = [
        Page._get_path(section.path, depth, start + n) for n in range(1, count + 1)
    ]
    if paths and len(paths[-1]) != len(section.path) + Page.steplen:
        raise ValueError(f"section {section.pk} has no room for {count} more pages")
    return paths


@transaction.atomic
def create_articles(
    section: SectionPage, new: Sequence[NewArticle], *, user=None
) -> list[ArticlePage]:
    """Create many articles in ``section`` at once, published with their own dates.

    What ``create_article`` then ``publish_article`` do for one article, in a
    few queries for the lot: tree paths allocated together under a lock of the
    section, pages, bylines, revisions and the history's log entries (created,
    edited, published) inserted in bulk, and an article with ``published_at``
    live from the start with the archive's dates (no publish followed by a
    backdating save). Wagtail's admin search and reference index (image use)
    are written too. An editor then finds each article as if it had been
    typed in: in the page tree, with its history and revision, editable and
    republishable.

    No ``page_published`` or ``post_save`` signal is sent: the caller does
    what their receivers do for each article, in bulk (the site's search table,
    threading, short links, audio: see ``imports.batch_publish``).
    """
    if not new:
        return []
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import PageLogEntry, Revision

    from gazette.core.services import retire_cached_pages

    parent = Page.objects.select_for_update().get(pk=section.pk)
    paths = _child_paths(parent, len(new))
    slugs = _free_slugs(parent, [n.slug or n.title for n in new])
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(ArticlePage)
    page_type = ContentType.objects.get_for_model(Page)
    pages = []
    for spec, path, slug in zip(new, paths, slugs, strict=True):
        live = spec.published_at is not None
        page = ArticlePage(
            title=spec.title,
            draft_title=spec.title,
            slug=slug,
            path=path,
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            content_type=content_type,
            locale_id=parent.locale_id,
            owner=user,
            live=live,
            has_unpublished_changes=not live,
            first_published_at=spec.published_at,
            last_published_at=(spec.updated_at or spec.published_at) if live else None,
            latest_revision_created_at=now,
            lede=spec.lede,
            body=spec.body,
            story_id=spec.story_id,
            image=spec.image,
        )
        pages.append(page)
    # Multi-table pages: the page rows, then the article rows for their ids.
    Page.objects.bulk_create(pages, batch_size=BULK_BATCH)
    for page in pages:
        page.page_ptr_id = page.id
    fields = ArticlePage._meta.local_concrete_fields
    for start in range(0, len(pages), BULK_BATCH):
        ArticlePage._base_manager._insert(pages[start : start + BULK_BATCH], fields)
    bylines = []
    for page, spec in zip(pages, new, strict=True):
        rows = [
            ArticlePageAuthor(page=page, author=author, sort_order=i)
            for i, author in enumerate(spec.authors)
        ]
        bylines.extend(rows)
        page._bylines = rows
    ArticlePageAuthor.objects.bulk_create(bylines, batch_size=BULK_BATCH)
    for page in pages:
        page.article_authors = page._bylines
        del page._bylines
        # A new page has no editors' comments: said here, the revision's
        # content and the reference index do not ask the database.
        setattr(page, COMMENTS_RELATION_NAME, [])
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=page_type,
                object_id=str(page.pk),
                user=user,
                created_at=now,
                content=page.serializable_data(),
                object_str=str(page),
            )
            for page in pages
        ],
        batch_size=BULK_BATCH,
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        page.live_revision = revision if page.live else None
    Page.objects.bulk_update(
        pages, ["latest_revision", "live_revision"], batch_size=BULK_BATCH
    )
    entries: list[PageLogEntry] = []
    for page, revision in zip(pages, revisions, strict=True):
        actions = [("wagtail.create", None), ("wagtail.edit", revision)]
        if page.live:
            actions.append(("wagtail.publish", revision))
        entries.extend(
            PageLogEntry(
                content_type=content_type,
                page_id=page.pk,
                label=page.title,
                action=action,
                data={},
                timestamp=now,
                user=user,
                revision=rev,
                content_changed=True,
            )
            for action, rev in actions
        )
    PageLogEntry.objects.bulk_create(entries, batch_size=BULK_BATCH)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    section.numchild = parent.numchild + len(pages)
    add_to_search_index(ArticlePage, [p for p in pages if p.live])
    index_new_references(pages)
    retire_cached_pages()
    return pages


def index_new_references(objects: Sequence[Model]) -> None:
    """Write Wagtail's reference index of just-created ``objects`` (one model)
    in one insert.

    What ``ReferenceIndex.create_or_update_for_object`` does for each, less
    reading and deleting the rows that a new object cannot have yet.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import ReferenceIndex

    if not objects:
        return
    model = type(objects[0])
    types = [
        ContentType.objects.get_for_model(m, for_concrete_model=False)
        for m in [model, *model._meta.get_parent_list()]
    ]
    rows = [
        ReferenceIndex(
            content_type=types[0],
            base_content_type=types[-1],
            object_id=obj.pk,
            to_content_type_id=to_type,
            to_object_id=to_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for obj in objects
        for to_type, to_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(obj)
        )
    ]
    ReferenceIndex.objects.bulk_create(
        rows,
        batch_size=BULK_BATCH,
        ignore_conflicts=connection.features.supports_ignore_conflicts,
    )


def add_to_search_index(model: Any, objects: Sequence[Any]) -> None:
    """Write Wagtail's search index of ``objects`` (one model) in one insert per
    backend, each object's search fields read once.

    The database backends read every field once per column they fill (five
    times; a body's rich text is parsed each time); here each object lends
    them its fields' values, read beforehand, for the time of the write.
    Inside ``search.bulk.deferred_search_index()`` (an import's storing) the
    values are kept and written later, in large chunks.
    """
    from wagtail.search.backends import get_search_backends

    from gazette.search import bulk

    objects = list(objects)
    if not objects:
        return
    fields = model.get_search_fields()
    if bulk.defer(model, objects, lambda obj: _read_fields(obj, fields)):
        return
    for obj in objects:
        # An instance attribute: the class's method is back once it is deleted.
        obj.get_search_fields = _read_fields(obj, fields).copy
    try:
        bulk.write(list(get_search_backends(with_auto_update=True)), model, objects)
    finally:
        for obj in objects:
            del obj.get_search_fields


def _read_fields(obj: Model, fields: Sequence[Any]) -> list[Any]:
    """Return ``obj``'s search and autocomplete fields with their values read,
    related objects' fields included (as the backends' indexers walk them)."""
    found: list[Any] = []
    for field in fields:
        if isinstance(field, search_index.RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                subs = list(related.all())
            else:
                subs = [related() if callable(related) else related]
            for sub in subs:
                found.extend(_read_fields(sub, field.fields))
        elif isinstance(field, search_index.SearchField):
            found.append(_ReadSearchField(field, field.get_value(obj)))
        elif isinstance(field, search_index.AutocompleteField):
            found.append(_ReadAutocompleteField(field, field.get_value(obj)))
    return found


class _ReadSearchField(search_index.SearchField):
    """A search field whose value was read already."""

    def __init__(self, field: search_index.SearchField, value: Any) -> None:
        self.__dict__.update(field.__dict__)
        self.value = value

    def get_value(self, obj: Any) -> Any:
        return self.value


class _ReadAutocompleteField(search_index.AutocompleteField):
    """An autocomplete field whose value was read already."""

    def __init__(self, field: search_index.AutocompleteField, value: Any) -> None:
        self.__dict__.update(field.__dict__)
        self.value = value

    def get_value(self, obj: Any) -> Any:
        return self.value
