"""The machinery of the standards' word classes: alternations grouped for speed.

``alt`` builds a class's alternation (grouped by first letter, matching exactly
what the plain list matches: ``plain``), ``terms``, ``words`` and ``verb``
write the lists, ``Gated`` and ``Narrowed`` skip or narrow a pattern where a
cheaper one shows it cannot match, ``spread`` compiles a construction's
alternation with its alternatives opening on letters (the same matches).
The classes themselves are in ``lexicons_harm.py`` and ``lexicons_people.py``,
read through ``lexicons``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
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


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """Yield each character of ``pattern`` outside escapes and sets, with its
    index and the group depth after it."""
    depth, i, in_set = 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
        else:
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            yield i, char, depth
        i += 1


def top_level_alternatives(pattern: str) -> list[str]:
    """Split ``pattern`` at its top-level ``|`` (not inside a group or a set)."""
    parts, start = [], 0
    for i, char, depth in _structure(pattern):
        if char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
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


def _close(pattern: str) -> int:
    """Return the index of the ``)`` closing the group ``pattern`` opens with."""
    for i, char, depth in _structure(pattern):
        if char == ")" and depth == 0:
            return i
    return -1


def distributed(alternative: str, limit: int = 64) -> list[str]:
    """Return ``alternative`` with the group it opens with spread over its branches.

    ``(?:i|we) know ...`` reads as ``i know ...`` or ``we know ...``, tried in
    that order, as the group tries them; an optional group (greedy) also
    reads as what follows it. Only while the spread stays under ``limit``
    alternatives and copies no capturing group (``_spread_alternative``).
    """
    if not alternative.startswith("(?:"):
        return [alternative]
    end = _close(alternative)
    rest = alternative[end + 1 :]
    branches = top_level_alternatives(alternative[3:end])
    if rest[:1] == "?" and rest[1:2] not in ("?", "+"):
        rest = rest[1:]
        branches.append("")
    if end < 0 or rest[:1] in ("?", "*", "+", "{"):
        return [alternative]
    spread: list[str] = []
    for branch in branches:
        spread += distributed(branch + rest, limit)
        if len(spread) > limit:
            return [alternative]
    return spread


def _opening_on_a_letter(alternative: str) -> str:
    """Return ``\\bw...`` as ``w(?<=\\bw)...``: the same, opening on a literal."""
    first = alternative[2:3]
    if (
        alternative.startswith("\\b")
        and first.isalnum()
        and first.isascii()
        and alternative[3:4] not in ("?", "*", "+", "{")
    ):
        return f"{first}(?<=\\b{first}){alternative[3:]}"
    return alternative


# A capturing group opening: "(" not escaped nor followed by "?", or "(?P<".
_CAPTURE = re.compile(r"(?<!\\)\((?!\?)|\(\?P<")


def _spread_alternative(alternative: str) -> list[str]:
    """Return ``alternative`` as alternatives that each open on a letter if they can."""
    spread: list[str] = []
    for part in distributed(alternative):
        if part.startswith("\\b(?:"):  # \b(?:a|b)c: \bac or \bbc
            spread += ["\\b" + each for each in distributed(part[2:])]
        else:
            spread.append(part)
    if len(spread) > 1 and _CAPTURE.search(alternative):
        # A capturing group copied, or its number moved: kept as written.
        spread = [alternative]
    return [_opening_on_a_letter(part) for part in spread]


def _opens_on_a_letter(alternative: str) -> bool:
    first = alternative[:1]
    return first.isalnum() and first.isascii() and alternative[1:2] not in "?*+{"


def _under_letter(letter: str, tails: list[str]) -> str:
    """Return ``letter`` before its alternatives' tails, a shared lookbehind once."""
    behind = f"(?<=\\b{letter})"
    if len(tails) > 1 and all(tail.startswith(behind) for tail in tails):
        letter, tails = letter + behind, [tail[len(behind) :] for tail in tails]
    return letter + (tails[0] if len(tails) == 1 else f"(?:{'|'.join(tails)})")


def spread(pattern: str) -> re.Pattern[str]:
    """Return ``pattern`` compiled with its alternatives grouped by first letter.

    Python's ``re`` tries an alternation's branches one after the other at
    every position, and a branch opening on ``\\b`` or on a group is entered
    at every word. Here each top-level alternative opening on a group is
    spread over the group's branches (``distributed``), ``\\bw`` is written
    ``w(?<=\\bw)``, and the alternatives that open on a letter are grouped
    under it, so a position tries one group after a comparison per letter.
    The same matches: alternatives opening on different letters never match
    at the same position, those opening on one letter keep their order, and
    an alternative that does not open on a letter is kept in its place (the
    runs around it grouped apart). The same named groups (an alternative
    whose spread would copy one is kept as written); their numbers may
    differ, so the constructions are read by name.
    """
    branches: list[str] = []
    run: dict[str, list[str]] = {}

    def close() -> None:
        branches.extend(_under_letter(letter, tails) for letter, tails in run.items())
        run.clear()

    for alternative in top_level_alternatives(pattern):
        for item in _spread_alternative(alternative):
            if _opens_on_a_letter(item):
                run.setdefault(item[0], []).append(item[1:])
            else:
                close()
                branches.append(item)
    close()
    compiled = re.compile("|".join(branches))
    if compiled.groups != len(_CAPTURE.findall(pattern)):
        raise ValueError(f"spread changed the groups of {pattern[:60]!r}")
    return compiled
