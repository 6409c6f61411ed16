"""Every write to stories goes through here: counts, threading, editors' actions.

The threading engine (``threading.py``) is pure; this module gives it a home in
the database. Its state is a snapshot plus a log of operations
(``ThreadingState``, ``ThreadingOperation``): every change takes the state row
with ``select_for_update`` (so concurrent publishes queue up), replays what
other processes logged since this process last looked, applies the change and
logs it, in the caller's transaction. Each process keeps its engine in memory
between decisions; a rolled back transaction simply drops it.

Engine story ids are ``Story`` primary keys as strings. Decisions are recorded
as ``ThreadingDecision`` rows; an editor's is final.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Max, Min, Window
from django.db.models.functions import RowNumber

from gazette.core.services import retire_cached_pages

from . import related as related_rules
from . import similarity, titles
from .models import (
    ArticleProfile,
    DecidedBy,
    RelatedArticle,
    SectionThreadingMode,
    Story,
    ThreadingDecision,
    ThreadingMode,
    ThreadingOperation,
    ThreadingState,
)
from .text_features import body_text
from .threading import EVENT, Article, ThreadingEngine
from .titles import propose_title

if TYPE_CHECKING:
    from gazette.articles.models import ArticlePage

logger = logging.getLogger(__name__)


def refresh_stories(story_ids: Iterable[int | None]) -> None:
    """Recount the live articles and date range of the given stories."""
    from gazette.articles.models import ArticlePage

    ids = {pk for pk in story_ids if pk}
    if not ids:
        return
    with transaction.atomic():
        stats = {
            row["story_id"]: row
            for row in ArticlePage.objects.live()
            .filter(story_id__in=ids)
            .order_by()
            .values("story_id")
            .annotate(
                n=Count("pk"),
                first=Min("first_published_at"),
                last=Max("first_published_at"),
            )
        }
        changed = False
        for story in Story.objects.select_for_update().filter(pk__in=ids):
            row = stats.get(story.pk, {})
            values = {
                "article_count": row.get("n", 0),
                "first_published_at": row.get("first"),
                "last_published_at": row.get("last"),
            }
            if all(getattr(story, name) == value for name, value in values.items()):
                continue
            # An update, not save(): the counts are not searchable text, and
            # save() would re-index the story for search on every publish.
            Story.objects.filter(pk=story.pk).update(**values)
            changed = True
            if (
                story.title_is_proposed
                # A story just made (none counted yet) already has the
                # proposal from its articles; past FOLLOWS_UP_TO it settles.
                and story.article_count
                and 0 < values["article_count"] <= titles.FOLLOWS_UP_TO
                and values["article_count"] != story.article_count
            ):
                _propose_title_again(story)
        if changed:
            retire_cached_pages()


def _propose_title_again(story: Story) -> None:
    """Title ``story`` again from its live articles (at most
    ``titles.FOLLOWS_UP_TO``, ``refresh_stories`` checks), earliest first."""
    from gazette.articles.models import ArticlePage

    first = list(
        ArticlePage.objects.live()
        .filter(story_id=story.pk)
        .order_by("first_published_at", "pk")[: titles.FOLLOWS_UP_TO]
    )
    title = propose_title([(a.title, article_text(a)) for a in first])
    if title != story.title:
        story.title = title
        # save(), not update(): the title is searchable text.
        story.save(update_fields=["title"])


def set_article_story(article, story: Story | None, *, user=None) -> None:
    """Put a live article into ``story`` (or take it out) and publish the change.

    This is an editor's choice: it is recorded as final, so the threading engine
    never moves the article afterwards.
    """
    if story is not None and not story.is_open:
        raise ValueError(f"The story “{story}” is closed and takes no new articles.")
    with transaction.atomic():
        _record_editor_choice(article, story)
        article.story = story
        revision = article.save_revision(user=user, log_action=True)
        if article.live:
            revision.publish(user=user)


# -- the engine's persisted state ---------------------------------------------

_cached: tuple[ThreadingEngine, int, Any] | None = None


def _article_data(article: Article) -> dict[str, Any]:
    published = article.published.isoformat() if article.published else None
    return {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "published": published,
    }


def _article_from_data(data: dict[str, Any]) -> Article:
    published = data.get("published")
    return Article(
        data["id"],
        data["title"],
        data["text"],
        datetime.datetime.fromisoformat(published) if published else None,
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
    """The engine, locked for one transaction; every change is logged."""

    engine: ThreadingEngine
    state: ThreadingState
    operations: list[ThreadingOperation] = field(default_factory=list)

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
                version=self.state.version,
                op=op,
                story_key=story_key,
                other_key=other_key,
                article=_article_data(article) if article else None,
            )
        )

    def save(self) -> None:
        global _cached
        if not self.operations:
            _cached = (self.engine, self.state.version, self.state.epoch)
            return
        ThreadingOperation.objects.bulk_create(self.operations)
        self.operations = []
        self.state.save(update_fields=["version", "updated_at"])
        engine, version, epoch = self.engine, self.state.version, self.state.epoch

        def keep() -> None:
            global _cached
            _cached = (engine, version, epoch)

        transaction.on_commit(keep)
        if snapshot_due(self.state):
            # After the commit, in a task: writing the whole state takes
            # seconds at 100,000 articles, and the lock must not wait for it.
            transaction.on_commit(_enqueue_snapshot)


def snapshot_due(state: ThreadingState) -> bool:
    """Whether ``state`` has logged enough changes since its snapshot."""
    every = settings.GAZETTE_THREADING_SNAPSHOT_EVERY
    return state.version - state.snapshot_version >= every


def _enqueue_snapshot() -> None:
    from .tasks import save_threading_snapshot_task

    save_threading_snapshot_task.enqueue()


def save_snapshot(*, force: bool = False) -> int | None:
    """Save the engine's whole state as its snapshot when due (or ``force``).

    Return the version saved, or ``None`` when nothing was due or another
    process saved a newer one first. The engine is brought up to date under
    the lock, as a decision does, but serialised and compressed with no lock
    held (publishes go on meanwhile), then written by a short conditional
    update, so a snapshot never replaces a newer one. The log rows it covers
    are deleted.
    """
    global _cached
    state = ThreadingState.objects.defer("snapshot_data").filter(pk=1).first()
    if state is None or state.version == state.snapshot_version:
        return None
    if not force and not snapshot_due(state):
        return None
    with transaction.atomic():
        _open_session().save()  # no change: keeps the up-to-date engine here
    # This process's copy, taken out of the cache while it is read: a decision
    # on another thread loads its own meanwhile.
    cached, _cached = _cached, None
    if cached is None:
        return None
    engine, version, epoch = cached
    data = ThreadingState.pack(engine.to_dict())
    with transaction.atomic():
        written = ThreadingState.objects.filter(
            pk=1, epoch=epoch, snapshot_version__lt=version
        ).update(snapshot_data=data, snapshot_version=version)
        if written:
            ThreadingOperation.objects.filter(version__lte=version).delete()
    if _cached is None:
        _cached = cached
    return version if written else None


def _open_session() -> EngineSession:
    """Lock the engine's state and return it, up to date, for this transaction."""
    global _cached
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the threading engine is changed inside a transaction")
    # The snapshot (the whole engine, megabytes at 100,000 articles) is read
    # only when this process has no up-to-date copy of the engine.
    locked = ThreadingState.objects.select_for_update().defer("snapshot_data")
    state = locked.filter(pk=1).first()
    if state is None:
        ThreadingState.objects.create(pk=1)
        state = locked.get(pk=1)
    # Taken out of the cache until the transaction commits: a rollback must not
    # leave this process with changes the database never kept.
    cached, _cached = _cached, None
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
            version__gt=version, version__lte=state.version
        ).order_by("version"):
            article = _article_from_data(op.article) if op.article else None
            _apply(engine, op.op, op.story_key, op.other_key, article)
    return EngineSession(engine, state)


