"""The machinery of the standards' word classes: alternations grouped for speed.

``alt`` builds a class's alternation (grouped by first letter, matching exactly
what the plain list matches: ``plain``), ``terms``, ``words`` and ``verb``
write the lists, ``Gated`` and ``Narrowed`` skip or narrow a pattern where a
cheaper one shows it cannot match. The classes themselves are in
``lexicons_harm.py`` and ``lexicons_people.py``, read through ``lexicons``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

# Digits and signs written for letters ("k1ll", "$cum"), read back as letters by
# the slur check (standards.py) and the grammar's normalisation (grammar.py).
LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "6": "g",
        "7": "t",
        "8": "b",
        "9": "g",
        "@": "a",
        "$": "s",
    }
)


def alt(words: Iterable[str]) -> str:
    """Return a non-capturing alternation, longest words first.

    Python's ``re`` tries an alternation's branches one after the other;
    runs of branches that begin with a plain letter are grouped under that
    letter ("(?:a(?:ttack|ssault)|b(?:eat|urn))"), so that a word skips every
    other letter's group at one comparison. At any place only branches
    starting with the letter there can match, and their order is kept, so
    every pattern matches exactly what the plain alternation (``plain``)
    matches, with the same groups.
    """
    ordered = sorted(set(words), key=len, reverse=True)
    grouped = "(?:" + "|".join(_grouped(ordered)) + ")"
    _PLAIN[grouped] = "(?:" + "|".join(ordered) + ")"
    return grouped


# Each grouped alternation's plain form, for tests and for reading its words.
_PLAIN: dict[str, str] = {}


def plain(pattern: str) -> str:
    """Return the plain alternation ``alt`` grouped into ``pattern``."""
    return _PLAIN.get(pattern, pattern)


def top_level_alternatives(pattern: str) -> list[str]:
    """Split ``pattern`` at its top-level ``|`` (not inside a group or a set)."""
    parts, depth, start, i, in_set = [], 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _groupable(entry: str) -> bool:
    return (
        entry[:1].isalnum()
        and entry[1:2] not in ("?", "*", "+", "{")
        and len(top_level_alternatives(entry)) == 1
    )


def _grouped(ordered: list[str]) -> list[str]:
    branches: list[str] = []
    run: dict[str, list[str]] = {}

    def close() -> None:
        for first, rests in run.items():
            if len(rests) == 1:
                branches.append(first + rests[0])
            else:
                branches.append(f"{first}(?:{'|'.join(rests)})")
        run.clear()

    for entry in ordered:
        if _groupable(entry):
            run.setdefault(entry[0], []).append(entry[1:])
        else:
            close()
            branches.append(entry)
    close()
    return branches


def terms(text: str) -> list[str]:
    """Return the ``;``-separated terms of ``text``, each on one line of spaces."""
    return [" ".join(term.split()) for term in text.split(";") if term.strip()]


def words(text: str) -> frozenset[str]:
    """Return the set of whitespace-separated words in ``text``."""
    return frozenset(text.split())


def verb(*forms: str) -> list[str]:
    """Return a regular verb's forms: ``verb("kill")`` -> kill, kills, killed..."""
    result = []
    for base in forms:
        stem = base[:-1] if base.endswith("e") else base
        result += [base, base + "s", stem + "ed", stem + "ing"]
    return result


class Searchable(Protocol):
    """A compiled pattern, or a pattern behind a gate: what the grammar searches."""

    def search(self, text: str, /) -> re.Match[str] | None: ...


class Gated:
    """A pattern searched only where a cheaper one finds what it cannot match without.

    ``gate`` must find something in every text where ``pattern`` matches (a
    word each of its matches contains), so skipping ``pattern`` where the gate
    finds nothing changes no result, only the time: most sentences of a long
    comment hold no disease, no group, no "like".
    """

    def __init__(self, gate: re.Pattern[str], pattern: re.Pattern[str]) -> None:
        self.gate = gate
        self.pattern = pattern

    def search(self, text: str) -> re.Match[str] | None:
        """Return ``pattern.search(text)``, or None at once where the gate fails."""
        return self.pattern.search(text) if self.gate.search(text) else None


class Narrowed:
    """A pattern with a narrower form for texts where ``gate`` finds nothing.

    ``narrow`` is ``full`` with every alternative that needs what the gate
    finds made impossible, in the same order; where the gate finds nothing,
    those alternatives cannot match, so both return the same match.
    """

    def __init__(
        self, gate: re.Pattern[str], full: re.Pattern[str], narrow: re.Pattern[str]
    ) -> None:
        self.gate = gate
        self.full = full
        self.narrow = narrow

    def search(self, text: str) -> re.Match[str] | None:
        """Return ``full.search(text)``, computed the cheaper way where it can."""
        return (self.full if self.gate.search(text) else self.narrow).search(text)
