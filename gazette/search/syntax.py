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
