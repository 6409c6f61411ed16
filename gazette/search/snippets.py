"""Highlighted excerpts of search results: pure functions on plain text.

Everything but the ``<mark>`` elements is escaped, so neither a query nor an
article can put markup on the results page.
"""

import html
import re
from collections.abc import Iterable, Sequence

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

EXCERPT_LENGTH = 240
# Matching is on word starts, with common English endings taken off the query
# terms, roughly as the backends' stemmers do: "talks" marks "talk", "talking".
_SUFFIXES = ("ing", "es", "ed", "s")
_WORD = re.compile(r"\w+", re.UNICODE)


def query_terms(query: str) -> list[str]:
    """Return the distinct lower-case stems of the words of ``query``."""
    terms: list[str] = []
    for word in _WORD.findall(query.lower()):
        for suffix in _SUFFIXES:
            if len(word) - len(suffix) >= 3 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        if len(word) >= 2 and word not in terms:
            terms.append(word)
    return terms


def _pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE | re.UNICODE)


def highlight(text: str, query: str) -> SafeString:
    """Return all of ``text``, escaped, with the query's words in ``<mark>``."""
    pattern = _pattern(query_terms(query))
    return mark_safe(_mark(text, pattern))


def _mark(text: str, pattern: re.Pattern[str] | None) -> str:
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def excerpt(
    texts: Iterable[str], query: str, length: int = EXCERPT_LENGTH
) -> SafeString:
    """Return about ``length`` characters around the first match in ``texts``.

    The texts are tried in order (lede, then body); with no match anywhere,
    the start of the first text. Cut ends get an ellipsis.
    """
    texts = [" ".join(t.split()) for t in texts if t and t.strip()]
    if not texts:
        return mark_safe("")
    pattern = _pattern(query_terms(query))
    for text in texts:
        match = pattern.search(text) if pattern else None
        if match:
            break
    else:
        text, match = texts[0], None
    start = 0
    if match and len(text) > length:
        start = max(0, match.start() - length // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < match.start() else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > (match.end() if match else start) else end
    body = _mark(text[start:end], pattern)
    return mark_safe(("… " if start else "") + body + (" …" if end < len(text) else ""))


# A plain element tag (name, quoted attributes without markup inside): rich
# text made only of text and such tags is read by deleting them, as
# ``strip_tags`` would, without its HTML parser (ten times slower: the whole
# cost of indexing an archive in Python). Anything else (comments, a ``<`` in
# text, unquoted attributes) goes through ``strip_tags``.
_PLAIN_TAG = re.compile(r'</?[a-zA-Z][a-zA-Z0-9]*(?:\s+[a-zA-Z_:-]+="[^"<>]*")*\s*/?>')
_CLOSING = re.compile(r"(</[^>]+>|<br\s*/?>)")


def rich_text_words(value: str) -> str:
    """Return the text of rich text ``value``, tags gone, entities decoded;
    closing tags and line breaks become spaces, so paragraphs do not run
    together."""
    spaced = _CLOSING.sub(r"\1 ", value)
    plain = _PLAIN_TAG.sub("", spaced)
    if "<" in plain or ">" in plain:
        plain = strip_tags(spaced)
    return html.unescape(plain)


def body_text(blocks: Iterable[dict]) -> str:
    """Return the readable text of an article body's raw StreamField data."""
    parts: list[str] = []
    for block in blocks:
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph" and isinstance(value, str):
            parts.append(rich_text_words(value))
        elif kind == "heading" and isinstance(value, str):
            parts.append(value)
        elif kind == "quote" and isinstance(value, dict):
            parts.append(value.get("quote") or "")
        elif kind == "image" and isinstance(value, dict):
            parts.append(value.get("caption") or "")
    return " ".join(" ".join(parts).split())
