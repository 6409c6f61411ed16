"""Plan the synthetic newsroom and write its articles' text, deterministically.

Who writes what, about what and when (``plan_newsroom``), and plain text
from a story's vocabulary (``write_article``): pure functions of the seed and
sizes, no database. ``synthetic`` writes the result to the database.
"""

import datetime
import math
import random
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any, TypeVar

from .synthetic_words import (
    ACTS,
    AUTHOR_ROLES,
    DEMAND,
    DID,
    FATE,
    FIRST_NAMES,
    GOES_ON,
    HEADINGS,
    HEADLINES,
    HOW_MANY,
    LATER,
    LEDES,
    NAME_MIDDLES,
    NAME_STARTS,
    PLACE_ENDS,
    QUOTES,
    SAID,
    SECTIONS,
    SENTENCES,
    SINCE,
    SOURCES,
    STATE,
    SURNAME_ENDS,
    THEN,
    VERDICTS,
    WAITING,
    WHEN,
    SectionKit,
)

SPAN = datetime.timedelta(days=3 * 365)
MIN_WORDS, MAX_WORDS = 150, 500
T = TypeVar("T")


class NewsroomError(Exception):
    """The newsroom cannot be generated as asked; the message says why."""


# --- The plan: who writes what, about what, and when -------------------------


@dataclass(frozen=True)
class Person:
    name: str
    role: str

    @property
    def surname(self) -> str:
        return self.name.rsplit(" ", 1)[-1]


@dataclass(frozen=True)
class StoryKit:
    """One story's own vocabulary, which every one of its articles draws on."""

    number: int
    section: int
    title: str
    summary: str
    kind: str
    place: str
    org: str
    people: tuple[Person, ...]
    things: tuple[str, ...]
    groups: tuple[str, ...]


@dataclass(frozen=True)
class ArticlePlan:
    """One article to write: its story, section, bylines and dates."""

    story: int
    ordinal: int
    section: int
    authors: tuple[int, ...]
    published: datetime.datetime
    updated: datetime.datetime


@dataclass(frozen=True)
class NewsroomPlan:
    """Everything to generate, in publication order, before any text is written."""

    seed: int
    sections: tuple[SectionKit, ...]
    authors: tuple[Person, ...]
    stories: tuple[StoryKit, ...]
    story_open: tuple[bool, ...]
    articles: tuple[ArticlePlan, ...]


@dataclass(frozen=True)
class ArticleText:
    title: str
    lede: str
    body: list[dict]

    @property
    def words(self) -> int:
        """Return the number of words in the body's paragraphs."""
        return sum(
            len(block["value"].split())
            for block in self.body
            if block["type"] == "paragraph"
        )


