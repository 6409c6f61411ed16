"""The word lists of the synthetic newsroom: places, people, events, sentences.

Data and one helper, no database; ``synthetic_plan`` draws from them.
"""

from dataclasses import dataclass

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
