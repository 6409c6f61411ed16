"""A learned second signal for the grey zone, one head per family of violations.

The grammar (``grammar.py``) catches the constructions it was shown; a new
writer finds phrasings it has not seen. This module scores a comment with
linear models trained by ``gazette train-standards`` (``learned_training.py``),
one head per family (``HEADS``: violence, hatred, abuse of people, spam),
each with its own threshold, on word and character n-grams, the grammar's
partial cues (a target, a harm verb or event, a weapon, a modal, a wish frame,
an agent called on, a group, an epithet) and *class n-grams*: the comment's
words with each word of a grammar class replaced by the class's name and each
person or people named replaced by ``NAME`` / ``PEOPLE`` ("AGENT should HARM
NAME", "PEOPLE are BEAST"), so that other names, verbs and groups count as the
ones it was trained on. The cues and class n-grams are read in
``learned_cues.py`` (re-exported here); this module has the heads, the gates
and the model.

It may only **hold** a comment the grammar and the classifier would publish,
and (spam aside) only when the comment names a target (a reader, a person, a
group): news violence and swearing at a situation are not its business. The
rejection stays the grammar's. Whether it runs at all is
``GAZETTE_MODERATION_LEARNED`` (``policy.py``); docs/moderation.md has the
measured figures.

Pure Python, no numpy: the model is a gzipped JSON file of weights
(``model/standards.json.gz``), read once.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter, mul
from pathlib import Path
from typing import Any

from gazette.discussion import features, grammar, toxicity, violence_clause

# The cue extraction lives in ``learned_cues.py``; its names stay importable
# from here (``from gazette.discussion.learned import cues, class_grams``).
from gazette.discussion.learned_cues import (  # noqa: F401 (re-exported)
    _CLASS_OF,
    _CUES,
    _FRAMES,
    _HARMS,
    _NAME,
    _NOT_NAMES,
    _PAIRS,
    _SUBJECT,
    _WORD_CUES,
    PLAIN_CUES,
    _alternatives,
    _demonyms,
    _members,
    _named,
    _normalised,
    _word_class,
    class_grams,
    cues,
)

DEFAULT_MODEL = Path(__file__).resolve().parent / "model" / "standards.json.gz"
MODEL_FORMAT = "gazette-standards-learned"
MODEL_VERSION = 2


@dataclass(frozen=True)
class HeadSpec:
    """A family of violations one head learns: its categories and its rule."""

    categories: frozenset[str]
    rule: str  # the rule code a hold cites
    label: str  # what the moderator reads in the detail
    targeted: bool = True  # holds only a comment that names someone


HEADS: dict[str, HeadSpec] = {
    "violent": HeadSpec(
        frozenset({"threat", "wish_harm", "incitement"}),
        "threats",
        "threat, wish of harm or incitement",
    ),
    "hate": HeadSpec(
        frozenset({"identity_attack", "dehumanisation", "slur"}),
        "hate-speech",
        "identity attack, dehumanisation or slur",
    ),
    "abuse": HeadSpec(
        frozenset({"insult", "harassment"}),
        "personal-attacks",
        "insult or harassment",
    ),
    "spam": HeadSpec(frozenset({"spam"}), "spam", "spam", targeted=False),
}

# What spam is made of, by the labelling rules: a link or an address, a
# number to call or a code, shouting, the same word over and over. The spam
# head holds nothing without one ("great read" is no advert).
_SPAM_SHAPE = re.compile(
    r"(?:https?:|www\.|\.(?:com|net|org|co|uk|biz|shop|xyz|info|io|me|win|"
    r"site|store|loans?)\b|\bdot com\b|\blink\b|@|\d{3,}|\b[A-Z0-9]{4,}\d+\b)",
    re.IGNORECASE,
)

CUE_SCALE = 0.5  # the cue block's weight against the n-gram blocks (unit each)
CLASS_SCALE = 0.5  # the class n-grams' block, likewise


# Whose words and what mood: a threat, a wish or a call has a writer in it
# ("I", "we", "you"), a frame (should, hope, deserve, let's...) or a conditional;
# narration of what happened ("the gunman killed four people before police
# shot him dead") has none, and is not this signal's business.
_STANCE = re.compile(
    r"\b(?:i|we|me|my|our|us|you|your|let us|lads|everyone|everybody|somebody|"
    r"someone|anyone|should|must|ought|deserves?|deserved|hope|hoping|wish|pray|"
    r"praying|better|need to|needs to|will|would|going to|cannot wait|if|may|let|"
    r"time to|wait till|wait until|here is to)\b"
)
# Wishing consequences that are no harm (defeat, prosecution, the sack):
# criticism, unless a harm word is in the comment too.
_CIVIL = re.compile(
    r"\b(?:loses?|losing|lost) (?:\w+ )?(?:seat|seats|job|election|vote|majority|"
    r"deposit|case|appeal|licence|license)\b|\b(?:prosecuted|charged|investigated|"
    r"jailed|in jail|in prison|behind bars|sacked|fired|voted out|resign|resigns|"
    r"impeached|disqualified|banned from|struck off|booted out|kicked out of office)\b"
)
# Idioms in which a harm verb means nothing of the kind.
_IDIOMS = re.compile(
    r"\b(?:fire|shoot) away\b|\b(?:shoot|drop|send|fire) (?:me|us) (?:an?|the) "
    r"(?:\w+ )?(?:email|message|"
    r"text|line|note|dm|pm|link|reply|photo|picture|question|invite)\b",
    re.IGNORECASE,
)


def has_target(text: str) -> bool:
    """Return True when the comment names someone: a reader, a person, a group.

    "You", "he is", "the minister", a pronoun object ("hang them"), a group
    ("migrants", "Vesperlanders") or a name written mid-sentence.
    """
    folded, _ = _normalised(text)
    if grammar.addressed_to_reader(folded) or grammar.aimed_at_person(folded):
        return True
    # The cues search the same text with the same patterns, once per comment.
    if not cues(text).isdisjoint(("object", "role", "group")):
        return True
    if _demonyms(text):
        return True
    if _NAME.search(text):
        return True
    return any(m.group(1).casefold() not in _NOT_NAMES for m in _SUBJECT.finditer(text))


def _spam_shaped(text: str) -> bool:
    """Return True when the text has what spam is made of (links, numbers...)."""
    if _SPAM_SHAPE.search(text):
        return True
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.7 * len(letters):
        return True
    words = re.findall(r"[a-z]+", text.casefold())
    return bool(words) and max(map(words.count, set(words))) >= 4


def _stance(own: str) -> bool:
    """Return True when the writer speaks in the mood of a threat, wish or call."""
    _, plain = _normalised(own)
    found = cues(own)  # searched once per comment, for every head
    if not (_STANCE.search(plain) or not found.isdisjoint(("wish", "modal"))):
        return False
    return not (_CIVIL.search(plain) and not found & {"harm_verb", "weapon"})


def _harmed(text: str) -> bool:
    """Return True when a clause harms a person in the writer's mood.

    ``violence_clause.analyse``: a harm predicate with a person as its object
    or subject, wished, called for, promised or commanded. It opens the
    violent head's gates where the target and stance patterns above miss
    ("hope his plane has engine trouble", "smash it and drag the owner out").
    """
    return violence_clause.analyse(text) is not None


def _toxicity_value(score: float) -> float:
    """Return the classifier's score as a feature: its log-odds, a quarter."""
    score = min(max(score, 1e-6), 1 - 1e-6)
    return math.log(score / (1 - score)) / 4


