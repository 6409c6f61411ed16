"""The community standards as code: numbered rules and the automatic checks.

Pure: plain text and numbers in, a ``Verdict`` out; no models, no database, no
settings (``gazette.discussion.policy`` builds the ``Policy`` from them). The
services call ``check_comment`` with the classifier's score
(``gazette.discussion.toxicity``), the author's recent comments and standing.

Every rule has a number (as on the Community standards page) and a stable code
(stored with comments, bans and reports). A comment that breaks several rules
is decided by the most serious finding: a rejection outranks a hold, then the
rule's severity. The verdict cites that one rule ("Held for review under rule 3:
personal attacks"); the others are kept in ``Verdict.also`` for moderators.
See ``docs/moderation.md``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from gazette.discussion import grammar, languages, lexicons
from gazette.discussion.checks import (
    count_links,
    count_repeats,
    find_email,
    find_off_limits,
    find_phone_number,
    fold,
    is_shouting,
)
from gazette.discussion.slurs import (
    AMBIGUOUS,
    INNOCENT_AFTER,
    INNOCENT_BEFORE,
    SLURS,
)

PUBLISH = "publish"
HOLD = "hold"
REJECT = "reject"
_OUTCOME_RANK = {PUBLISH: 0, HOLD: 1, REJECT: 2}


@dataclass(frozen=True)
class Rule:
    """One numbered rule of the community standards."""

    number: int
    code: str
    title: str
    label: str  # how reasons name it: "under rule 3: personal attacks"
    summary: str
    automatic: bool = True  # False: only moderators and reports apply it
    severity: int = 0  # the most severe broken rule is the one cited

    def __str__(self) -> str:
        return f"rule {self.number}: {self.label}"


RULES: tuple[Rule, ...] = (
    Rule(
        1,
        "off-topic",
        "Stay on topic",
        "off-topic comments",
        "Keep comments relevant to the article they appear under.",
        automatic=False,
        severity=0,
    ),
    Rule(
        2,
        "hate-speech",
        "No hate speech or slurs",
        "hate speech and slurs",
        "No attacks on people for who they are; no slurs, however disguised.",
        severity=60,
    ),
    Rule(
        3,
        "personal-attacks",
        "No personal attacks",
        "personal attacks",
        "Argue with ideas, not with people: no insults, name-calling or abuse.",
        severity=40,
    ),
    Rule(
        4,
        "threats",
        "No threats or incitement to violence",
        "threats of violence",
        "No threats, no wishing harm on anyone, no calls to violence.",
        severity=70,
    ),
    Rule(
        5,
        "spam",
        "No spam or shouting",
        "spam",
        "No advertising, no more links than needed, no repeated posts, no "
        "comments written in capital letters.",
        severity=10,
    ),
    Rule(
        6,
        "personal-data",
        "Protect personal information",
        "personal information",
        "No email addresses, telephone numbers or other private details.",
        severity=30,
    ),
    Rule(
        7,
        "off-limits-words",
        "Respect words placed off-limits",
        "off-limits words",
        "Words and names the newsroom has placed off-limits are not published.",
        severity=20,
    ),
)

_BY_CODE = {rule.code: rule for rule in RULES}


def rule_by_code(code: str) -> Rule | None:
    """Return the rule with this code, or None if no rule has it."""
    return _BY_CODE.get(code)


def _rule(code: str) -> Rule:
    return _BY_CODE[code]


@dataclass(frozen=True)
class Policy:
    """The newsroom's thresholds and lists (from settings, via ``policy.py``).

    Toxicity thresholds apply to the classifier's score, 0..1, calibrated so
    that 0.5 is its best yes/no cut on the training data's held-out comments.
    """

    hold_threshold: float = 0.5
    reject_threshold: float = 0.95
    max_links: int = 2
    off_limits_words: tuple[str, ...] = ()
    # Each approval more than rejections moves both thresholds up by this much
    # (and each rejection more, down), up to ``standing_limit`` steps.
    standing_step: float = 0.01
    standing_limit: int = 10
    # ALL CAPS counts from this many letters, so "NATO, OK." is not shouting.
    caps_min_letters: int = 20
    caps_ratio: float = 0.9
    # A repeat of one recent comment counts from this length; shorter texts
    # ("Agreed.") count from their third posting.
    repeat_min_chars: int = 20
    # Constructions of the grammar that are rejected outright; the others
    # (wishes of harm, identity attacks, insults, harassment...) are held.
    reject_kinds: frozenset[str] = frozenset({"threat", "incitement"})
    # The classifier's score holds a comment aimed at nobody in particular only
    # from here: swearing at a situation is allowed (docs/moderation.md).
    untargeted_hold_threshold: float = 0.8
    # ... and one about a person who is not addressed ("the minister is...")
    # from here: fierce criticism of people in the news scores 0.5 to 0.7, and
    # ``hold_threshold`` is kept for comments addressed to a reader ("you").
    about_hold_threshold: float = 0.7
    # A second, learned signal for the grey zone (``learned.Model.holds``):
    # what it would hold a comment nothing else flags for (its rule, family
    # and probability; a bare probability is rule 4's), else None; given the
    # text and the classifier's score. Off (None)
    # unless GAZETTE_MODERATION_LEARNED turns it on.
    learned_hold: Callable[[str, float], float | LearnedHold | None] | None = None

    def __post_init__(self) -> None:
        for name in (
            "hold_threshold",
            "reject_threshold",
            "untargeted_hold_threshold",
            "about_hold_threshold",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, not {value!r}.")
        if self.hold_threshold > self.reject_threshold:
            raise ValueError(
                f"hold_threshold ({self.hold_threshold}) must not be above "
                f"reject_threshold ({self.reject_threshold})."
            )
        if self.max_links < 0:
            raise ValueError(f"max_links must be 0 or more, not {self.max_links!r}.")
        if self.standing_step < 0 or self.standing_limit < 0:
            raise ValueError("standing_step and standing_limit must be 0 or more.")


@dataclass(frozen=True)
class Finding:
    """One rule a comment breaks, with the outcome it calls for and what matched."""

    rule: Rule
    outcome: str
    detail: str


@dataclass(frozen=True)
class Verdict:
    """The decision on one comment."""

    outcome: str  # "publish" | "hold" | "reject"
    rule: Rule | None
    reason: str  # what the author is shown; "" when published
    score: float  # the classifier's toxicity, 0..1
    detail: str = ""  # what matched, for moderators ("3 links; the limit is 2")
    also: tuple[Rule, ...] = field(default=())  # other rules broken
    hold_threshold: float = 0.5  # the thresholds after the author's standing
    reject_threshold: float = 0.95
    # The language (or script) the automatic checks cannot read, when the
    # comment was held for it: "es", "ar", "Cyrillic" (``languages.py``).
    unchecked_language: str = ""


# The reason of a hold for a language the checks cannot read (services
# translate it; see ``languages.py``).
UNCHECKED_REASON = (
    "Held for review: comments in this language are not checked automatically"
)


def reason_for(outcome: str, rule: Rule | None) -> str:
    """Return the sentence the author sees for an outcome under a rule."""
    if outcome == PUBLISH or rule is None:
        return ""
    lead = "Held for review" if outcome == HOLD else "Rejected"
    return f"{lead} under rule {rule.number}: {rule.label}"


def thresholds(policy: Policy, standing: int) -> tuple[float, float]:
    """Return the (hold, reject) thresholds for an author of this standing."""
    steps = max(-policy.standing_limit, min(policy.standing_limit, standing))
    shift = steps * policy.standing_step
    hold = min(1.0, max(0.0, policy.hold_threshold + shift))
    reject = min(1.0, max(hold, policy.reject_threshold + shift))
    return hold, reject


def check_comment(
    text: str,
    *,
    toxicity: float,
    recent_texts: Sequence[str] = (),
    standing: int = 0,
    policy: Policy = Policy(),  # noqa: B008 (frozen, so one shared default is safe)
    language: str | None = None,
) -> Verdict:
    """Return the verdict on ``text`` under the standards.

    ``toxicity`` is the classifier's score for the text; ``recent_texts`` are
    the author's recent comments (for repeated posting); ``standing`` is the
    author's approvals minus rejections; ``language`` is the article's
    edition's (None: the site's default). A comment the checks cannot read
    (``languages.unchecked``) gets only the rules that do not depend on words
    and is otherwise held, citing its language.
    """
    hold_at, reject_at = thresholds(policy, standing)
    folded = fold(text)
    unreadable = languages.unchecked(text, language)
    findings = list(_language_free_findings(text, folded, recent_texts, policy))
    if unreadable is not None:
        score = float(toxicity)
        if not findings:
            return Verdict(
                HOLD,
                None,
                UNCHECKED_REASON,
                score,
                unreadable.detail,
                (),
                hold_at,
                reject_at,
                unreadable.language,
            )
        return _decide(findings, score, hold_at, reject_at, unreadable.language)
    findings += _findings(
        text, folded, toxicity, policy, hold_at=hold_at, reject_at=reject_at
    )
    if not findings and policy.learned_hold is not None:
        # Only what would be published: the rejection stays the grammar's.
        held = policy.learned_hold(text, float(toxicity))
        if held is not None:
            findings.append(_learned_finding(held))
    score = float(toxicity)
    if not findings:
        return Verdict(PUBLISH, None, "", score, "", (), hold_at, reject_at)
    return _decide(findings, score, hold_at, reject_at)


class LearnedHold(Protocol):
    """What the learned signal reports (``learned.Hold``)."""

    @property
    def rule(self) -> str: ...  # the code of the rule a hold cites

    @property
    def label(self) -> str: ...  # the family of violations, for moderators

    @property
    def probability(self) -> float: ...


def _learned_finding(held: float | LearnedHold) -> Finding:
    """Return the hold a learned signal asks for; a bare number is rule 4's."""
    if isinstance(held, int | float):
        detail = f"learned: threat, wish of harm or incitement {held:.2f}"
        return Finding(_rule("threats"), HOLD, detail)
    detail = f"learned: {held.label} {held.probability:.2f}"
    return Finding(_rule(held.rule), HOLD, detail)


