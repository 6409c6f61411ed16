"""Threading many articles in one pass: for archive imports only.

``thread_imported_articles`` does for a batch of just-imported, live articles
what ``services.thread_published_article`` does for one as it is published,
in publication order, with the engine locked and brought up to date once,
its decisions and placements written in bulk, story counts refreshed once and
the related lists ranked together (profiles read and made in one pass).

A related list is ranked among the articles published *before* its article
(its story's newest, the stories the engine named, its section's newest), as
it would have been had the archive been published one article at a time.
Articles of the site published within the batch's dates, before the import,
are not among those candidates (only those published before the batch's
first date are).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, MutableMapping, Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, transaction

from gazette.core.services import retire_cached_pages

from . import titles
from .batch_related import rank_related_in_bulk
from .engine_store import (
    EngineSession,
    SectionThreading,
    _open_session,
    engine_article,
    section_threading,
)
from .languages import primary_code
from .membership import _propose_title_again, article_text, refresh_stories
from .models import (
    DecidedBy,
    Story,
    ThreadingDecision,
    ThreadingMode,
)
from .text_features import extract
from .titles import propose_title

if TYPE_CHECKING:
    from gazette.articles.models import ArticlePage

Key = tuple[datetime.datetime, int]


def _key(article: ArticlePage) -> Key:
    published = article.first_published_at or datetime.datetime.max.replace(
        tzinfo=datetime.UTC
    )
    return (published, article.pk)


def thread_imported_articles(
    article_ids: Iterable[int], digests: MutableMapping[int, str] | None = None
) -> dict[str, int]:
    """Thread the live articles ``article_ids`` in publication order, in one
    transaction; return counts by outcome (as ``services.thread_articles``).

    An article already decided (an editor's story, or threaded before) keeps
    its story and only has its related list ranked again; one that arrived
    with a story (a wire item's) has it recorded as the editor's choice.
    ``digests``: an archive run's, kept from one batch to the next
    (``batch_related``).
    """
    from gazette.articles.models import ArticlePage

    counts = {"threaded": 0, "suggested": 0, "editor": 0, "skipped": 0}
    articles = sorted(
        ArticlePage.objects.live()
        .filter(pk__in=list(article_ids))
        .select_related("locale"),
        key=_key,
    )
    if not articles:
        return counts
    with transaction.atomic():
        latest: dict[int, ThreadingDecision] = {}
        for earlier in ThreadingDecision.objects.filter(
            article_id__in=[a.pk for a in articles]
        ).order_by("pk"):
            latest[earlier.article_id] = earlier
        settings_of: dict[str, SectionThreading] = {}
        # One engine per edition (locale), each locked and brought up to date once.
        sessions: dict[int, EngineSession] = {}
        # Story id: (open, its edition).
        stories: dict[int, tuple[bool, int | None]] = {}

        def known(*story_ids: int | None) -> None:
            unknown = {pk for pk in story_ids if pk and pk not in stories}
            if unknown:
                stories.update(dict.fromkeys(unknown, (False, None)))
                stories.update(
                    (pk, (is_open, locale_id))
                    for pk, is_open, locale_id in Story.objects.filter(
                        pk__in=unknown
                    ).values_list("pk", "is_open", "locale_id")
                )

        def session_of(article: ArticlePage) -> EngineSession:
            if article.locale_id not in sessions:
                sessions[article.locale_id] = _open_session(article.locale_id)
            return sessions[article.locale_id]

        # Each article's text, read from its body once for the engine and
        # the related lists.
        texts: dict[int, str] = {}

        def text_of(article: ArticlePage) -> str:
            if article.pk not in texts:
                texts[article.pk] = article_text(article)
            return texts[article.pk]

        # The words of each article read by the engine in the site's language.
        words: dict[int, AbstractSet[str]] = {}
        decisions: list[ThreadingDecision] = []
        new_stories: list[Story] = []
        placed: dict[int, int] = {}
        named: dict[int, list[int]] = {}
        for article in articles:
            before = latest.get(article.pk)
            if before and (before.decided_by == DecidedBy.EDITOR or before.applied):
                if before.story_id != article.story_id:
                    # Changed since: the one-article path handles the move.
                    from .services import thread_published_article

                    thread_published_article(article)
                counts[
                    "editor" if before.decided_by == DecidedBy.EDITOR else "threaded"
                ] += 1
                named[article.pk] = _named(before.candidates)
                continue
            if article.story_id:
                known(article.story_id)
                if stories[article.story_id][1] != article.locale_id:
                    # A story of another edition: the one-article path takes
                    # the article out of it and threads it in its own.
                    from .services import thread_published_article

                    thread_published_article(article)
                    counts["threaded"] += 1
                    continue
                item = engine_article(article, text=text_of(article))
                session_of(article).apply(
                    "observe", str(article.story_id), article=item
                )
                decisions.append(
                    ThreadingDecision(
                        article_id=article.pk,
                        story_id=article.story_id,
                        candidates=[],
                        mode="editor",
                        decided_by=DecidedBy.EDITOR,
                        applied=True,
                    )
                )
                counts["editor"] += 1
                continue
            parent = article.path[: -article.steplen]
            if parent not in settings_of:
                settings_of[parent] = section_threading(article)
            section = settings_of[parent]
            if section.mode == ThreadingMode.OFF:
                counts["skipped"] += 1
                continue
            item = engine_article(article, section.granularity, text_of(article))
            session = session_of(article)
            features = extract(
                item.title, item.text, session.engine.config.title_weight, item.language
            )
            decision = session.engine.decide(item, features)
            if primary_code(item.language) == primary_code(None):
                # The words a story's title is proposed from: the same ones
                # (a title's weight adds no word, the language is the same).
                words[article.pk] = features.words.keys()
            keys = [
                int(c.story_id) for c in decision.candidates if c.story_id.isdigit()
            ]
            chosen = (
                int(decision.story_id)
                if decision.story_id and decision.story_id.isdigit()
                else None
            )
            known(*keys, chosen)
            # Open stories of the article's own edition only.
            takes = {
                pk
                for pk in [*keys, chosen]
                if pk and stories[pk] == (True, article.locale_id)
            }
            candidates = [
                (str(c.story_id), round(c.score, 4))
                for c in decision.candidates
                if c.story_id.isdigit() and int(c.story_id) in takes
            ]
            story_id = chosen if chosen in takes else None
            confidence = decision.confidence
            if story_id is None and decision.story_id is not None:
                confidence = 1.0 - decision.confidence
            title = propose_title([(item.title, item.text)]) if story_id is None else ""
            apply_it = section.mode == ThreadingMode.AUTOMATIC and (
                story_id is None
                or confidence >= settings.GAZETTE_THREADING_MIN_CONFIDENCE
            )
            new_story = story_id is None
            if apply_it:
                if story_id is None:
                    story = Story(
                        title=title, title_is_proposed=True, locale_id=article.locale_id
                    )
                    story.slug = story._unique_slug()
                    # Inserted without save()'s signals: the new stories are
                    # indexed together below (``_index_new_stories``).
                    Story.objects.bulk_create([story])
                    new_stories.append(story)
                    story_id = story.pk
                    stories[story_id] = (True, article.locale_id)
                session.apply("observe", str(story_id), article=item)
                placed[article.pk] = story_id
                article.story_id = story_id
            decisions.append(
                ThreadingDecision(
                    article_id=article.pk,
                    story_id=story_id,
                    confidence=confidence,
                    candidates=[list(c) for c in candidates],
                    mode=section.mode,
                    granularity=section.granularity,
                    decided_by=DecidedBy.ENGINE,
                    applied=apply_it,
                    new_story=new_story,
                    proposed_title=title,
                )
            )
            named[article.pk] = _named(candidates)
            counts["threaded" if apply_it else "suggested"] += 1
        ThreadingDecision.objects.bulk_create(decisions, batch_size=500)
        _title_new_stories(new_stories, articles, placed, texts, words)
        _index_new_stories(new_stories)
        _place_in_bulk(articles, placed)
        for session in sessions.values():
            session.save()
        touched = set(placed.values()) | {a.story_id for a in articles}
        # The stories there were before the batch (the new ones are titled).
        counted = dict(
            Story.objects.filter(pk__in=touched)
            .exclude(pk__in=[story.pk for story in new_stories])
            .values_list("pk", "article_count")
        )
        refresh_stories(touched)
        _title_as_published(counted)
        if placed:
            retire_cached_pages()
        rank_related_in_bulk(articles, named, texts, digests)
    return counts


def _title_new_stories(
    new: list[Story],
    articles: Sequence[ArticlePage],
    placed: dict[int, int],
    texts: dict[int, str],
    words: dict[int, AbstractSet[str]] | None = None,
) -> None:
    """Title each story the batch started, and placed more than one article
    in, as publishing them one at a time would have: the proposal of its first
    ``FOLLOWS_UP_TO`` articles, all of them in this batch (in publication
    order, their text already read; ``words``: their words as the engine read
    them, where the title's reading finds the same)."""
    words = words or {}
    firsts: dict[int, list[tuple[str, str]]] = defaultdict(list)
    known: dict[int, list[AbstractSet[str] | None]] = defaultdict(list)
    for article in articles:
        story_id = placed.get(article.pk)
        if story_id is not None and len(firsts[story_id]) < titles.FOLLOWS_UP_TO:
            firsts[story_id].append((article.title, texts[article.pk]))
            known[story_id].append(words.get(article.pk))
    changed = []
    for story in new:
        if len(firsts[story.pk]) >= 2:
            title = propose_title(firsts[story.pk], known[story.pk])
            if title != story.title:
                story.title = title
                changed.append(story)
    Story.objects.bulk_update(changed, ["title"], batch_size=500)


def _title_as_published(counted: dict[int, int]) -> None:
    """Give each story with a proposed title the title that publishing its
    articles one at a time would have left: the proposal of its first
    ``FOLLOWS_UP_TO`` articles (``refresh_stories`` proposes again only for a
    story counted before and still at most that large, one article at a time).

    ``counted``: the stories' counts before the batch.
    """
    limit = titles.FOLLOWS_UP_TO
    for story in Story.objects.filter(pk__in=counted, title_is_proposed=True):
        before, now = min(counted[story.pk], limit), min(story.article_count, limit)
        if now >= 2 and before < now:
            _propose_title_again(story)


def _index_new_stories(new: list[Story]) -> None:
    """Do for stories inserted without ``save()`` what its signals do: Wagtail's
    search index and reference index, for all of them at once."""
    from gazette.articles.services import add_to_search_index, index_new_references

    if not new:
        return
    add_to_search_index(Story, new)
    index_new_references(new)


def _named(candidates: Sequence[Sequence]) -> list[int]:
    return [int(key) for key, *_ in candidates if str(key).isdigit()]


def _place_in_bulk(articles: Sequence[ArticlePage], placed: dict[int, int]) -> None:
    """Set the stories chosen: the live rows, and every revision since the live
    one (as ``engine_store._place`` does for one article), in a few queries."""
    from wagtail.models import Revision

    from gazette.articles.models import ArticlePage

    if not placed:
        return
    by_story: dict[int, list[int]] = defaultdict(list)
    for pk, story_id in placed.items():
        by_story[story_id].append(pk)
    for story_id, pks in by_story.items():
        ArticlePage.objects.filter(pk__in=pks).update(story_id=story_id)
    live_revision = {a.pk: a.live_revision_id or 0 for a in articles if a.pk in placed}
    content_type = articles[0].content_type_id
    if connection.vendor == "postgresql":
        _place_revisions_in_sql(content_type, placed, live_revision)
        return
    changed = []
    for revision in Revision.objects.filter(
        content_type_id=content_type, object_id__in=[str(pk) for pk in placed]
    ):
        pk = int(revision.object_id)
        if (
            revision.pk >= live_revision[pk]
            and revision.content.get("story") != placed[pk]
        ):
            revision.content["story"] = placed[pk]
            changed.append(revision)
    Revision.objects.bulk_update(changed, ["content"], batch_size=500)


def _place_revisions_in_sql(
    content_type: int, placed: dict[int, int], live_revision: dict[int, int]
) -> None:
    # What the loop above does, in one statement and without reading the
    # revisions' content into Python (PostgreSQL's jsonb_set): the story set
    # in every revision since the live one that names another.
    from wagtail.models import Revision

    pks = list(placed)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Revision._meta.db_table} AS revision
            SET content = jsonb_set(revision.content, '{{story}}', to_jsonb(p.story))
            FROM unnest(%s::text[], %s::integer[], %s::integer[])
                AS p(object_id, story, live)
            WHERE revision.content_type_id = %s
              AND revision.object_id = p.object_id
              AND revision.id >= p.live
              AND revision.content -> 'story' IS DISTINCT FROM to_jsonb(p.story)
            """,
            [
                [str(pk) for pk in pks],
                [placed[pk] for pk in pks],
                [live_revision[pk] for pk in pks],
                content_type,
            ],
        )