def forget_engine() -> None:
    """Drop this process's copy of the engine (tests, after a reset)."""
    global _cached
    _cached = None


# -- articles as the engine sees them ------------------------------------------


def article_text(article: ArticlePage) -> str:
    """Return the lede and body of ``article`` as plain text, a line per paragraph."""
    body = article.body.raw_data if hasattr(article.body, "raw_data") else []
    return body_text(article.lede or "", body)


def engine_article(article: ArticlePage, granularity: str = EVENT) -> Article:
    """Return ``article`` as the engine's plain ``Article``.

    ``granularity`` matters only to a decision; recording and removing ignore it.
    """
    return Article(
        str(article.pk),
        article.title,
        article_text(article),
        article.first_published_at,
        granularity,
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
        retire_cached_pages()


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
    session = _open_session()
    _move_in_engine(
        session, article, _engine_story_id(article), story.pk if story else None
    )
    _record(article, story, decided_by=DecidedBy.EDITOR, mode="editor")
    session.save()


@transaction.atomic
def thread_article(
    article: ArticlePage, *, mode: str | None = None
) -> ThreadingDecision | None:
    """Decide ``article``'s story and act on it according to the threading mode.

    automatic: join the story when the engine is confident enough, else start a
    new story titled from the article; suggest: record the suggestion only; off:
    nothing. An editor's decision is never revisited, and closed stories never
    receive articles from the engine.
    """
    section = section_threading(article)
    mode = mode or section.mode
    granularity = section.granularity
    if mode == ThreadingMode.OFF:
        return None
    latest = current_decision(article)
    if latest and latest.decided_by == DecidedBy.EDITOR:
        return latest
    if latest and latest.applied and latest.story_id == article.story_id:
        return latest
    session = _open_session()
    item = engine_article(article, granularity)
    decision = session.engine.decide(item)
    candidates = [(c.story_id, round(c.score, 4)) for c in decision.candidates]
    open_ids = set(
        Story.objects.filter(
            pk__in=[int(key) for key, _ in candidates if key.isdigit()], is_open=True
        ).values_list("pk", flat=True)
    )
    candidates = [(k, s) for k, s in candidates if k.isdigit() and int(k) in open_ids]
    story = None
    if decision.story_id and decision.story_id.isdigit():
        story = Story.objects.filter(pk=int(decision.story_id), is_open=True).first()
    confidence = decision.confidence
    if story is None and decision.story_id is not None:
        # The engine's story is closed or gone: a new story, as sure as the engine
        # was of the old one.
        confidence = 1.0 - decision.confidence
    title = propose_title([(item.title, item.text)]) if story is None else ""
    apply_it = mode == ThreadingMode.AUTOMATIC and (
        story is None or confidence >= settings.GAZETTE_THREADING_MIN_CONFIDENCE
    )
    new_story = story is None
    if apply_it:
        if story is None:
            story = Story.objects.create(title=title, title_is_proposed=True)
        old = _engine_story_id(article)
        if old and old != story.pk:
            session.apply("remove", str(old), article=item)
        session.apply("observe", str(story.pk), article=item)
        _place(article, story)
    record = _record(
        article,
        story,
        decided_by=DecidedBy.ENGINE,
        mode=mode,
        applied=apply_it,
        confidence=confidence,
        candidates=candidates,
        new_story=new_story,
        proposed_title=title,
        granularity=granularity,
    )
    session.save()
    refresh_related(article)
    return record


@transaction.atomic
def thread_published_article(article: ArticlePage) -> ThreadingDecision | None:
    """Act on a publish of ``article``: keep an editor's choice, else thread it.

    A story set in the article editor (or changed from the engine's choice) is
    recorded as the editor's, final; an article threaded before keeps its story;
    anything else goes to ``thread_article``. The related list is ranked again
    every time: a republished article may have a new text.
    """
    latest = current_decision(article)
    if latest and (latest.decided_by == DecidedBy.EDITOR or latest.applied):
        if latest.story_id != article.story_id:
            _record_editor_choice(article, article.story)
            _drop_abandoned_story(article, latest.story_id, article.story)
            refresh_related(article)
            return current_decision(article)
        refresh_related(article)
        return latest
    if article.story_id:
        _record_editor_choice(article, article.story)
        refresh_related(article)
        return current_decision(article)
    return thread_article(article)


def thread_articles(
    articles: Iterable[ArticlePage],
    *,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Thread each of ``articles`` as if just published; return counts by outcome."""
    counts = {"threaded": 0, "suggested": 0, "editor": 0, "skipped": 0}
    for n, article in enumerate(articles, 1):
        record = thread_published_article(article)
        if record is None:
            counts["skipped"] += 1
        elif record.decided_by == DecidedBy.EDITOR:
            counts["editor"] += 1
        elif record.applied:
            counts["threaded"] += 1
        else:
            counts["suggested"] += 1
        if progress:
            progress(n)
    return counts


@transaction.atomic
def accept_suggestion(article: ArticlePage, *, user=None) -> ThreadingDecision:
    """Apply the engine's pending suggestion for ``article`` (an editor's choice)."""
    latest = current_decision(article)
    if latest is None or latest.decided_by != DecidedBy.ENGINE or latest.applied:
        raise ValueError("There is no pending suggestion for this article.")
    story = latest.story
    if story is None:
        story = Story.objects.create(
            title=latest.proposed_title or article.title, title_is_proposed=True
        )
    return place_article_by_editor(article, story, user=user)


@transaction.atomic
def place_article_by_editor(
    article: ArticlePage, story: Story | None, *, user=None
) -> ThreadingDecision:
    """Put ``article`` in ``story`` (or none) as an editor's final choice."""
    if story is not None and not story.is_open and story.pk != article.story_id:
        raise ValueError(f"The story “{story}” is closed and takes no new articles.")
    before = article.story_id
    _record_editor_choice(article, story)
    _place(article, story)
    _drop_abandoned_story(article, before, story)
    refresh_related(article)
    decision = current_decision(article)
    assert decision is not None
    return decision


def _drop_abandoned_story(
    article: ArticlePage, old_id: int | None, new: Story | None
) -> None:
    """Delete the story the engine started for ``article`` once an editor has
    moved the article out and nothing else is in it.

    Its address then leads to the article's new story, or to the article.
    """
    from wagtail.contrib.redirects.models import Redirect

    from gazette.articles.models import ArticlePage

    if not old_id or (new is not None and new.pk == old_id):
        return
    started_for_it = ThreadingDecision.objects.filter(
        article_id=article.pk,
        story_id=old_id,
        decided_by=DecidedBy.ENGINE,
        applied=True,
        new_story=True,
    ).exists()
    old = Story.objects.filter(pk=old_id).first()
    if (
        old is None
        or not started_for_it
        or ArticlePage.objects.filter(story_id=old_id).exists()
    ):
        return
    if new is not None:
        _redirect_story(old, new)
    else:
        Redirect.objects.update_or_create(
            old_path=Redirect.normalise_path(old.get_absolute_url()),
            site=None,
            defaults={"redirect_page": article, "is_permanent": False},
        )
    old.delete()
    retire_cached_pages()


# -- stories ---------------------------------------------------------------------


def _set_story_of(articles: Sequence[ArticlePage], story: Story | None) -> None:
    for article in articles:
        _place(article, story)


@transaction.atomic
def merge_stories(into: Story, other: Story) -> Story:
    """Move every article of ``other`` into ``into`` and delete ``other``."""
    from gazette.articles.models import ArticlePage

    if into.pk == other.pk:
        raise ValueError("A story cannot be merged into itself.")
    session = _open_session()
    articles = list(ArticlePage.objects.filter(story=other))
    _set_story_of(articles, into)
    ThreadingDecision.objects.filter(story=other).update(story=into)
    session.apply("merge", str(into.pk), str(other.pk))
    session.save()
    _redirect_story(other, into)
    other.delete()
    refresh_stories([into.pk])
    retire_cached_pages()
    refresh_story_related(into)
    return into


def _redirect_story(old: Story, new: Story) -> None:
    """Send readers of ``old``'s page (and of pages merged into it) to ``new``'s.

    Wagtail's redirects middleware answers the 404 the old address would give.
    """
    from wagtail.contrib.redirects.models import Redirect

    old_url, new_url = old.get_absolute_url(), new.get_absolute_url()
    Redirect.objects.filter(redirect_link=old_url).update(redirect_link=new_url)
    Redirect.objects.filter(old_path=Redirect.normalise_path(new_url)).delete()
    Redirect.objects.update_or_create(
        old_path=Redirect.normalise_path(old_url),
        site=None,
        defaults={"redirect_link": new_url, "is_permanent": True},
    )


@transaction.atomic
def split_story(
    story: Story, articles: Sequence[ArticlePage], *, title: str = ""
) -> Story:
    """Move ``articles`` of ``story`` into a new story; editors' choices, final."""
    articles = [a for a in articles if a.story_id == story.pk]
    if not articles:
        raise ValueError("Choose at least one article of the story to split off.")
    proposed = not title
    if proposed:
        title = propose_title(
            [(a.title, article_text(a)) for a in sorted(articles, key=_published)]
        )
    new = Story.objects.create(title=title, title_is_proposed=proposed)
    session = _open_session()
    for article in articles:
        _move_in_engine(session, article, _engine_story_id(article), new.pk)
        _record(article, new, decided_by=DecidedBy.EDITOR, mode="editor")
    session.save()
    _set_story_of(articles, new)
    refresh_stories([story.pk, new.pk])
    refresh_story_related(story)
    refresh_story_related(new)
    return new


def _published(article: ArticlePage) -> datetime.datetime:
    return article.first_published_at or datetime.datetime.max.replace(
        tzinfo=datetime.UTC
    )


def close_story(story: Story) -> None:
    """Close ``story``: it keeps its articles and takes no new ones."""
    _set_open(story, False)


def reopen_story(story: Story) -> None:
    """Let ``story`` take new articles again."""
    _set_open(story, True)


@transaction.atomic
def _set_open(story: Story, is_open: bool) -> None:
    Story.objects.filter(pk=story.pk).update(is_open=is_open)
    story.is_open = is_open
    session = _open_session()
    session.apply("reopen" if is_open else "close", str(story.pk))
    session.save()
    retire_cached_pages()


@transaction.atomic
def rename_story(story: Story, title: str) -> None:
    """Give ``story`` a new title (its address stays)."""
    title = title.strip()
    if not title:
        raise ValueError("A story needs a title.")
    story.title = title
    story.title_is_proposed = False
    story.save(update_fields=["title", "title_is_proposed"])
    retire_cached_pages()


def rethread(
    since: datetime.datetime,
    until: datetime.datetime,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Thread again the live articles first published in [since, until).

    Editors' choices are kept, as are articles in closed stories; an article
    placed before threading existed counts as an editor's choice. Each article
    is one transaction.
    """
    from gazette.articles.models import ArticlePage

    ids = list(
        ArticlePage.objects.live()
        .filter(first_published_at__gte=since, first_published_at__lt=until)
        .order_by("first_published_at", "pk")
        .values_list("pk", flat=True)
    )
    counts = {"kept": 0, "moved": 0, "unchanged": 0, "suggested": 0, "new_stories": 0}
    for n, pk in enumerate(ids, 1):
        with transaction.atomic():
            article = ArticlePage.objects.select_related("story").get(pk=pk)
            latest = current_decision(article)
            if (latest and latest.decided_by == DecidedBy.EDITOR) or (
                article.story is not None and not article.story.is_open
            ):
                counts["kept"] += 1
            elif article.story_id and not (latest and latest.applied):
                _record_editor_choice(article, article.story)
                counts["kept"] += 1
            else:
                before = article.story_id
                if latest and latest.applied and before:
                    session = _open_session()
                    session.apply(
                        "remove", str(before), article=engine_article(article)
                    )
                    session.save()
                    # Forget the old decision so the article is decided afresh.
                    ThreadingDecision.objects.filter(
                        article_id=article.pk, decided_by=DecidedBy.ENGINE
                    ).update(applied=False)
                record = thread_article(article)
                if record is None or not record.applied:
                    if before:
                        _place(article, None)
                    counts["suggested" if record else "unchanged"] += 1
                elif record.story_id == before:
                    counts["unchanged"] += 1
                else:
                    counts["moved"] += 1
                if record is not None and record.new_story and record.applied:
                    counts["new_stories"] += 1
        if progress:
            progress(n, len(ids))
    return counts


# -- related articles ----------------------------------------------------------

# Bounded, so that a decision costs the same whatever the archive's size.
SAME_STORY_CANDIDATES = 20
SECTION_CANDIDATES = 15
OTHER_STORY_CANDIDATES = 5
RELATED_TEXT_CHARS = 1500
REFRESHED_IN_STORY = 5


def _candidates(article: ArticlePage) -> list[ArticlePage]:
    from gazette.articles.models import ArticlePage

    live = ArticlePage.objects.live().exclude(pk=article.pk)
    # The article's story first, then the stories the engine named, newest first.
    limits: dict[int, int] = {}
    if article.story_id:
        limits[article.story_id] = SAME_STORY_CANDIDATES
    latest = current_decision(article)
    for key, _ in latest.candidates if latest else []:
        if str(key).isdigit():
            limits.setdefault(int(key), OTHER_STORY_CANDIDATES)
    # One query for all the stories, through the story index: a query per story
    # ordered by date with a LIMIT lets PostgreSQL walk the whole archive's date
    # index backwards instead, filtering by story (9 to 12 ms a story at 100,000
    # articles, against 1 ms for all of them here; bench/README.md, run 6).
    newest = Window(
        RowNumber(),
        partition_by=F("story_id"),
        order_by=[F("first_published_at").desc(), F("pk").desc()],
    )
    rows = (
        live.filter(story_id__in=limits)
        .annotate(newest=newest)
        .filter(newest__lte=max(limits.values(), default=0))
        .order_by()
        .values_list("pk", "story_id", "newest")
    )
    order = {story_id: n for n, story_id in enumerate(limits)}
    chosen = sorted(
        (order[story_id], newest, pk)
        for pk, story_id, newest in (rows if limits else [])
        if newest <= limits[story_id]
    )
    pages = live.in_bulk([pk for _, _, pk in chosen])
    found = {pk: pages[pk] for _, _, pk in chosen if pk in pages}
    parent_path = article.path[: -article.steplen]
    for candidate in live.filter(
        path__startswith=parent_path, depth=article.depth
    ).order_by("-first_published_at")[:SECTION_CANDIDATES]:
        found.setdefault(candidate.pk, candidate)
    return list(found.values())


def _as_item(article: ArticlePage) -> related_rules.Item:
    return related_rules.Item(
        id=article.pk,
        title=article.title,
        text=article_text(article)[:RELATED_TEXT_CHARS],
        published=article.first_published_at,
        story=article.story_id,
    )


def article_profiles(
    items: Sequence[related_rules.Item],
) -> dict[int, similarity.Packed]:
    """Return the packed similarity profile of each of ``items``, by article id.

    Up-to-date stored profiles are read in one query; the others (new or
    edited articles, a new profile format, an archive from before profiles were
    kept) are made from the items' text and stored.
    """
    keys = {item.id: related_rules.profile_key(item) for item in items}
    profiles: dict[int, similarity.Packed] = {}
    stored = ArticleProfile.objects.filter(
        article_id__in=keys, format=similarity.PROFILE_FORMAT
    ).values_list("article_id", "digest", "data")
    for pk, digest, data in stored:
        if keys[pk] == digest:
            profiles[pk] = similarity.load_packed(data)
    missing = [item for item in items if item.id not in profiles]
    profiles.update(_make_profiles(missing, keys))
    return profiles


def _item_id(item: related_rules.Item) -> int:
    return item.id


def _make_profiles(
    items: Sequence[related_rules.Item], keys: dict[int, str]
) -> dict[int, similarity.Packed]:
    made = {}
    rows = []
    # Once each, in id order: two transactions storing the same articles lock
    # their rows in the same order.
    for item in sorted({item.id: item for item in items}.values(), key=_item_id):
        made[item.id] = profile = related_rules.profile_of(item)
        rows.append(
            ArticleProfile(
                article_id=item.id,
                digest=keys[item.id],
                format=similarity.PROFILE_FORMAT,
                data=similarity.dump_packed(profile),
            )
        )
    if rows:
        ArticleProfile.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["digest", "format", "data"],
        )
    return made


def store_profiles(
    articles: Iterable[ArticlePage],
    *,
    batch: int = 200,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Store the similarity profile of each of ``articles`` that has none up to date.

    Return how many profiles were ``made`` and how many were ``up_to_date``.
    Each batch of articles is one transaction.
    """
    counts = {"made": 0, "up_to_date": 0}
    chunk: list[related_rules.Item] = []

    def flush() -> None:
        keys = {item.id: related_rules.profile_key(item) for item in chunk}
        stored = ArticleProfile.objects.filter(
            article_id__in=keys, format=similarity.PROFILE_FORMAT
        ).values_list("article_id", "digest")
        fresh = {pk for pk, digest in stored if keys[pk] == digest}
        with transaction.atomic():
            _make_profiles([item for item in chunk if item.id not in fresh], keys)
        counts["up_to_date"] += len(fresh)
        counts["made"] += len(chunk) - len(fresh)
        chunk.clear()
        if progress:
            progress(counts["made"] + counts["up_to_date"])

    for article in articles:
        chunk.append(_as_item(article))
        if len(chunk) >= batch:
            flush()
    if chunk:
        flush()
    return counts


@transaction.atomic
def refresh_related(article: ArticlePage) -> None:
    """Compute and store ``article``'s related articles; editors' pins stay."""
    limit = settings.GAZETTE_RELATED_ARTICLES
    kept = RelatedArticle.objects.filter(article_id=article.pk).filter(
        pinned=True
    ) | RelatedArticle.objects.filter(article_id=article.pk, excluded=True)
    kept_ids = set(kept.values_list("related_id", flat=True))
    candidates = [c for c in _candidates(article) if c.pk not in kept_ids]
    target = _as_item(article)
    items = [_as_item(c) for c in candidates]
    ranked = related_rules.rank(
        target, items, limit, profiles=article_profiles([target, *items])
    )
    RelatedArticle.objects.filter(
        article_id=article.pk, pinned=False, excluded=False
    ).delete()
    RelatedArticle.objects.bulk_create(
        RelatedArticle(article_id=article.pk, related_id=pk, score=score, rank=n)
        for n, (pk, score) in enumerate(ranked, 1)
    )


def refresh_story_related(story: Story, *, limit: int = REFRESHED_IN_STORY) -> None:
    """Refresh the related lists of the newest articles of ``story``."""
    from gazette.articles.models import ArticlePage

    for article in (
        ArticlePage.objects.live()
        .filter(story=story)
        .order_by("-first_published_at")[:limit]
    ):
        refresh_related(article)


@transaction.atomic
def pin_related(article: ArticlePage, related: ArticlePage) -> None:
    """Show ``related`` first under ``article``, whatever is computed later."""
    if related.pk == article.pk:
        raise ValueError("An article cannot be related to itself.")
    RelatedArticle.objects.update_or_create(
        article_id=article.pk,
        related_id=related.pk,
        defaults={"pinned": True, "excluded": False, "rank": 0},
    )
    retire_cached_pages()


@transaction.atomic
def exclude_related(article: ArticlePage, related: ArticlePage) -> None:
    """Never show ``related`` under ``article``."""
    RelatedArticle.objects.update_or_create(
        article_id=article.pk,
        related_id=related.pk,
        defaults={"pinned": False, "excluded": True},
    )
    retire_cached_pages()


@transaction.atomic
def reset_related(article: ArticlePage, related: ArticlePage) -> None:
    """Forget an editor's pin or exclusion of ``related`` under ``article``."""
    RelatedArticle.objects.filter(article_id=article.pk, related_id=related.pk).delete()
    refresh_related(article)
    retire_cached_pages()