class _Names:
    """Invent names that are never used twice in one newsroom."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _invent(self, endings: Sequence[str]) -> str:
        for attempt in count():
            middles = "".join(
                self.rng.choice(NAME_MIDDLES) for _ in range(1 + attempt // 50)
            )
            name = self.rng.choice(NAME_STARTS) + middles + self.rng.choice(endings)
            if name not in self.used:
                self.used.add(name)
                return name
        raise AssertionError("unreachable")

    def place(self) -> str:
        return self._invent(PLACE_ENDS)

    def person(self, role: str) -> Person:
        return Person(
            f"{self.rng.choice(FIRST_NAMES)} {self._invent(SURNAME_ENDS)}", role
        )


def check_sizes(
    *, articles: int, stories: int, sections: int, authors: int, seed: int
) -> None:
    """Raise ``NewsroomError`` unless the sizes describe a newsroom we can make."""
    if articles < 1:
        raise NewsroomError(f"Ask for at least 1 article (got {articles}).")
    if stories < 1:
        raise NewsroomError(f"Ask for at least 1 story (got {stories}).")
    if stories > articles:
        raise NewsroomError(
            f"Every story needs at least one article: ask for at most as many "
            f"stories as articles (got {stories:,} stories for {articles:,} "
            f"articles)."
        )
    if not 1 <= sections <= len(SECTIONS):
        names = ", ".join(kit.title for kit in SECTIONS)
        raise NewsroomError(
            f"Ask for 1 to {len(SECTIONS)} sections, taken in this order: {names} "
            f"(got {sections})."
        )
    if authors < 1:
        raise NewsroomError(f"Ask for at least 1 author (got {authors}).")
    if seed < 0:
        raise NewsroomError(f"The seed must be 0 or more (got {seed}).")


def plan_newsroom(
    *,
    articles: int,
    stories: int,
    sections: int,
    authors: int,
    seed: int,
    end: datetime.datetime,
) -> NewsroomPlan:
    """Return the plan of a newsroom of the given sizes, deterministic from ``seed``.

    Story sizes are skewed (a few running stories with hundreds of articles,
    many with a handful); articles come back sorted by publication time.
    """
    check_sizes(
        articles=articles,
        stories=stories,
        sections=sections,
        authors=authors,
        seed=seed,
    )
    rng = random.Random(seed)
    names = _Names(rng)
    kits = SECTIONS[:sections]
    section_weights = [1 / math.sqrt(i + 1) for i in range(sections)]

    writers = []
    for i in range(authors):
        role = f"{kits[i % sections].title} {rng.choice(AUTHOR_ROLES).lower()}"
        writers.append(names.person(role))
    writers_by_section = defaultdict(list)
    for i in range(authors):
        writers_by_section[i % sections].append(i)

    story_kits = []
    for number in range(stories):
        section = rng.choices(range(sections), weights=section_weights)[0]
        story_kits.append(_story_kit(number, section, kits[section], names, rng))

    # Every story gets one article, the rest go where the (skewed) weights say.
    sizes = Counter(range(stories))
    weights = [rng.lognormvariate(0, 1.1) for _ in range(stories)]
    sizes.update(rng.choices(range(stories), weights=weights, k=articles - stories))

    plans = []
    story_open = []
    for number, kit in enumerate(story_kits):
        size = sizes[number]
        days = rng.lognormvariate(math.log(6), 1.0) * math.sqrt(size)
        length = min(SPAN, datetime.timedelta(days=max(1.0, days)))
        start = end - SPAN + (SPAN - length) * rng.random()
        story_open.append(start + length > end - datetime.timedelta(days=60))
        candidates = writers_by_section.get(kit.section) or list(range(authors))
        desk = rng.sample(candidates, min(len(candidates), rng.randint(2, 4)))
        for ordinal in range(size):
            published = start + length * rng.random() ** 1.5
            published = published.replace(microsecond=0)
            updated = published
            if rng.random() < 0.2:
                minutes = rng.lognormvariate(math.log(90), 1.2)
                updated = min(end, published + datetime.timedelta(minutes=minutes))
            section = kit.section
            if sections > 1 and rng.random() > 0.85:
                section = rng.randrange(sections)
            bylines = rng.choices((1, 2, 3), weights=(80, 17, 3))[0]
            plans.append(
                ArticlePlan(
                    story=number,
                    ordinal=ordinal,
                    section=section,
                    authors=tuple(rng.sample(desk, min(bylines, len(desk)))),
                    published=published,
                    updated=updated.replace(microsecond=0),
                )
            )
    plans.sort(key=lambda plan: (plan.published, plan.story, plan.ordinal))
    return NewsroomPlan(
        seed=seed,
        sections=kits,
        authors=tuple(writers),
        stories=tuple(story_kits),
        story_open=tuple(story_open),
        articles=tuple(plans),
    )


def _story_kit(
    number: int, section: int, kit: SectionKit, names: _Names, rng: random.Random
) -> StoryKit:
    place, landmark = names.place(), names.place()
    kind = rng.choice(kit.events)
    things = tuple(
        f"{name} {thing}"
        for name, thing in zip(
            (landmark, place, landmark), rng.sample(kit.things, 3), strict=True
        )
    )
    people = tuple(names.person(role) for role in rng.sample(kit.roles, 3))
    org = rng.choice(kit.orgs).format(place)
    title = rng.choice(
        (f"{place} {kind}", f"The {kind} in {place}", f"{kind} at the {things[0]}")
    )
    summary = (
        f"Our coverage of the {kind} in {place}: {people[0].name}, "
        f"{org.removeprefix('the ')} and the {things[0]}."
    )
    return StoryKit(
        number=number,
        section=section,
        title=title[0].upper() + title[1:],
        summary=summary,
        kind=kind,
        place=place,
        org=org,
        people=people,
        things=things,
        groups=tuple(rng.sample(kit.groups, 3)),
    )


# --- Writing: plain text from a story's vocabulary ---------------------------


WORDS: dict[str, Sequence[str]] = {
    "then": THEN,
    "when": WHEN,
    "later": LATER,
    "said": SAID,
    "did": DID,
    "many": HOW_MANY,
    "source": SOURCES,
    "since": SINCE,
    "verdict": VERDICTS,
    "acts": ACTS,
    "demand": DEMAND,
    "goes_on": GOES_ON,
    "waiting": WAITING,
    "fate": FATE,
    "state": STATE,
}


def story_words(story: StoryKit) -> dict[str, Sequence[str]]:
    """Return the words that fill a template's slots, the story's own included."""
    return {
        **WORDS,
        "thing": tuple(f"the {thing}" for thing in story.things),
        "thing_name": story.things,
        "event": (f"the {story.place} {story.kind}", f"the {story.kind}"),
        "place": (story.place,),
        "kind": (story.kind,),
        "org": (story.org,),
        "org_name": (story.org.removeprefix("the "),),
        "group": story.groups,
        "surname": tuple(person.surname for person in story.people),
    }


class _Slots(dict[str, Any]):
    """Fill one template's slots lazily; a sentence names one person at most."""

    def __init__(self, writer: "_Writer") -> None:
        super().__init__()
        self.writer = writer

    def __missing__(self, key: str) -> str:
        value = self.writer.slot(key, self)
        self[key] = value
        return value