def _decide(
    findings: list[Finding],
    score: float,
    hold_at: float,
    reject_at: float,
    unchecked_language: str = "",
) -> Verdict:
    """Return the verdict of the most serious finding, the others in ``also``."""
    findings.sort(
        key=lambda f: (_OUTCOME_RANK[f.outcome], f.rule.severity), reverse=True
    )
    first = findings[0]
    also: list[Rule] = []
    for finding in findings[1:]:
        if finding.rule != first.rule and finding.rule not in also:
            also.append(finding.rule)
    return Verdict(
        first.outcome,
        first.rule,
        reason_for(first.outcome, first.rule),
        score,
        first.detail,
        tuple(also),
        hold_at,
        reject_at,
        unchecked_language,
    )


def _findings(
    text: str,
    folded: str,
    toxicity: float,
    policy: Policy,
    *,
    hold_at: float,
    reject_at: float,
) -> Iterable[Finding]:
    """Yield the findings of the checks that read English words."""
    words = plain_words(folded)

    slur = find_slur(words, folded)
    if slur:
        yield Finding(_rule("hate-speech"), REJECT, f"slur: {slur!r}")

    attacks = _rule("personal-attacks")
    matches = grammar.find(folded, text)
    for match in matches:
        outcome = REJECT if match.kind in policy.reject_kinds else HOLD
        yield Finding(_rule(match.rule), outcome, match.detail)
    # The classifier decides the grey zone, from a score that depends on whom
    # the comment aims at: a reader it addresses, a person it speaks about, or
    # nobody in particular.
    if toxicity >= reject_at:
        yield Finding(attacks, REJECT, f"toxicity {toxicity:.2f} >= {reject_at:.2f}")
    elif toxicity >= hold_at:
        shift = hold_at - policy.hold_threshold  # the author's standing
        about_at = min(1.0, max(hold_at, policy.about_hold_threshold + shift))
        if grammar.addressed_to_reader(folded):
            threshold = hold_at
        elif toxicity >= about_at and grammar.aimed_at_person(folded):
            threshold = about_at
        else:
            threshold = max(hold_at, policy.untargeted_hold_threshold)
        if toxicity >= threshold:
            yield Finding(attacks, HOLD, f"toxicity {toxicity:.2f} >= {threshold:.2f}")
    # Disguised ("b.a.n.n.e.d"); as written, ``_language_free_findings``.
    word = find_off_limits("", words, policy.off_limits_words)
    if word:
        yield Finding(_rule("off-limits-words"), HOLD, f"off-limits: {word!r}")


