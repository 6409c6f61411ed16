"""The threading engine's home in the database.

The engine (``threading.py``) is pure; its state is a snapshot plus a log of
operations (``ThreadingState``, ``ThreadingOperation``): every change takes the
state row with ``select_for_update`` (so concurrent publishes queue up),
replays what other processes logged since this process last looked, applies
the change and logs it, in the caller's transaction. Each process keeps its
engine in memory between decisions; a rolled back transaction simply drops it.

Each edition (a Wagtail ``Locale``) has an engine of its own, with a state
row and a log: an article is only ever decided, recorded or removed in its
own edition's engine, so it joins stories of its edition only, weighed with
its language's document frequencies.

Engine story ids are ``Story`` primary keys as strings. Decisions are recorded
as ``ThreadingDecision`` rows; an editor's is final.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction

from gazette.core import changes
from gazette.core.services import retire_cached_pages

from . import languages
from .models import (
    DecidedBy,
    SectionThreadingMode,
    Story,
    ThreadingDecision,
    ThreadingOperation,
    ThreadingState,
    default_locale_id,
)
from .threading import EVENT, Article, ThreadingEngine

if TYPE_CHECKING:
    from gazette.articles.models import ArticlePage
from .membership import article_text, refresh_stories

logger = logging.getLogger(__name__)


# -- the engine's persisted state ---------------------------------------------

# This process's engine of each edition, by locale id: (engine, version, epoch).
_cached: dict[int, tuple[ThreadingEngine, int, Any]] = {}


def _article_data(article: Article) -> dict[str, Any]:
    published = article.published.isoformat() if article.published else None
    data = {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "published": published,
    }
    # Replayed in another process, the article is read in its own language.
    if article.language:
        data["language"] = article.language
    return data


def _article_from_data(data: dict[str, Any]) -> Article:
    published = data.get("published")
    return Article(
        data["id"],
        data["title"],
        data["text"],
        datetime.datetime.fromisoformat(published) if published else None,
        # Logged before articles had a language: the site's.
        language=data.get("language"),
    )


def _apply(
    engine: ThreadingEngine,
    op: str,
    story_key: str,
    other_key: str = "",
    article: Article | None = None,
) -> None:
    if op == "observe" and article is not None:
        engine.observe(article, story_key)
    elif op == "remove" and article is not None:
        engine.remove(article, story_key)
    elif op == "close":
        engine.close(story_key)
    elif op == "reopen":
        engine.reopen(story_key)
    elif op == "merge":
        if other_key in engine.stories:
            engine.merge(story_key, other_key)
    else:
        raise ValueError(f"unknown threading operation {op!r}")


@dataclass
class EngineSession:
    """One edition's engine, locked for one transaction; every change is logged."""

    engine: ThreadingEngine
    state: ThreadingState
    operations: list[ThreadingOperation] = field(default_factory=list)

    @property
    def locale_id(self) -> int:
        return self.state.locale_id

    def apply(
        self,
        op: str,
        story_key: str,
        other_key: str = "",
        article: Article | None = None,
    ) -> None:
        _apply(self.engine, op, story_key, other_key, article)
        self.state.version += 1
        self.operations.append(
            ThreadingOperation(
                state=self.state,
                version=self.state.version,
                op=op,
                story_key=story_key,
                other_key=other_key,
                article=_article_data(article) if article else None,
            )
        )

    def save(self) -> None:
        locale_id = self.locale_id
        if not self.operations:
            _cached[locale_id] = (self.engine, self.state.version, self.state.epoch)
            return
        ThreadingOperation.objects.bulk_create(self.operations)
        self.operations = []
        self.state.save(update_fields=["version", "updated_at"])
        engine, version, epoch = self.engine, self.state.version, self.state.epoch

        def keep() -> None:
            _cached[locale_id] = (engine, version, epoch)

        transaction.on_commit(keep)
        if _deferred is not None:
            # A bulk run (``snapshots_deferred``) saves once, at its end.
            _deferred.add(locale_id)
        elif snapshot_due(self.state):
            # After the commit, in a task: writing the whole state takes
            # seconds at 100,000 articles, and the lock must not wait for it.
            transaction.on_commit(lambda: _enqueue_snapshot(locale_id))


# The editions whose snapshot waits for the end of a bulk run, while one runs.
_deferred: set[int] | None = None


@contextlib.contextmanager
def snapshots_deferred() -> Iterator[None]:
    """Save the engines' snapshots once at the end of the block, not every
    ``GAZETTE_THREADING_SNAPSHOT_EVERY`` changes.

    For threading an archive (``imports.batch_publish``): each snapshot writes
    the whole state, which grows with the archive, so saving one every few
    hundred articles made a 100,000-article import's threading quadratic and
    its memory peak with the state's size. Meanwhile the changes are logged
    as ever (another process replays them), and a run stopped in the middle
    leaves them in the log for the next snapshot.
    """
    global _deferred
    if _deferred is not None:
        yield
        return
    _deferred = set()
    try:
        yield
    finally:
        due, _deferred = _deferred, None
    for locale_id in sorted(due):
        save_snapshot(locale=locale_id)


