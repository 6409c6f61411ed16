"""Read labelled comments from CSV files; errors name the file, line and column.

Two layouts are understood:

- ``text,toxic`` (any other columns ignored): ``toxic`` is 1/0 (or
  true/false). When ``toxic_votes`` and ``annotators`` are there too
  (civil-comments), the training target is the share of annotators who found
  the comment toxic. An ``id`` column, when present, keys the held-out split.
- Davidson et al.'s hate/offensive tweets: ``tweet`` and ``class`` (0 hate,
  1 offensive, 2 neither), with ``count``, ``hate_speech`` and
  ``offensive_language`` for the target.

``read_civil`` reads text known to be civil (news articles, e.g. the
wikinews files, any CSV with a ``text`` column) as non-toxic paragraphs: the
labelled comments come from the rough end of a comment section, so without
ordinary prose the classifier never learns what a calm comment looks like.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

_TRUE = {"1", "true", "yes", "toxic"}
_FALSE = {"0", "false", "no", "non-toxic", "nontoxic"}


class DataError(ValueError):
    """A labelled file that cannot be read, with where and why."""


@dataclass(frozen=True)
class Example:
    """One labelled comment."""

    key: str  # stable id: the file's id column, else the text
    text: str
    label: int  # 1 toxic, 0 not
    target: float  # what training aims at, 0..1 (the label or the annotators' share)
    weight: float = 1.0  # how much it counts in training against a main comment


def _open_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Return (header, [(line number, row)]) of a CSV file, or raise DataError."""
    if not path.is_file():
        raise DataError(f"{path}: no such file.")
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(f"{path}:{line}: not UTF-8 text ({error.reason}).") from None
    if "\0" in content:
        line = content[: content.index("\0")].count("\n") + 1
        raise DataError(f"{path}:{line}: contains a NUL byte; is this a CSV file?")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.reader(content.splitlines(keepends=True), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(f"{path}: empty file; expected a header line.") from None
    except csv.Error as error:
        raise DataError(f"{path}:1: malformed CSV header ({error}).") from None
    header = [name.strip() for name in header]
    rows: list[tuple[int, dict[str, str]]] = []
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise DataError(f"{path}:{line}: malformed CSV ({error}).") from None
        if not values or values == [""]:
            continue
        if len(values) != len(header):
            raise DataError(
                f"{path}:{line}: {len(values)} fields where the header has "
                f"{len(header)} ({', '.join(header)})."
            )
        rows.append((line, dict(zip(header, values, strict=True))))
    return header, rows


def _require(path: Path, header: list[str], columns: tuple[str, ...]) -> None:
    missing = [name for name in columns if name not in header]
    if missing:
        raise DataError(
            f"{path}: no {' or '.join(repr(m) for m in missing)} column "
            f"(columns found: {', '.join(header) or 'none'})."
        )


def _label(path: Path, line: int, column: str, value: str) -> int:
    folded = value.strip().lower()
    if folded in _TRUE:
        return 1
    if folded in _FALSE:
        return 0
    try:
        number = float(folded)
    except ValueError:
        number = -1.0
    if number in (0.0, 1.0):
        return int(number)
    raise DataError(f"{path}:{line}: column {column!r} is {value!r}; expected 0 or 1.")


def _count(path: Path, line: int, column: str, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise DataError(
            f"{path}:{line}: column {column!r} is {value!r}; expected a whole number."
        )
    return number


def read_labelled(path: Path) -> list[Example]:
    """Return the comments of a ``text,toxic`` file (see the module docstring)."""
    header, rows = _open_rows(path)
    _require(path, header, ("text", "toxic"))
    votes = "toxic_votes" in header and "annotators" in header
    examples = []
    for line, row in rows:
        text = row["text"]
        if not text.strip():
            raise DataError(f"{path}:{line}: column 'text' is empty.")
        label = _label(path, line, "toxic", row["toxic"])
        target = float(label)
        if votes:
            voted = _count(path, line, "toxic_votes", row["toxic_votes"])
            annotators = _count(path, line, "annotators", row["annotators"])
            if annotators and voted <= annotators:
                target = voted / annotators
        key = row.get("id", "").strip() or text
        examples.append(Example(key, text, label, target))
    if not examples:
        raise DataError(f"{path}: no comments after the header.")
    return examples


def read_davidson(path: Path) -> list[Example]:
    """Return the tweets of Davidson et al.'s file as labelled comments."""
    header, rows = _open_rows(path)
    _require(path, header, ("tweet", "class"))
    shares = all(c in header for c in ("count", "hate_speech", "offensive_language"))
    examples = []
    for line, row in rows:
        cls = row["class"].strip()
        if cls not in {"0", "1", "2"}:
            raise DataError(
                f"{path}:{line}: column 'class' is {row['class']!r}; "
                "expected 0, 1 or 2."
            )
        label = 0 if cls == "2" else 1
        target = float(label)
        if shares:
            count = _count(path, line, "count", row["count"])
            bad = _count(path, line, "hate_speech", row["hate_speech"]) + _count(
                path, line, "offensive_language", row["offensive_language"]
            )
            if count and bad <= count:
                target = bad / count
        key = "davidson:" + (row.get("", "") or row["tweet"])
        examples.append(Example(key, row["tweet"], label, target))
    if not examples:
        raise DataError(f"{path}: no tweets after the header.")
    return examples


def read_any(path: Path) -> list[Example]:
    """Return the comments of either layout, chosen by the header."""
    header, _ = _open_rows(path)
    if "tweet" in header and "class" in header and "text" not in header:
        return read_davidson(path)
    return read_labelled(path)


CIVIL_MIN_CHARS = 40
CIVIL_MAX_CHARS = 600


def read_civil(path: Path) -> list[Example]:
    """Return the paragraphs of a CSV's ``text`` column as non-toxic examples.

    Paragraphs are split on blank lines; those of comment length (40 to 600
    characters) are kept. A ``title`` column adds its headlines, which are as
    short as the shortest comments ("Thanks, good piece.").
    """
    header, rows = _open_rows(path)
    _require(path, header, ("text",))
    examples = []
    for line, row in rows:
        title = " ".join(row.get("title", "").split())
        if len(title) >= 10:
            examples.append(Example(f"civil:{path.name}:{line}:title", title, 0, 0.0))
        for n, paragraph in enumerate(row["text"].split("\n\n")):
            paragraph = " ".join(paragraph.split())
            if CIVIL_MIN_CHARS <= len(paragraph) <= CIVIL_MAX_CHARS:
                key = f"civil:{path.name}:{line}:{n}"
                examples.append(Example(key, paragraph, 0, 0.0))
    if not examples:
        raise DataError(f"{path}: no paragraphs of 40 to 600 characters in 'text'.")
    return examples


STANDARDS_LABELS = ("violates", "allowed")


@dataclass(frozen=True)
class StandardsRow:
    """One comment of a community-standards set (``standards-dev.csv``)."""

    key: str
    text: str
    violates: bool
    category: str


def read_standards(path: Path) -> list[StandardsRow]:
    """Return the rows of an ``id,text,label,category`` standards file.

    ``label`` is ``violates`` or ``allowed``; ``category`` names what the row
    tests (``threat``, ``criticism``...), see ``standards-LABELLING.md``.
    """
    header, rows = _open_rows(path)
    _require(path, header, ("text", "label", "category"))
    result = []
    for line, row in rows:
        text = row["text"]
        if not text.strip():
            raise DataError(f"{path}:{line}: column 'text' is empty.")
        label = row["label"].strip().lower()
        if label not in STANDARDS_LABELS:
            raise DataError(
                f"{path}:{line}: column 'label' is {row['label']!r}; expected "
                "'violates' or 'allowed'."
            )
        category = row["category"].strip() or "-"
        key = row.get("id", "").strip() or f"line {line}"
        result.append(StandardsRow(key, text, label == "violates", category))
    if not result:
        raise DataError(f"{path}: no comments after the header.")
    return result