def _language_free_findings(
    text: str, folded: str, recent_texts: Sequence[str], policy: Policy
) -> Iterable[Finding]:
    """Yield the findings of the checks that hold in any language.

    Email addresses, telephone numbers, links, repeats, capitals and the
    newsroom's off-limits words as written (its own list, in its languages).
    """
    if find_email(folded):
        yield Finding(_rule("personal-data"), HOLD, "an email address")
    if find_phone_number(folded):
        yield Finding(_rule("personal-data"), HOLD, "a telephone number")

    word = find_off_limits(folded, (), policy.off_limits_words)
    if word:
        yield Finding(_rule("off-limits-words"), HOLD, f"off-limits: {word!r}")

    spam = _rule("spam")
    links = count_links(folded)
    if links > policy.max_links:
        yield Finding(spam, HOLD, f"{links} links; the limit is {policy.max_links}")
    repeats = count_repeats(text, recent_texts, policy.repeat_min_chars)
    if repeats:
        yield Finding(spam, REJECT, f"the same text posted {repeats + 1} times")
    if is_shouting(text, policy.caps_min_letters, policy.caps_ratio):
        yield Finding(spam, HOLD, "written in capital letters")


# --- Text -------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s._\-]")
_REPEATS = re.compile(r"(.)\1{2,}")
_DOUBLES = re.compile(r"(.)\1+")


