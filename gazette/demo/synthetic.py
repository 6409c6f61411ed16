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
Wagtail and the stories app would have kept. Synthetic articles are published
without revisions, search index entries or reference index entries; see
docs/synthetic.md.
"""

import datetime
import math
import random
import re
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from gazette.articles import services as articles
from gazette.articles.models import ArticlePage, ArticlePageAuthor, Author, SectionPage
from gazette.core.models import HomePage
from gazette.core.services import retire_cached_pages
from gazette.stories.models import Story
from gazette.stories.services import refresh_stories

SPAN = datetime.timedelta(days=3 * 365)
MIN_WORDS, MAX_WORDS = 150, 500
PREFIX_PATTERN = re.compile(r"^[a-z][a-z0-9]{0,15}$")
T = TypeVar("T")


class NewsroomError(Exception):
    """The newsroom cannot be generated as asked; the message says why."""


# --- Word lists --------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@dataclass(frozen=True)
class SectionKit:
    """A section and the words its stories are written with."""

    title: str
    slug: str
    events: tuple[str, ...]
    things: tuple[str, ...]
    groups: tuple[str, ...]
    roles: tuple[str, ...]
    # Organisation names with a slot for the story's place, e.g. "{} Water Board".
    orgs: tuple[str, ...]


SECTIONS: tuple[SectionKit, ...] = (
    SectionKit(
        "World",
        "world",
        ("border dispute", "ceasefire talks", "refugee crisis", "diplomatic row"),
        ("border crossing", "ceasefire line", "embassy", "aid corridor", "treaty"),
        ("diplomats", "refugees", "soldiers", "aid workers", "border residents"),
        ("foreign minister", "ambassador", "special envoy", "army spokesperson"),
        ("the {} Foreign Ministry", "the {} Border Guard", "the {} Peace Commission"),
    ),
    SectionKit(
        "Politics",
        "politics",
        ("budget row", "coalition crisis", "corruption inquiry", "leadership contest"),
        ("budget bill", "coalition deal", "spending plan", "voter roll", "ballot"),
        ("voters", "lawmakers", "party members", "campaigners", "civil servants"),
        ("prime minister", "opposition leader", "finance minister", "party chair"),
        ("the {} People's Party", "the {} Reform Alliance", "the {} Assembly"),
    ),
    SectionKit(
        "Business",
        "business",
        ("takeover battle", "port strike", "bank collapse", "factory closure"),
        ("takeover bid", "factory", "pension fund", "shipping terminal", "bond sale"),
        ("shareholders", "workers", "investors", "suppliers", "dock workers"),
        ("chief executive", "union leader", "finance director", "market analyst"),
        ("{} Holdings", "the {} Dockworkers' Union", "the {} Chamber of Commerce"),
    ),
    SectionKit(
        "Technology",
        "technology",
        ("data breach", "network outage", "chip shortage", "cyber attack"),
        ("data centre", "payment system", "undersea cable", "chip plant", "app"),
        ("customers", "engineers", "developers", "users", "regulators"),
        ("chief technology officer", "security researcher", "regulator", "founder"),
        ("{} Telecom", "the {} Data Authority", "{} Systems"),
    ),
    SectionKit(
        "Science",
        "science",
        ("space mission", "fossil discovery", "research scandal", "volcano study"),
        ("probe", "telescope", "laboratory", "research vessel", "fossil site"),
        ("scientists", "researchers", "students", "astronomers", "geologists"),
        ("lead scientist", "professor", "mission director", "research fellow"),
        ("the {} Space Agency", "the {} Institute", "the {} Observatory"),
    ),
    SectionKit(
        "Health",
        "health",
        ("measles outbreak", "hospital strike", "drug shortage", "vaccine trial"),
        ("hospital", "clinic", "emergency ward", "drug supply", "screening scheme"),
        ("patients", "nurses", "doctors", "parents", "care workers"),
        ("health minister", "chief medical officer", "hospital director"),
        ("the {} Health Service", "the {} Nurses' Union", "the {} Medical Board"),
    ),
    SectionKit(
        "Climate",
        "climate",
        ("flood", "drought", "wildfire", "heatwave", "storm", "landslide"),
        ("levee", "reservoir", "dam", "river", "coastline", "firebreak"),
        ("residents", "farmers", "firefighters", "evacuees", "volunteers"),
        ("emergency services chief", "mayor", "climate scientist", "fire chief"),
        ("the {} Water Board", "the {} Fire Service", "the {} Weather Bureau"),
    ),
    SectionKit(
        "Culture",
        "culture",
        ("film festival", "museum row", "art theft", "opera strike", "book prize"),
        ("painting", "museum", "festival", "manuscript", "opera house", "gallery"),
        ("artists", "visitors", "musicians", "critics", "collectors"),
        ("museum director", "curator", "festival director", "conductor"),
        ("the {} National Museum", "the {} Arts Council", "the {} Film Academy"),
    ),
    SectionKit(
        "Sport",
        "sport",
        ("cup final", "doping case", "transfer saga", "stadium dispute"),
        ("stadium", "cup", "transfer fee", "title race", "training ground"),
        ("fans", "players", "coaches", "supporters", "athletes"),
        ("head coach", "club president", "captain", "league chief"),
        ("{} Football Club", "the {} Athletics Federation", "the {} League"),
    ),
    SectionKit(
        "Justice",
        "justice",
        ("corruption trial", "prison riot", "fraud case", "extradition fight"),
        ("court ruling", "verdict", "appeal", "evidence", "prison", "indictment"),
        ("jurors", "lawyers", "prosecutors", "witnesses", "inmates"),
        ("judge", "chief prosecutor", "defence lawyer", "police commissioner"),
        ("the {} High Court", "the {} Prosecution Service", "the {} Police"),
    ),
    SectionKit(
        "Education",
        "education",
        ("teachers' strike", "exam scandal", "school closures", "tuition protest"),
        ("exam", "campus", "school", "curriculum", "tuition fees", "student loan"),
        ("students", "teachers", "parents", "lecturers", "pupils"),
        ("education minister", "head teacher", "vice-chancellor", "lecturer"),
        ("the University of {}", "the {} Teachers' Union", "the {} School Board"),
    ),
    SectionKit(
        "Transport",
        "transport",
        ("rail strike", "bridge collapse", "airport chaos", "ferry accident"),
        ("bridge", "railway line", "airport", "ferry", "motorway", "tunnel"),
        ("passengers", "commuters", "drivers", "rail workers", "pilots"),
        ("transport minister", "rail operator chief", "airport director"),
        ("{} Railways", "the {} Airport Authority", "the {} Ferry Company"),
    ),
)

FIRST_NAMES = _words(
    "Ada Alma Anton Aris Beatrix Bruno Carla Cyril Dalia Emil Esra Felix Greta Hana "
    "Idris Ines Jonas Kira Lars Lena Lucia Malik Marta Milan Nadia Nils Noor Olga "
    "Oskar Petra Rafael Rosa Sami Selma Tomas Uma Vera Viktor Yara Zeno"
)
NAME_STARTS = _words(
    "Al Bran Cal Dor El Fen Gar Hal Is Jor Kes Lor Mar Nor Or Pel Quin Ros Sal Tor "
    "Ul Val Wes Yar Zan Ash Bel Cor Dun Ev"
)
NAME_MIDDLES = ("a", "e", "i", "o", "an", "en", "in", "or", "ar", "el", "")
PLACE_ENDS = _words(
    "mere ford holm stad via dale wick more ton ssa rin vik lund port bury gate "
    "mark ia oria"
)
SURNAME_ENDS = _words("son ley ner ski ova ez ard well berg ani ec mann ier ovic")
AUTHOR_ROLES = (
    "Correspondent",
    "Reporter",
    "Senior reporter",
    "Chief reporter",
    "Data journalist",
    "Editor",
)

WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
WHEN = (
    *(f"on {day}" for day in WEEKDAYS),
    "late on Friday",
    "early on Wednesday",
    "this morning",
    "overnight",
    "earlier this week",
    "at the weekend",
)
LATER = ("next week", "on Thursday", "before the end of the month", "within days")
SAID = ("said", "told reporters", "said in a statement", "told the Gazette")
DID = ("rejected", "welcomed", "criticised", "defended", "postponed", "questioned")
HOW_MANY = ("dozens of", "hundreds of", "about 40", "at least 12", "thousands of")
THEN = ("", "", "", "", "Meanwhile, ", "However, ", "Earlier, ", "Separately, ")
SOURCES = (
    "officials said",
    "documents seen by the Gazette show",
    "a spokesperson confirmed",
    "local media reported",
    "people familiar with the matter said",
)
SINCE = ("last spring", "the start of the year", "last autumn", "two years ago")
VERDICTS = ("serious but stable", "deeply worrying", "changing by the hour")
QUOTES = (
    "We are doing everything we can for the {group}",
    "Nobody should have to wait this long for answers about {thing}",
    "This is a difficult day for {place}",
    "We warned about {thing} months ago",
    "Our priority is the safety of the {group}",
)
SENTENCES = (
    "{then}{person}, the {role}, {said} {when} that {event} had affected {many} "
    "{group} in {place}.",
    "{then}{org} {did} the plan for {thing} {when}, {source}.",
    '"{quote}," {person} {said}.',
    "{Many} {group} gathered near {thing} {when} as {event} entered a new phase.",
    '{then}{person} {said} the situation around {thing} was "{verdict}".',
    "questions remain about who was responsible for {thing}, {source}.",
    "{then}{person} {did} the decision, saying {group} in {place} deserved "
    "clearer answers.",
    "The {role} said {org} had been warned about {thing} as early as {since}.",
    "{event} is the most serious test for {org} in years.",
    "{number} {group} have signed a petition calling for an independent "
    "review of {thing}.",
    "{then}in {place}, {group} said they had heard little from {org} since "
    "{event} began.",
    "{then}{person} is expected to meet representatives of {org} {later} to "
    "discuss {thing}.",
    "{thing} has been at the centre of {event} since it began.",
    "{then}{org} said it would publish a full report on {thing} {later}.",
    "critics say {org} moved too slowly, and that {group} in {place} paid the price.",
    "{then}{person} {said} that more than {number} {group} had been contacted so far.",
    "{then}a spokesperson for {org} declined to comment on {thing}.",
    "it is not yet clear how long {event} will last, {source}.",
)
LEDES = (
    "{person}, the {role}, has {did} {thing} as {event} {goes_on}.",
    "{Many} {group} in {place} are {waiting} after {event} {goes_on}.",
    "{Org} is facing growing questions over {thing}, {source}.",
)
HEADLINES = (
    "{surname} {acts} {thing_name}",
    "{place} {kind}: {group} {demand} {thing_name}",
    "{org_name} {acts} {thing_name} as {kind} {goes_on}",
    "What we know about the {place} {kind}",
    "{Many} {group} {fate} in {place} {kind}",
    "{place} {kind}: {surname} says {thing_name} {state}",
    "{surname} under pressure over {place} {kind}",
    "Inquiry into {thing_name} widens",
)
HEADINGS = ("What happened", "What comes next", "Reaction in {place}", "Background")
ACTS = ("rejects", "backs", "defends", "delays", "questions", "halts", "warns over")
DEMAND = ("demand answers over", "protest over", "fear for", "rally behind")
GOES_ON = ("deepens", "drags on", "escalates", "eases", "enters a new week")
WAITING = ("waiting for answers", "counting the cost", "bracing for more disruption")
FATE = ("evacuated", "stranded", "questioned", "left waiting", "caught up")
STATE = ("will reopen", "must be reviewed", "is safe", "was mishandled")


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
    analyze_tables([Page, ArticlePage, ArticlePageAuthor, Story, Author])
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

    pages, children = [], Counter()
    for number, (article, text) in enumerate(zip(batch, texts, strict=True)):
        target = targets[article.section]
        section = target.page
        slug = f"{prefix}-{first_number + number}-{slugify(text.title)[:60]}".strip("-")
        pages.append(
            Page(
                content_type=content_type,
                title=text.title,
                draft_title=text.title,
                slug=slug,
                path=section.path + encode_step(target.next_step),
                depth=section.depth + 1,
                numchild=0,
                url_path=f"{section.url_path}{slug}/",
                locale_id=section.locale_id,
                translation_key=uuid.uuid4(),
                live=True,
                has_unpublished_changes=False,
                first_published_at=article.published,
                last_published_at=article.updated,
                show_in_menus=False,
            )
        )
        target.next_step += 1
        children[section.pk] += 1
    Page.objects.bulk_create(pages)

    insert_rows(
        ArticlePage,
        [
            {
                "page_ptr_id": page.pk,
                "lede": text.lede,
                "body": text.body,
                "story_id": story_ids[article.story],
            }
            for page, article, text in zip(pages, batch, texts, strict=True)
        ],
    )
    ArticlePageAuthor.objects.bulk_create(
        ArticlePageAuthor(page_id=page.pk, author_id=author_ids[a], sort_order=i)
        for page, article in zip(pages, batch, strict=True)
        for i, a in enumerate(article.authors)
    )
    for pk, n in children.items():
        Page.objects.filter(pk=pk).update(numchild=F("numchild") + n)
    refresh_stories(finished_stories)


def insert_rows(model: type[Model], rows: Sequence[dict]) -> None:
    """Insert rows into ``model``'s own table, each value prepared by its field.

    Fields left out of a row take their default.
    """
    fields = model._meta.local_concrete_fields
    ops = connection.ops
    columns = ", ".join(ops.quote_name(field.column) for field in fields)
    placeholders = f"({', '.join(['%s'] * len(fields))})"
    per_statement = max(1, min(ops.bulk_batch_size(fields, rows), 1000))
    sql = f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({columns}) VALUES "
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [
                field.get_db_prep_save(
                    row[field.attname] if field.attname in row else field.get_default(),
                    connection,
                )
                for row in chunk
                for field in fields
            ]
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