def _extra_blocks(text: str, score: float | None = None) -> list[features.Block]:
    """Return the cue, class n-gram and classifier blocks, each already scaled.

    ``score`` is the toxicity classifier's for the comment (None: no such
    feature).
    """
    found = tuple(sorted(cues(text)))
    blocks: list[features.Block] = []
    if score is not None:
        blocks.append((("t:toxicity",), (_toxicity_value(score),), 1.0))
    if found:
        value = CUE_SCALE / math.sqrt(len(found))
        blocks.append((tuple("q:" + n for n in found), (value,) * len(found), 1.0))
    counts: dict[str, int] = {}
    for gram in class_grams(text):
        counts[gram] = counts.get(gram, 0) + 1
    if counts:
        damped = tuple(1.0 + math.log(n) for n in counts.values())
        norm = math.sqrt(sum(v * v for v in damped)) / CLASS_SCALE
        blocks.append((tuple("k:" + g for g in counts), damped, norm))
    return blocks


def _blocks(
    text: str, char_grams: bool, score: float | None = None
) -> list[features.Block]:
    """Return the blocks a model reads: words, characters (or not), the rest."""
    words, characters = features.blocks(text)
    extra = _extra_blocks(text, score)
    return [words, characters, *extra] if char_grams else [words, *extra]


