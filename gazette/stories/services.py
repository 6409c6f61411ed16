"""Every write to stories goes through here: counts, threading, editors' actions.

This module holds the decisions (threading an article as it is published,
an editor's placement, accepting a suggestion, re-threading a range) and the
editors' story actions (merge, split, close, reopen, rename). It builds on
three modules of the same app, whose public functions it re-exports so that
callers need only ``services``:

- ``membership``: story counts and proposed titles, and the addresses of
  stories that go away;
- ``engine_store``: the threading engine's state in the database;
- ``related_services``: related articles.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from gazette.core.services import retire_cached_pages

from . import titles
from .models import (
    DecidedBy,
    Story,
    ThreadingDecision,
    ThreadingMode,
)
from .titles import propose_title

if TYPE_CHECKING:
    from gazette.articles.models import ArticlePage
from .engine_store import (
    SectionThreading,
    _engine_story_id,
    _move_in_engine,
    _open_session,
    _place,
    _record,
    _record_editor_choice,
    current_decision,
    engine_article,
    forget_engine,
    save_snapshot,
    section_threading,
    snapshot_due,
    snapshots_deferred,
    threading_granularity,
    threading_mode,
)
from .membership import (
    _drop_abandoned_story,
    _redirect_story,
    article_text,
    refresh_stories,
)
from .related_services import (
    OTHER_STORY_CANDIDATES,
    SAME_STORY_CANDIDATES,
    SECTION_CANDIDATES,
    _as_item,
    _candidates,
    article_profiles,
    exclude_related,
    pin_related,
    refresh_related,
    refresh_story_related,
    reset_related,
    store_profiles,
)

logger = logging.getLogger(__name__)


__all__ = [
    "OTHER_STORY_CANDIDATES",
    "SAME_STORY_CANDIDATES",
    "SECTION_CANDIDATES",
    "SectionThreading",
    "_as_item",
    "_candidates",
    "_record",
    "_redirect_story",
    "accept_suggestion",
    "article_profiles",
    "article_text",
    "close_story",
    "current_decision",
    "engine_article",
    "exclude_related",
    "forget_engine",
    "merge_stories",
    "pin_related",
    "place_article_by_editor",
    "refresh_related",
    "refresh_stories",
    "refresh_story_related",
    "rename_story",
    "reopen_story",
    "reset_related",
    "rethread",
    "save_snapshot",
    "section_threading",
    "set_article_story",
    "snapshot_due",
    "snapshots_deferred",
    "split_story",
    "store_profiles",
    "thread_article",
    "thread_articles",
    "thread_published_article",
    "threading_granularity",
    "threading_mode",
    "titles",
]


def set_article_story(article, story: Story | None, *, user=None) -> None:
    """Put a live article into ``story`` (or take it out) and publish the change.

    This is an editor's choice: it is recorded as final, so the threading engine
    never moves the article afterwards.
    """
    if story is not None and not story.is_open:
        raise ValueError(f"The story “{story}” is closed and takes no new articles.")
    _refuse_other_edition(article, story)
    with transaction.atomic():
        _record_editor_choice(article, story)
        article.story = story
        revision = article.save_revision(user=user, log_action=True)
        if article.live:
            revision.publish(user=user)


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
    session = _open_session(article)
    item = engine_article(article, granularity)
    decision = session.engine.decide(item)
    candidates = [(c.story_id, round(c.score, 4)) for c in decision.candidates]
    # Open stories of the article's own edition only (the edition's engine
    # knows no other; a story moved to another edition since is skipped).
    own = Story.objects.filter(is_open=True, locale_id=article.locale_id)
    open_ids = set(
        own.filter(
            pk__in=[int(key) for key, _ in candidates if key.isdigit()]
        ).values_list("pk", flat=True)
    )
    candidates = [(k, s) for k, s in candidates if k.isdigit() and int(k) in open_ids]
    story = None
    if decision.story_id and decision.story_id.isdigit():
        story = own.filter(pk=int(decision.story_id)).first()
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
            story = Story.objects.create(
                title=title, title_is_proposed=True, locale_id=article.locale_id
            )
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
    if _of_another_edition(article, article.story):
        # A translation copied from another edition keeps its original's story
        # (Wagtail copies every field): it is threaded in its own edition.
        logger.info(
            "article %s (locale %s) taken out of story %s of another edition",
            article.pk,
            article.locale_id,
            article.story_id,
        )
        _place(article, None)
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


def _of_another_edition(article: ArticlePage, story: Story | None) -> bool:
    """Whether ``story`` belongs to another edition than ``article``."""
    return story is not None and story.locale_id != article.locale_id


def _refuse_other_edition(article: ArticlePage, story: Story | None) -> None:
    if _of_another_edition(article, story):
        raise ValueError(
            gettext(
                "The story “%(story)s” belongs to another edition: an article "
                "joins stories of its own edition only."
            )
            % {"story": story}
        )


def _leave_other_edition(article: ArticlePage) -> None:
    """Take ``article`` out of a story of another edition (placed there before
    stories had editions), so that it is threaded afresh in its own.

    The engine that recorded it there (the story's edition's: before editions
    the one engine, now the default edition's) forgets it, and the decisions
    naming that story, an editor's included, are void: no edition's story may
    hold another edition's article.
    """
    foreign = article.story
    assert foreign is not None
    session = _open_session(foreign)
    if _engine_story_id(article) == foreign.pk:
        session.apply("remove", str(foreign.pk), article=engine_article(article))
    session.save()
    ThreadingDecision.objects.filter(
        article_id=article.pk, story_id=foreign.pk
    ).delete()
    _place(article, None)
    logger.info(
        "article %s taken out of story %s of another edition", article.pk, foreign.pk
    )


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
            title=latest.proposed_title or article.title,
            title_is_proposed=True,
            locale_id=article.locale_id,
        )
    return place_article_by_editor(article, story, user=user)


@transaction.atomic
def place_article_by_editor(
    article: ArticlePage, story: Story | None, *, user=None
) -> ThreadingDecision:
    """Put ``article`` in ``story`` (or none) as an editor's final choice."""
    if story is not None and not story.is_open and story.pk != article.story_id:
        raise ValueError(f"The story “{story}” is closed and takes no new articles.")
    _refuse_other_edition(article, story)
    before = article.story_id
    _record_editor_choice(article, story)
    _place(article, story)
    _drop_abandoned_story(article, before, story)
    refresh_related(article)
    decision = current_decision(article)
    assert decision is not None
    return decision


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
    if into.locale_id != other.locale_id:
        raise ValueError(
            gettext(
                "“%(other)s” and “%(into)s” belong to different editions: only "
                "stories of one edition can be merged."
            )
            % {"other": other, "into": into}
        )
    session = _open_session(into)
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
    new = Story.objects.create(
        title=title, title_is_proposed=proposed, locale_id=story.locale_id
    )
    session = _open_session(story)
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
    session = _open_session(story)
    session.apply("reopen" if is_open else "close", str(story.pk))
    session.save()
    retire_cached_pages(changed=story.content_tags())


@transaction.atomic
def rename_story(story: Story, title: str) -> None:
    """Give ``story`` a new title (its address stays)."""
    title = title.strip()
    if not title:
        raise ValueError("A story needs a title.")
    story.title = title
    story.title_is_proposed = False
    story.save(update_fields=["title", "title_is_proposed"])
    retire_cached_pages(changed=story.content_tags())


def rethread(
    since: datetime.datetime,
    until: datetime.datetime,
    *,
    locale=None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Thread again the live articles first published in [since, until), of
    one edition (``locale``: a ``Locale`` or its id) or of all.

    Each article is threaded in its own edition's engine. Editors' choices are
    kept, as are articles in closed stories; an article placed before
    threading existed counts as an editor's choice. Each article is one
    transaction.
    """
    from gazette.articles.models import ArticlePage

    articles = ArticlePage.objects.live().filter(
        first_published_at__gte=since, first_published_at__lt=until
    )
    if locale is not None:
        articles = articles.filter(locale_id=getattr(locale, "pk", locale))
    ids = list(
        articles.order_by("first_published_at", "pk").values_list("pk", flat=True)
    )
    counts = {
        "kept": 0,
        "moved": 0,
        "unchanged": 0,
        "suggested": 0,
        "new_stories": 0,
        "other_edition": 0,
    }
    for n, pk in enumerate(ids, 1):
        with transaction.atomic():
            article = ArticlePage.objects.select_related("story").get(pk=pk)
            if _of_another_edition(article, article.story):
                _leave_other_edition(article)
                counts["other_edition"] += 1
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
                    session = _open_session(article)
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
