"""The standards' grammar: negation, reported speech and the writer's own words.

``negated`` says whether a negation cancels a construction ("I hope nobody
gets hurt"), ``reported`` whether a sentence reports what someone else said
or did ("police say...", "he told the court..."), and ``own_words`` leaves
out of a comment what it quotes or reports (for the learned signal). Read
through ``grammar``.
"""

from __future__ import annotations

import re

from gazette.discussion import lexicons as lx
from gazette.discussion.checks import fold
from gazette.discussion.grammar_text import QUOTED, normalise

_NEGATION = re.compile(rf"\b{lx.NEGATIONS}\b")
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|nobody|no one|noone)\s*$")
_REPORTING = re.compile(rf"\b{lx.REPORTING}\b")
_WHO_WROTE = re.compile(r"\b(?:who|whoever|that) (?:\w+ )?$")
# "The economist quoted here", "the minister named above": a participle
# naming someone, not a report of what they said.
_PARTICIPLE = re.compile(
    r" (?:here|above|below|earlier|today|in (?:this|the) (?:article|piece|story|"
    r"report|column))\b"
)
_OWN_REPORT = re.compile(r"\b(?:i|we) (?:have )?$")


def negated(sentence: str, start: int, end: int) -> bool:
    """Return True when a negation stands before or inside the span."""
    before = sentence[max(0, start - 24) : start]
    return bool(
        _NEGATION.search(sentence, start, end) or _NEGATED_BEFORE.search(before)
    )


def reported(sentence: str) -> bool:
    """Return True when the sentence reports what someone else said or did."""
    for found in _REPORTING.finditer(sentence):
        before = sentence[: found.start()]
        if _PARTICIPLE.match(sentence, found.end()):
            continue
        if not _OWN_REPORT.search(before) and not _WHO_WROTE.search(before):
            return True
    return False


# --- The writer's own words (for the learned signal) --------------------------


_QUOTED_AS_WRITTEN = re.compile(QUOTED.pattern, re.IGNORECASE)
_CURLY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
    }
)
# What introduces speech: a reporting word, "of" ("chants of"), a colon or a
# comma just before the quotation.
_SPEECH_BEFORE = re.compile(rf"(?:\b{lx.REPORTING}|\bof|\bsaying|\bwords|[:,])\W*$")
_SENTENCE_ENDS = re.compile(r"(?<=[.!?;\n])\s+")
# A quotation of this many words is speech wherever it stands; shorter ones
# are the writer's own words in quotation marks ("he'll be 'dealt with'")
# unless speech is introduced before them.
SPEECH_WORDS = 5


def _speech(text: str, quote: re.Match) -> bool:
    if len(quote.group(0).split()) >= SPEECH_WORDS:
        return True
    start = text.rfind(".", 0, quote.start()) + 1
    return bool(
        _SPEECH_BEFORE.search(
            text[max(start, quote.start() - 40) : quote.start()].casefold()
        )
    )


def own_words(text: str) -> str:
    """Return the text without what it quotes or reports others saying or doing.

    Quoted speech becomes the word ``quote`` as in ``normalise``: quotations
    of five words or more, and shorter ones introduced by a reporting word, a
    colon or "chants of". A short quotation standing in the writer's own
    sentence ("he will be 'taken care of'") stays: quotation marks do not
    make a threat someone else's. Sentences that report what someone else
    said or did ("police say...", "he told the court...") are left out. The
    capitals are kept (the learned signal reads names by them).
    """
    marks = '"' in text or "'" in text or "\u2019" in text or "\u201c" in text
    if not marks and not _REPORTING.search(text.casefold()):
        return text
    plain = text.translate(_CURLY)
    pieces, at = [], 0
    for quote in _QUOTED_AS_WRITTEN.finditer(plain):
        if _speech(plain, quote):
            pieces += [plain[at : quote.start()], " quote "]
            at = quote.end()
    pieces.append(plain[at:])
    unquoted = "".join(pieces)
    kept = []
    for sentence in _SENTENCE_ENDS.split(unquoted):
        folded = fold(sentence)
        # Only a sentence with a reporting word can report (most have none).
        if _REPORTING.search(folded) and any(map(reported, normalise(folded)[0])):
            continue
        kept.append(sentence)
    return " ".join(kept).strip()
