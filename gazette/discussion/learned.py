"""A learned second signal for the grey zone: threats, wishes of harm, incitement.

The grammar (``grammar.py``) catches the constructions it was shown; a new
writer finds phrasings it has not seen. This module scores a comment with a
linear model trained by ``gazette train-standards`` (``learned_training.py``)
on word and character n-grams plus the grammar's partial cues (a target, a
harm verb or event, a weapon, a modal, a wish frame, an agent called on), so
that "someone ought to ... <harm>" can count even where no construction
matches.

It may only **hold** a comment the grammar and the classifier would publish,
and only when the comment names a target (a reader, a person, a group): news
violence and swearing at a situation are not its business. The rejection
stays the grammar's. Whether it runs at all is ``GAZETTE_MODERATION_LEARNED``
(``policy.py``); docs/moderation.md has the measured figures.

Pure Python, no numpy: the model is a gzipped JSON file of weights
(``model/standards.json.gz``), read once.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gazette.discussion import features, grammar, toxicity
from gazette.discussion import lexicons as lx
from gazette.discussion.standards import fold

DEFAULT_MODEL = Path(__file__).resolve().parent / "model" / "standards.json.gz"
MODEL_FORMAT = "gazette-standards-learned"

# The grammar's word classes, found anywhere in the comment (not in a
# construction): the model weighs them and their pairs.
_CUES: dict[str, re.Pattern[str]] = {
    "harm_verb": re.compile(rf"\b{lx.HARM_VERBS}\b"),
    "harm_event": re.compile(rf"\b{lx.HARM_EVENTS}\b"),
    "weapon": re.compile(rf"\b{lx.WEAPONS}\b"),
    "object": re.compile(rf"\b{lx.PRONOUN_OBJECTS}\b"),
    "role": re.compile(rf"\b{lx.ROLES}\b"),
    "agent": re.compile(rf"\b{lx.AGENTS}\b"),
    "modal": re.compile(rf"\b{lx.MODALS}\b"),
    "wish": re.compile(rf"\b{lx.WISHES}\b"),
    "intent": re.compile(
        r"\b(?:i|we) (?:will|am going to|are going to|shall|intend to|plan to|"
        r"would happily|would gladly)\b"
    ),
    "group": re.compile(
        rf"\b(?:{lx.PROTECTED_GROUPS[3:-1]}|{lx.OTHER_GROUPS[3:-1]})\b"
    ),
    "beast": re.compile(rf"\b(?:{lx.BEASTS[3:-1]}|{lx.DISEASES[3:-1]})\b"),
    "negation": re.compile(rf"\b{lx.NEGATIONS}\b"),
    "reporting": re.compile(rf"\b{lx.REPORTING}\b"),
    "quote": re.compile(r"\bquote\b"),
}
_FRAMES = ("agent", "modal", "wish", "intent", "object", "role", "group")
_HARMS = ("harm_verb", "harm_event", "weapon")
CUE_SCALE = 0.5  # the cue block's weight against the n-gram blocks (unit each)

# A person named mid-sentence ("... and Drolet should ..."), as written, or
# opening a sentence as the subject of a verb ("Drolet should be hanged").
_NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,}\b")
_SUBJECT = re.compile(
    r"(?:^|[.!?] +)([A-Z][a-z]{2,}) (?:should|must|will|needs?|deserves?|ought|"
    r"is|was|has|had|can|could|would|gets?|got|better)\b"
)
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
_NOT_NAMES = lx.words(
    """
    the this that these those there here what who why how when where which
    someone somebody everyone everybody anyone anybody nobody people it its
    they she his her our your their one nothing something everything
    """
)


def _normalised(text: str) -> tuple[str, str]:
    """Return (folded, sentences joined) of the text, as the grammar reads it."""
    folded = fold(text[: features.MAX_CHARS])
    sentences, _ = grammar.normalise(folded)
    return folded, " . ".join(sentences)


@functools.lru_cache(maxsize=16)
def cues(text: str) -> frozenset[str]:
    """Return the names of the grammar's word classes (and pairs) found in text."""
    _, plain = _normalised(text)
    found = {name for name, pattern in _CUES.items() if pattern.search(plain)}
    found |= {
        f"{frame}+{harm}"
        for frame in _FRAMES
        for harm in _HARMS
        if {frame, harm} <= found
    }
    return frozenset(found)


