"""Read a reader's search as PostgreSQL's ``websearch_to_tsquery`` does.

Pure functions on plain strings, tested without a database. PostgreSQL reads
the reader's words itself (``websearch_to_tsquery``); SQLite's FTS5 has a
syntax of its own, in which a stray quote, a ``NEAR`` or a ``*`` are
operators or errors, so the words are parsed here and written out as FTS5
strings, every term quoted. The reader's syntax, on both databases:

- words: all of them (``flood warning``);
- ``"quoted words"``: that phrase;
- ``OR`` between two words or phrases: either;
- ``-word`` or ``-"a phrase"``: not that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A run of letters and digits in any script: what FTS5's unicode61
# tokenizer and PostgreSQL's parser both take as a word.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Search:
    """A parsed search: groups that must all match (each one of its
    alternatives, a phrase as a tuple of words), and phrases that must not."""

    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.groups)

    def words(self) -> list[str]:
        """Return the words that must or may match, for highlighting."""
        return [w for group in self.groups for phrase in group for w in phrase]


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.replace("’", "'") for w in _WORD.findall(text))


def parse(query: str) -> Search:
    """Return the groups and exclusions of ``query``, as websearch reads them."""
    groups: list[list[tuple[str, ...]]] = []
    excluded: list[tuple[str, ...]] = []
    join_next = False
    for match in _TOKEN.finditer(query):
        minus, quoted, bare = match.groups()
        if bare is not None:
            if bare == "OR":
                join_next = bool(groups)
                continue
            minus = "-" if bare.startswith("-") else ""
            phrase = _words(bare)
        else:
            phrase = _words(quoted)
        if not phrase:
            continue
        if minus:
            excluded.append(phrase)
            join_next = False
        elif join_next:
            groups[-1].append(phrase)
            join_next = False
        else:
            groups.append([phrase])
    return Search(tuple(tuple(g) for g in groups), tuple(excluded))


def _fts5_phrase(phrase: tuple[str, ...]) -> str:
    return '"' + " ".join(phrase).replace('"', '""') + '"'


def fts5(search: Search) -> str:
    """Return ``search`` as an FTS5 query; empty when nothing must match.

    FTS5 has no "everything but": a search of exclusions alone finds nothing.
    """
    if not search:
        return ""
    groups = [
        "(" + " OR ".join(_fts5_phrase(p) for p in group) + ")"
        for group in search.groups
    ]
    text = " AND ".join(groups)
    for phrase in search.excluded:
        text = f"({text}) NOT {_fts5_phrase(phrase)}"
    return text


# PostgreSQL's text form of a tsquery: quoted lexemes ('it''s', with an
# optional ":*" or weights), operators and parentheses.
_TSQUERY_TOKEN = re.compile(r"'((?:[^']|'')*)'(:[*A-Da-d]+)?|<(-|\d+)>|[&|!()]")


_LEXEME = r"'(?:[^']|'')*'"
_PAIR = f"{_LEXEME} <-> {_LEXEME}"
_PAIRS_ONLY = re.compile(f"{_PAIR}(?: & {_PAIR})*")


def pairs_suffice(tsquery: str) -> bool:
    """Return whether ``tsquery`` (PostgreSQL's text form) is phrases of two
    plain lexemes, all needed (``'said' <-> 'sale' & 'new' <-> 'york'``):
    a row holding their pairs then matches it, with no positions to check.
    (A phrase of three words is not its two pairs: they may be apart.)"""
    return _PAIRS_ONLY.fullmatch(tsquery) is not None


def required_pairs(tsquery: str) -> list[str]:
    """Return the pairs of adjacent lexemes (``"said sale"``) that every row
    matching ``tsquery`` (PostgreSQL's text form of it) holds at adjacent
    positions: those of its phrases (``'said' <-> 'sale'``) that the whole
    query needs, not those under ``|`` or ``!``. Empty when it needs none.

    Every matching row's ``pairs`` (``search.0005``) contains them, so the
    search can look them up in that column's index before checking the
    positions of every row holding the words.
    """
    return sorted(_read_tsquery(tsquery)[0])


def needs_a_word(tsquery: str) -> bool:
    """Return whether every row matching ``tsquery`` must hold some lexeme:
    False for a query of exclusions alone, which PostgreSQL answers with
    every row but those (``!'said'``: the reader's "about -said", "about"
    being a stop word), reading the whole table to find them."""
    return _read_tsquery(tsquery)[2]


def _read_tsquery(tsquery: str) -> tuple[set[str], str | None, bool]:
    # Each level returns the pairs every match needs, the lexeme the node is
    # (if it is one plain lexeme), and whether every match holds a lexeme.
    tokens: list[tuple[str, str]] = []
    for match in _TSQUERY_TOKEN.finditer(tsquery):
        lexeme, flags, distance = match.groups()
        if lexeme is not None:
            # A prefix or a weight is not a plain lexeme: no pair for it.
            tokens.append(
                ("lexeme" if not flags else "other", lexeme.replace("''", "'"))
            )
        elif distance is not None:
            tokens.append(("follows", "1" if distance == "-" else distance))
        else:
            tokens.append((match.group(), ""))
    position = 0

    def peek() -> str:
        return tokens[position][0] if position < len(tokens) else ""

    def take() -> tuple[str, str]:
        nonlocal position
        position += 1
        return tokens[position - 1]

    Node = tuple[set[str], str | None, bool]

    def either() -> Node:
        needed, lexeme, holds = both()
        while peek() == "|":
            take()
            other, _, other_holds = both()
            needed &= other
            lexeme = None
            holds = holds and other_holds
        return needed, lexeme, holds

    def both() -> Node:
        needed, lexeme, holds = phrase()
        while peek() == "&":
            take()
            other, _, other_holds = phrase()
            needed |= other
            lexeme = None
            holds = holds or other_holds
        return needed, lexeme, holds

    def phrase() -> Node:
        needed, lexeme, holds = single()
        while peek() == "follows":
            _, distance = take()
            other, following, other_holds = single()
            needed |= other
            if distance == "1" and lexeme is not None and following is not None:
                needed.add(f"{lexeme} {following}")
            lexeme = following
            holds = holds or other_holds
        return needed, lexeme, holds

    def single() -> Node:
        kind, value = take() if position < len(tokens) else ("", "")
        if kind == "lexeme":
            return set(), value, True
        if kind == "!":
            single()
            return set(), None, False
        if kind == "(":
            # What a group needs, but no pair across its edges.
            needed, _, holds = either()
            if peek() == ")":
                take()
            return needed, None, holds
        # A prefix, a weight, or text that is not a tsquery's: a word, as
        # far as anyone can tell.
        return set(), None, True

    if not tokens:
        return set(), None, True
    return either()