def extract(
    text: str, char_grams: bool = True, score: float | None = None
) -> dict[str, float]:
    """Return the model's features: n-grams, the cue block, the class n-grams.

    Without ``char_grams`` the character n-grams are left out (a model that
    reads only words, cues and classes: a sixth of the lookups).
    """
    vector: dict[str, float] = {}
    for keys, values, norm in _blocks(text, char_grams, score):
        if norm:
            vector.update(zip(keys, (v / norm for v in values), strict=True))
    return vector


class ModelError(RuntimeError):
    """The learned model's file is missing or not one ``train-standards`` wrote."""


@dataclass(frozen=True)
class Hold:
    """Why the learned signal would hold a comment: a head, its rule, its score."""

    head: str
    rule: str  # the rule's code ("threats", "hate-speech"...)
    label: str  # the family, for the moderator ("insult or harassment")
    probability: float


@dataclass(frozen=True)
class Model:
    """Linear heads on shared features, each with the cut from which it holds."""

    heads: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]  # feature -> one weight per head
    biases: tuple[float, ...]
    thresholds: tuple[float, ...]  # probability from which each head holds
    trained: dict[str, Any]
    char_grams: bool = True  # whether it reads the character n-grams
    # whether it reads the toxicity classifier's score (``t:toxicity``); the
    # whole comment's score serves for its own words too
    toxicity_feature: bool = False

    @property
    def threshold(self) -> float:
        """The first head's threshold (the violent head's in the shipped model)."""
        return self.thresholds[0]

    def _score(self, text: str, score: float | None) -> float | None:
        """Return the classifier's score where the model reads it, else None."""
        if not self.toxicity_feature:
            return None
        return toxicity.score(text) if score is None else score

    def logits(self, text: str, score: float | None = None) -> tuple[float, ...]:
        """Return each head's log-odds for ``text`` (``score``: its toxicity)."""
        totals = list(self.biases)
        get = self.weights.get
        score = self._score(text, score)
        for keys, values, norm in _blocks(text, self.char_grams, score):
            if not norm:
                continue
            # One dictionary lookup per feature for every head; the features
            # the model weighs kept (in C), then each head summed in C.
            found = list(map(get, keys))
            kept = list(compress(values, found))
            rows: list[tuple[float, ...]] = list(filter(None, found))
            for head in range(len(totals)):
                totals[head] += sum(map(mul, map(itemgetter(head), rows), kept)) / norm
        return tuple(totals)

    def probabilities(self, text: str, score: float | None = None) -> dict[str, float]:
        """Return each head's probability for ``text``."""
        logits = self.logits(text, score)
        return dict(zip(self.heads, map(_sigmoid, logits), strict=True))

    def probability(self, text: str, head: str | None = None) -> float:
        """Return one head's probability (default: the first, violence)."""
        return self.probabilities(text)[head or self.heads[0]]

    def holds(self, text: str, score: float | None = None) -> Hold | None:
        """Return the most serious head that would hold ``text``, else None.

        Only the writer's own words count (``grammar.own_words``): what the
        comment quotes or reports others saying is not the writer's. Leaving
        it out may only lower a probability: a report's remainder ("Her
        husband stayed to deal with the snake") is not held for what was cut
        around it. A head of a targeted family holds only a comment that
        names someone (``has_target``); the violent head only in the mood of a
        threat, wish or call (``_stance``), or where a clause harms a person in
        the writer's mood (``_harmed``), which the two patterns can miss.
        """
        score = self._score(text, score)
        first = self.probabilities(text, score)
        over = [
            h for h, t in zip(self.heads, self.thresholds, strict=True) if first[h] >= t
        ]
        if not over:
            return None
        own = _IDIOMS.sub(" ", grammar.own_words(text))
        if not own.strip():
            return None
        targeted: bool | None = None
        second: dict[str, float] | None = None
        for head in over:
            spec = HEADS.get(head, HEADS["violent"])
            if spec.targeted:
                if targeted is None:
                    targeted = has_target(own)
                if head == "violent":
                    if not (targeted and _stance(own)) and not _harmed(text):
                        continue
                elif not targeted:
                    continue
            elif head == "violent" and not _stance(own):
                continue
            if head == "spam" and not _spam_shaped(own):
                continue
            probability = first[head]
            if own != text:
                if second is None:
                    second = self.probabilities(own, score)
                probability = min(probability, second[head])
                if probability < self._threshold(head):
                    continue
            return Hold(head, spec.rule, spec.label, probability)
        return None

    def gated(self, text: str, score: float | None = None) -> dict[str, float]:
        """Return each head's probability after the gates of ``holds`` (0: gated).

        ``holds(text)`` is the first head, in order, whose value here reaches
        its threshold: cross-validation reads these to choose the thresholds.
        """
        score = self._score(text, score)
        first = self.probabilities(text, score)
        own = _IDIOMS.sub(" ", grammar.own_words(text))
        if not own.strip():
            return dict.fromkeys(self.heads, 0.0)
        second = first if own == text else self.probabilities(own, score)
        targeted, stance = has_target(own), _stance(own)
        gated = {}
        for head in self.heads:
            spec = HEADS.get(head, HEADS["violent"])
            open_ = (targeted or not spec.targeted) and (head != "violent" or stance)
            if head == "violent" and not open_ and spec.targeted:
                open_ = _harmed(text)
            if head == "spam":
                open_ = _spam_shaped(own)
            gated[head] = min(first[head], second[head]) if open_ else 0.0
        return gated

    def _threshold(self, head: str) -> float:
        return self.thresholds[self.heads.index(head)]