def has_target(text: str) -> bool:
    """Return True when the comment names someone: a reader, a person, a group.

    "You", "he is", "the minister", a pronoun object ("hang them"), a group
    ("migrants", "Vesperlanders") or a name written mid-sentence.
    """
    folded, plain = _normalised(text)
    if grammar.addressed_to_reader(folded) or grammar.aimed_at_person(folded):
        return True
    if _CUES["object"].search(plain) or _CUES["role"].search(plain):
        return True
    if _CUES["group"].search(plain) or grammar.demonyms(text):
        return True
    if _NAME.search(text):
        return True
    return any(m.group(1).casefold() not in _NOT_NAMES for m in _SUBJECT.finditer(text))


def _stance(own: str) -> bool:
    """Return True when the writer speaks in the mood of a threat, wish or call."""
    _, plain = _normalised(own)
    if not (
        _STANCE.search(plain)
        or _CUES["wish"].search(plain)
        or _CUES["modal"].search(plain)
    ):
        return False
    found = cues(own)
    return not (_CIVIL.search(plain) and not found & {"harm_verb", "weapon"})


def extract(text: str) -> dict[str, float]:
    """Return the model's features: the classifier's n-grams and the cue block."""
    vector = dict(features.extract(text))
    found = cues(text)
    if found:
        value = CUE_SCALE / math.sqrt(len(found))
        for name in found:
            vector["q:" + name] = value
    return vector


class ModelError(RuntimeError):
    """The learned model's file is missing or not one ``train-standards`` wrote."""


@dataclass(frozen=True)
class Model:
    """A linear model and the cut from which it holds a comment."""

    weights: dict[str, float]
    bias: float
    threshold: float  # probability from which a targeted comment is held
    trained: dict[str, Any]

    def _ngram_logit(self, text: str) -> float:
        return features.linear_logit(self.weights, self.bias, text)

    def probability(self, text: str) -> float:
        """Return the model's probability that ``text`` threatens or wishes harm."""
        total = self._ngram_logit(text)
        found = cues(text)
        if found:
            value = CUE_SCALE / math.sqrt(len(found))
            total += sum(self.weights.get("q:" + name, 0.0) for name in found) * value
        return _sigmoid(total)

    def holds(self, text: str) -> float | None:
        """Return the probability when the model would hold ``text``, else None.

        Only the writer's own words count (``grammar.own_words``): what the
        comment quotes or reports others saying is not the writer's threat.
        Leaving it out may only lower the probability: a report's remainder
        ("Her husband stayed to deal with the snake") is not held for what
        was cut around it.
        """
        probability = self.probability(text)
        if probability < self.threshold:
            return None
        own = _IDIOMS.sub(" ", grammar.own_words(text))
        # The cheap gates before the second scoring of a shortened text.
        if not own.strip() or not has_target(own) or not _stance(own):
            return None
        if own != text:
            probability = min(probability, self.probability(own))
            if probability < self.threshold:
                return None
        return probability


def _sigmoid(value: float) -> float:
    if value < -35:
        return 0.0
    return 1.0 / (1.0 + math.exp(-value))


def from_dict(data: dict[str, Any], where: str = "model") -> Model:
    """Build a Model from what ``train-standards`` saves; raise ModelError."""
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise ModelError(f"{where}: not a model written by `gazette train-standards`.")
    try:
        return Model(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            trained=dict(data.get("trained", {})),
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