# Letters spelled out one at a time ("n i g g e r", "n.i.g.g.e.r").
_SPACED = re.compile(r"(?<![\w*@$])(?:[\w*@$][\s._\-]){2,}[\w*@$](?![\w*@$])")
_TOKEN = re.compile(r"[\w*@$!|]+")


def _join_spaced(found: re.Match) -> str:
    joined = _SEPARATORS.sub("", found.group(0))
    # "what a f a g g o t", "she's a d y k e": the one-letter words before the
    # spelled-out word ("a", the "s" of "she's") stay apart.
    for cut in (1, 2):
        rest = joined[cut:]
        if len(rest) >= 3 and (_is_slur(rest) or _is_ambiguous(rest)):
            return " ".join(joined[:cut]) + " " + rest
    return joined


def plain_words(folded: str) -> list[str]:
    """Return the words of folded text with disguises undone (spacing, leetspeak)."""
    joined = _SPACED.sub(_join_spaced, folded)
    words = []
    for token in _TOKEN.findall(joined):
        if token.isalpha():  # most words: nothing to undo
            words.append(token)
            continue
        if not any(ch.isalpha() for ch in token):
            continue
        token = token.translate(lexicons.LEET).replace("!", "i").replace("|", "i")
        token = token.strip("_")
        if token:
            words.append(token)
    return words


def _squeeze(word: str, keep: int) -> str:
    return _REPEATS.sub(lambda m: m.group(1) * keep, word)


@functools.lru_cache(maxsize=8192)
def _stems(word: str) -> frozenset[str]:
    forms = {word, _squeeze(word, 1), _squeeze(word, 2)}
    for form in list(forms):
        if form.endswith("es"):
            forms.add(form[:-2])
        if form.endswith("s") or form.endswith("z"):
            forms.add(form[:-1])
    return frozenset(forms)


@functools.lru_cache(maxsize=8192)
def _canon(word: str) -> str:
    """Return a spelling-insensitive form: y for i, doubled letters single."""
    word = word.replace("ck", "k").replace("ph", "f").replace("y", "i")
    return _DOUBLES.sub(r"\1", word)