class _Writer:
    def __init__(self, story: StoryKit, rng: random.Random) -> None:
        self.words = story_words(story)
        self.people = story.people
        self.random = rng.random
        self.introduced: set[Person] = set()

    def pick(self, choices: Sequence[T]) -> T:
        return choices[int(self.random() * len(choices))]

    def slot(self, key: str, slots: _Slots) -> str:
        choices = self.words.get(key)
        if choices is not None:
            return self.pick(choices)
        if key[0].isupper():
            value = self.slot(key.lower(), slots)
            return value[0].upper() + value[1:]
        if key in ("person", "role"):
            if "_person" not in slots:
                slots["_person"] = self.pick(self.people)
            person = slots["_person"]
            if key == "role":
                return person.role
            if person in self.introduced:
                return person.surname
            self.introduced.add(person)
            return person.name
        if key == "quote":
            return self.pick(QUOTES).format_map(_Slots(self))
        if key == "number":
            return f"{int(self.random() * 4000) + 12:,}"
        raise KeyError(key)

    def fill(self, template: str) -> str:
        text = template.format_map(_Slots(self))
        return text[0].upper() + text[1:]


def write_article(story: StoryKit, rng: random.Random) -> ArticleText:
    """Return a headline, lede and body of 150 to 500 words about ``story``."""
    writer = _Writer(story, rng)
    title = writer.fill(writer.pick(HEADLINES))
    lede = writer.fill(writer.pick(LEDES))
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    # Longer pieces get one subheading, always followed by more text.
    heading_at = rng.randint(120, target - 80) if target > 320 else MAX_WORDS
    body: list[dict] = []
    words = 0
    paragraph: list[str] = []
    while words < target:
        sentence = writer.fill(writer.pick(SENTENCES))
        length = len(sentence.split())
        if words + length > MAX_WORDS:
            if words >= MIN_WORDS:
                break
            continue
        if not paragraph and words >= heading_at:
            body.append(_block("heading", writer.fill(writer.pick(HEADINGS))))
            heading_at = MAX_WORDS
        paragraph.append(sentence)
        words += length
        if len(paragraph) >= rng.randint(1, 4) or words >= target:
            body.append(_block("paragraph", f"<p>{' '.join(paragraph)}</p>"))
            paragraph = []
    if paragraph:
        body.append(_block("paragraph", f"<p>{' '.join(paragraph)}</p>"))
    return ArticleText(title=title, lede=lede, body=body)


def _block(kind: str, value: str) -> dict:
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def write_texts(plan: NewsroomPlan, start: int, count: int) -> list[ArticleText]:
    """Return the text of ``count`` of the plan's articles from ``start`` on."""
    return [
        write_article(plan.stories[article.story], article_rng(plan.seed, article))
        for article in plan.articles[start : start + count]
    ]


def article_rng(seed: int, plan: ArticlePlan) -> random.Random:
    """Return the random source of one article, independent of batching."""
    return random.Random(f"{seed}/{plan.story}/{plan.ordinal}")