def snapshot_due(state: ThreadingState) -> bool:
    """Whether ``state`` has logged enough changes since its snapshot."""
    every = settings.GAZETTE_THREADING_SNAPSHOT_EVERY
    return state.version - state.snapshot_version >= every


def _enqueue_snapshot(locale_id: int) -> None:
    from .tasks import save_threading_snapshot_task

    save_threading_snapshot_task.enqueue(locale_id)


def save_snapshot(*, force: bool = False, locale: Any = None) -> int | None:
    """Save an edition's engine state as its snapshot when due (or ``force``).

    ``locale`` is a ``Locale`` or its id; ``None`` saves every edition's
    (returning the highest version saved). Return the version saved, or
    ``None`` when nothing was due or another process saved a newer one first.
    The engine is brought up to date under the lock, as a decision does, but
    serialised and compressed with no lock held (publishes go on meanwhile),
    then written by a short conditional update, so a snapshot never replaces
    a newer one. The log rows it covers are deleted.
    """
    if locale is None:
        saved = [
            save_snapshot(force=force, locale=locale_id)
            for locale_id in ThreadingState.objects.order_by("locale_id").values_list(
                "locale_id", flat=True
            )
        ]
        return max((v for v in saved if v is not None), default=None)
    locale_id = int(getattr(locale, "pk", locale))
    state = (
        ThreadingState.objects.defer("snapshot_data")
        .filter(locale_id=locale_id)
        .first()
    )
    if state is None or state.version == state.snapshot_version:
        return None
    if not force and not snapshot_due(state):
        return None
    with transaction.atomic():
        _open_session(locale_id).save()  # no change: keeps the engine here
    # This process's copy, taken out of the cache while it is read: a decision
    # on another thread loads its own meanwhile.
    cached = _cached.pop(locale_id, None)
    if cached is None:
        return None
    engine, version, epoch = cached
    data = ThreadingState.pack(engine.to_dict())
    with transaction.atomic():
        written = ThreadingState.objects.filter(
            pk=state.pk, epoch=epoch, snapshot_version__lt=version
        ).update(snapshot_data=data, snapshot_version=version)
        if written:
            ThreadingOperation.objects.filter(
                state_id=state.pk, version__lte=version
            ).delete()
    _cached.setdefault(locale_id, cached)
    return version if written else None


