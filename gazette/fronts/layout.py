"""Decide which article goes in which slot of a front page.

Pure: works on plain records, so that the rules are tested without a
database. The rules, in the order they apply:

1. An editor's choice holds its slot until its expiry time, if it is still
   live. Choices are placed before any rule runs, so that a rule never takes
   an article an editor put further down the page.
2. Each block then fills its empty slots, top to bottom, with the newest
   articles of its source (the site, a section or a story) that the front
   does not show yet. "Latest" blocks fill last: they are what is left.
3. A slot that needs a picture (the lead) is filled by the newest article
   that has one; only when its source has none at all does it take an
   article without, and the block is drawn without a picture.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

Source = tuple[str, int | None]
"""Where a rule draws from: ("site", None), ("section", page id), ("story", id)."""

SITE: Source = ("site", None)

# How far down a source a slot that needs a picture looks for one: an archive
# of text-only briefs must not be read to its end on every render.
PICTURE_SEARCH_DEPTH = 200


@dataclass(frozen=True)
class Candidate:
    """An article a slot could show: what the rules need to know of it."""

    id: int
    has_picture: bool


@dataclass(frozen=True)
class Pin:
    """An article an editor put in a slot, optionally until a given time."""

    article_id: int
    expires_at: datetime | None = None

    def holds(self, now: datetime) -> bool:
        return self.expires_at is None or now < self.expires_at


@dataclass(frozen=True)
class BlockSpec:
    """One block of a front, as far as filling its slots goes."""

    kind: str
    count: int = 0
    source: Source = SITE
    pins: tuple[Pin, ...] = ()
    needs_picture: bool = False
    fills_last: bool = False


@dataclass
class Filled:
    """The articles a block shows, and which of them an editor chose."""

    article_ids: list[int] = field(default_factory=list)
    chosen: set[int] = field(default_factory=set)
    # Only for blocks that need a picture: False when none could be found.
    has_picture: bool = True


def resolve(
    specs: Sequence[BlockSpec],
    now: datetime,
    live: dict[int, Candidate],
    candidates: Callable[[Source], Iterable[Candidate]],
) -> list[Filled]:
    """Return what each block of ``specs`` shows, in the same order.

    ``live`` holds the editors' chosen articles that are still published;
    ``candidates(source)`` yields a source's articles, newest first.
    """
    filled = [Filled() for _ in specs]
    shown: set[int] = set()
    pictures = {article_id: c.has_picture for article_id, c in live.items()}
    for spec, result in zip(specs, filled, strict=True):
        for pin in spec.pins:
            if len(result.article_ids) >= spec.count:
                break
            if (
                pin.holds(now)
                and pin.article_id in live
                and pin.article_id not in shown
            ):
                result.article_ids.append(pin.article_id)
                result.chosen.add(pin.article_id)
                shown.add(pin.article_id)
    order = sorted(range(len(specs)), key=lambda i: specs[i].fills_last)
    for index in order:
        spec, result = specs[index], filled[index]
        wanted = spec.count - len(result.article_ids)
        without_picture: list[int] = []
        for candidate in candidates(spec.source) if wanted > 0 else ():
            if candidate.id in shown:
                continue
            pictures[candidate.id] = candidate.has_picture
            if spec.needs_picture and not candidate.has_picture:
                without_picture.append(candidate.id)
                if len(without_picture) >= PICTURE_SEARCH_DEPTH:
                    break
                continue
            result.article_ids.append(candidate.id)
            shown.add(candidate.id)
            wanted -= 1
            if wanted == 0:
                break
        if wanted > 0 and without_picture:
            # No article of the source has a picture: the block does without.
            result.article_ids.extend(without_picture[:wanted])
            shown.update(without_picture[:wanted])
        result.has_picture = all(pictures[i] for i in result.article_ids)
    return filled


def next_change(specs: Iterable[BlockSpec], now: datetime) -> datetime | None:
    """Return when the earliest editor's choice still holding expires, if any."""
    times = [
        pin.expires_at
        for spec in specs
        for pin in spec.pins
        if pin.expires_at is not None and pin.expires_at > now
    ]
    return min(times, default=None)