# Innocent words that a misspelt slur would collide with ("Niger").
_INNOCENT = frozenset({"niger", "nigers", "spik", "wog", "kik"})
_SLUR_WORDS = frozenset(s.replace(" ", "") for s in SLURS)
_SORTED_SLURS = tuple(sorted(_SLUR_WORDS | AMBIGUOUS))
# Misspellings are matched for longer slurs only: "yid" would catch "id".
_CANON_SLURS = {
    _canon(s): s for s in _SLUR_WORDS if len(s) >= 4 and _canon(s) not in _INNOCENT
}
# Words starting otherwise cannot be a listed slur (nor begin a run-together one).
_SLUR_STARTS = frozenset(
    start
    for slur in _SLUR_WORDS | AMBIGUOUS
    for start in {slur[:2], _canon(slur)[:2], slur[:2].replace("i", "y")}
)
_AMBIGUOUS_CANON = frozenset(_canon(a) for a in AMBIGUOUS)


def _listed(
    forms: frozenset[str], names: frozenset[str], canon: dict[str, str]
) -> bool:
    return bool(forms & names) or any(_canon(f) in canon for f in forms)


# Words recur across comments: each is looked up once per process.
@functools.lru_cache(maxsize=16384)
def _is_slur(word: str) -> bool:
    return _listed(_stems(word), _SLUR_WORDS, _CANON_SLURS)


@functools.lru_cache(maxsize=16384)
def _is_ambiguous(word: str) -> bool:
    forms = _stems(word)
    return bool(forms & AMBIGUOUS) or any(_canon(f) in _AMBIGUOUS_CANON for f in forms)


def find_slur(words: Sequence[str], folded: str = "") -> str | None:
    """Return the first slur among ``words`` (from ``plain_words``), or None.

    Listed slurs count anywhere, misspelt ("kyke") or run together
    ("rag-heads"); words with an innocent sense (``slurs.AMBIGUOUS``) count
    when masked or aimed at people (see ``slurs.py``). ``folded`` is the text
    the words come from, to see which were disguised.
    """
    disguised: set[str] | None = None  # worked out for the first ambiguous word
    for index, word in enumerate(words):
        if word[:2] not in _SLUR_STARTS and "*" not in word:
            continue
        if "*" in word:
            # "n*gger": the stars stand for letters of a listed word.
            stem = word[:-1] if word.endswith("s") else word
            pattern = re.compile(re.escape(stem).replace(r"\*", "[a-z]") + "s?")
            if word.strip("*") and any(pattern.fullmatch(s) for s in _SORTED_SLURS):
                return word
            continue
        if _is_slur(word):
            return word
        if index + 1 < len(words) and _is_slur(word + words[index + 1]):
            return f"{word}-{words[index + 1]}"
        if _is_ambiguous(word):
            if disguised is None:
                disguised = _disguised_words(folded)
            if word in disguised or _aimed_slur(words, index):
                return word
    return None


# A token with a digit or sign written for a letter ("r3tard", "d*ke").
_DISGUISED_TOKEN = re.compile(r"[\w*@$!|]*[*@$0-9!|][\w*@$!|]*")


def _disguised_words(folded: str) -> set[str]:
    """Return the words of ``folded`` that were written disguised, read back."""
    disguised = {
        w.translate(lexicons.LEET).replace("!", "i").replace("|", "i")
        for w in _DISGUISED_TOKEN.findall(folded)
        if any(ch.isalpha() for ch in w)
    }
    disguised |= {
        word.translate(lexicons.LEET)
        for m in _SPACED.finditer(folded)
        for word in _join_spaced(m).split()
    }
    return disguised


_PEOPLE_BEFORE = lexicons.words(
    """
    a an that this the you some those these bunch lot full by of are like little
    stupid fat bloody fucking old dirty filthy with all them run
    """
)


def _aimed_slur(words: Sequence[str], index: int) -> bool:
    """Return True when an ambiguous word at ``index`` is said of people."""
    before = words[index - 1] if index else ""
    after = words[index + 1] if index + 1 < len(words) else ""
    if before in INNOCENT_BEFORE or after in INNOCENT_AFTER:
        return False
    return before in _PEOPLE_BEFORE