def _open_session(locale: Any) -> EngineSession:
    """Lock an edition's engine state and return it, up to date, for this
    transaction. ``locale``: a ``Locale``, its id, or an article (its edition)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the threading engine is changed inside a transaction")
    locale_id = _locale_id(locale)
    # The snapshot (the whole engine, megabytes at 100,000 articles) is read
    # only when this process has no up-to-date copy of the engine.
    locked = ThreadingState.objects.select_for_update().defer("snapshot_data")
    state = locked.filter(locale_id=locale_id).first()
    if state is None:
        try:
            # A savepoint: another process may create the edition's row first.
            with transaction.atomic():
                ThreadingState.objects.create(locale_id=locale_id)
        except IntegrityError:
            pass
        state = locked.get(locale_id=locale_id)
    # Taken out of the cache until the transaction commits: a rollback must not
    # leave this process with changes the database never kept.
    cached = _cached.pop(locale_id, None)
    if (
        cached
        and cached[2] == state.epoch
        and state.snapshot_version <= cached[1] <= state.version
    ):
        engine, version, _ = cached
    else:
        snapshot = state.read_snapshot()  # loads the deferred field: one query
        engine = ThreadingEngine.from_dict(snapshot) if snapshot else ThreadingEngine()
        version = state.snapshot_version
    if version < state.version:
        for op in ThreadingOperation.objects.filter(
            state_id=state.pk, version__gt=version, version__lte=state.version
        ).order_by("version"):
            article = _article_from_data(op.article) if op.article else None
            _apply(engine, op.op, op.story_key, op.other_key, article)
    return EngineSession(engine, state)


def _locale_id(locale: Any) -> int:
    """Return the edition's locale id of a ``Locale``, an id, an article or a
    story (``None``: the default edition)."""
    if locale is None:
        found = default_locale_id()
        if found is None:
            raise RuntimeError("no locale exists: the site has no edition")
        return found
    if isinstance(locale, int):
        return locale
    if hasattr(locale, "locale_id"):
        return int(locale.locale_id)
    return int(locale.pk)


def forget_engine() -> None:
    """Drop this process's copy of every edition's engine (tests, after a reset)."""
    _cached.clear()


def article_language(article: ArticlePage) -> str:
    """Return the language ``article`` is written in: its locale's language code
    (``es``, ``ar``, ``pt-br``), else the site's ``LANGUAGE_CODE``.

    Every Wagtail page has a locale; reading it costs a query unless the page
    was loaded with ``select_related("locale")`` or has read it before.
    """
    if getattr(article, "locale_id", None) is None:
        return languages.primary_code(settings.LANGUAGE_CODE)
    return str(article.locale.language_code)


def engine_article(
    article: ArticlePage, granularity: str = EVENT, text: str | None = None
) -> Article:
    """Return ``article`` as the engine's plain ``Article``, in its language.

    ``granularity`` matters only to a decision; recording and removing ignore it.
    ``text``: ``article_text(article)`` when the caller has it already.
    """
    return Article(
        str(article.pk),
        article.title,
        article_text(article) if text is None else text,
        article.first_published_at,
        granularity,
        article_language(article),
    )


@dataclass(frozen=True)
class SectionThreading:
    """The threading mode and granularity that apply to an article's section,
    and whether the section sets each (else it is the site's setting)."""

    mode: str
    granularity: str
    mode_is_section: bool
    granularity_is_section: bool


def section_threading(article: ArticlePage) -> SectionThreading:
    """Return the threading settings of ``article``'s section (one query)."""
    own = (
        SectionThreadingMode.objects.filter(section_id=_section_id(article))
        .values_list("mode", "granularity")
        .first()
    )
    mode, granularity = own or ("", "")
    return SectionThreading(
        mode=mode or settings.GAZETTE_THREADING_MODE,
        granularity=granularity or settings.GAZETTE_THREADING_GRANULARITY,
        mode_is_section=bool(mode),
        granularity_is_section=bool(granularity),
    )


def threading_mode(article: ArticlePage) -> str:
    """Return the mode for ``article``: its section's, else the site's setting."""
    return section_threading(article).mode


def threading_granularity(article: ArticlePage) -> str:
    """Return how broad ``article``'s stories are: its section's, else the site's."""
    return section_threading(article).granularity


def _section_id(article: ArticlePage) -> int | None:
    from wagtail.models import Page

    parent_path = article.path[: -article.steplen]
    return Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()


def current_decision(article: ArticlePage) -> ThreadingDecision | None:
    """Return the newest threading decision of ``article``, if any."""
    return (
        ThreadingDecision.objects.filter(article_id=article.pk)
        .select_related("story")
        .order_by("-pk")
        .first()
    )


def _engine_story_id(article: ArticlePage) -> int | None:
    """Return the story the engine has recorded ``article`` in, if any."""
    return (
        ThreadingDecision.objects.filter(article_id=article.pk, applied=True)
        .order_by("-pk")
        .values_list("story_id", flat=True)
        .first()
    )


# -- placing articles ----------------------------------------------------------


def _place(article: ArticlePage, story: Story | None) -> None:
    """Set ``article``'s story without a new revision or a new publish.

    The live row and every revision since the live one carry the story, so a
    later publish of a draft keeps it; no ``page_published`` fires, so the
    threading task is not triggered again.
    """
    from wagtail.models import Revision

    from gazette.articles.models import ArticlePage

    old = (
        ArticlePage.objects.filter(pk=article.pk)
        .values_list("story_id", flat=True)
        .first()
    )
    new = story.pk if story else None
    if old != new:
        ArticlePage.objects.filter(pk=article.pk).update(story_id=new)
    article.story = story
    revisions = Revision.objects.filter(
        content_type_id=article.content_type_id, object_id=str(article.pk)
    )
    if article.live_revision_id:
        revisions = revisions.filter(pk__gte=article.live_revision_id)
    for revision in revisions:
        if revision.content.get("story") != new:
            revision.content["story"] = new
            revision.save(update_fields=["content"])
    if old != new:
        refresh_stories([old, new])
        # The article's teasers name its story; both stories' pages list it.
        tags = [changes.article(article.pk)]
        tags += [changes.story(pk) for pk in (old, new) if pk]
        retire_cached_pages(changed=tags)


def _record(
    article: ArticlePage,
    story: Story | None,
    *,
    decided_by: str,
    mode: str,
    applied: bool = True,
    confidence: float | None = None,
    candidates: Sequence[Sequence[Any]] = (),
    new_story: bool = False,
    proposed_title: str = "",
    granularity: str = "",
) -> ThreadingDecision:
    return ThreadingDecision.objects.create(
        article_id=article.pk,
        story=story,
        confidence=confidence,
        candidates=[list(c) for c in candidates],
        mode=mode,
        granularity=granularity,
        decided_by=decided_by,
        applied=applied,
        new_story=new_story,
        proposed_title=proposed_title,
    )


def _move_in_engine(
    session: EngineSession, article: ArticlePage, old: int | None, new: int | None
) -> None:
    if old == new:
        return
    item = engine_article(article)
    if old:
        session.apply("remove", str(old), article=item)
    if new:
        session.apply("observe", str(new), article=item)


def _record_editor_choice(article: ArticlePage, story: Story | None) -> None:
    session = _open_session(article)
    _move_in_engine(
        session, article, _engine_story_id(article), story.pk if story else None
    )
    _record(article, story, decided_by=DecidedBy.EDITOR, mode="editor")
    session.save()