def _sigmoid(value: float) -> float:
    if value < -35:
        return 0.0
    return 1.0 / (1.0 + math.exp(-value))


def from_dict(data: dict[str, Any], where: str = "model") -> Model:
    """Build a Model from what ``train-standards`` saves; raise ModelError.

    A file of the first version (one head, threats, wishes of harm and
    incitement) reads as a model with that head alone.
    """
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise ModelError(f"{where}: not a model written by `gazette train-standards`.")
    try:
        if data.get("version", 1) == 1:
            return Model(
                heads=("violent",),
                weights={str(k): (float(v),) for k, v in data["weights"].items()},
                biases=(float(data["bias"]),),
                thresholds=(float(data["threshold"]),),
                trained=dict(data.get("trained", {})),
            )
        heads = tuple(str(h) for h in data["heads"])
        unknown = [h for h in heads if h not in HEADS]
        if unknown:
            raise ValueError(f"unknown heads {unknown}")
        weights = {
            str(k): tuple(float(x) for x in v) for k, v in data["weights"].items()
        }
        if any(len(v) != len(heads) for v in weights.values()):
            raise ValueError("a feature without one weight per head")
        return Model(
            heads=heads,
            weights=weights,
            biases=tuple(float(b) for b in data["biases"]),
            thresholds=tuple(float(t) for t in data["thresholds"]),
            trained=dict(data.get("trained", {})),
            char_grams=bool(data.get("char_grams", True)),
            toxicity_feature=bool(data.get("toxicity_feature", False)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ModelError(f"{where}: incomplete learned model ({error!r}).") from None


def load(path: Path | str) -> Model:
    """Read a model file (gzipped or plain JSON); raise ModelError if unusable."""
    path = Path(path)
    data = toxicity.read_model_json(
        path, "learned model", "gazette train-standards", ModelError
    )
    return from_dict(data, str(path))


@functools.lru_cache(maxsize=4)
def _cached(path: str) -> Model:
    return load(path)


def get_model(path: Path | str | None = None) -> Model:
    """Return the model at ``path`` (default: the shipped one), loaded once."""
    return _cached(str(Path(path or DEFAULT_MODEL).resolve()))
