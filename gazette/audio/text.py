"""What an article sounds like: its spoken text, that text's hash, durations.

Pure functions on plain data (no database), so the rules are tested alone.
The words Gazette adds ("Said by", "Correction") are in the active language:
the service speaks an article with its own language active. What the engine
of a language reads badly (abbreviations, the per cent sign in Arabic) is
rewritten per language in ``spoken_forms``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from typing import Any

from django.utils.translation import pgettext

# Elements after which a reader pauses: each becomes its own sentence.
_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "ul",
    "ol",
    "tr",
}
_SKIPPED_TAGS = {"script", "style", "figure", "figcaption", "embed", "img"}
_SPACES = re.compile(r"\s+")
# Latin, Arabic (؟ ؛ ۔) and quotation marks of both (» «).
_ENDS_SENTENCE = re.compile(r"[.!?…:;\"'”’)»؟؛۔]$")


class _TextExtractor(HTMLParser):
    """Collect the text of rich-text HTML, one chunk per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._current: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._current.append(data)

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self._current)).strip()
        if text:
            self.chunks.append(text)
        self._current = []

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_sentences(html: str) -> list[str]:
    """Return the text of ``html`` as one string per paragraph, heading or list item."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser.chunks


def _sentence(text: str) -> str:
    # A heading or list item without a full stop would run into the next one
    # in a single breath; the stop makes the engine pause.
    text = _SPACES.sub(" ", text).strip()
    if text and not _ENDS_SENTENCE.search(text):
        text += "."
    return text


def callout_lead(kind: str) -> str:
    """Return what a listener hears before a correction or update box's text."""
    leads = {
        "correction": pgettext("spoken before a box", "Correction"),
        "update": pgettext("spoken before a box", "Update"),
        "clarification": pgettext("spoken before a box", "Clarification"),
        "editors_note": pgettext("spoken before a box", "Editor's note"),
    }
    return leads.get(kind, pgettext("spoken before a box", "Note"))


def _words(*pairs: tuple[str, str]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern), spoken) for pattern, spoken in pairs]


_MONTHS = (
    "January February March April June July August September October November December"
)

# Written forms each language's espeak-ng voice reads letter by letter or
# not at all, and what it should say instead. Numbers and dates are left to
# the voice, which reads them in its language ("1.500" in Spanish, "2026"
# in Arabic).
SPOKEN_FORMS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "en": _words(
        (r"\bkm\b", "kilometres"),
        *(
            (rf"\b{month[:3]}\.(?=\s)", month)
            for month in _MONTHS.split()
            if month[:3] != "May"
        ),
    ),
    "es": _words(
        (r"\bEE\.\s?UU\.", "Estados Unidos"),
        (r"\bkm\b", "kilómetros"),
        (r"\bnúm\.", "número"),
        (r"\bp\.\s?ej\.", "por ejemplo"),
        (r"\betc\.", "etcétera"),
    ),
    "ar": _words(
        # The tatweel only stretches a word on the page.
        ("\u0640", ""),
        # The voice says nothing for the per cent sign.
        (r"\s?[%٪]", " في المئة"),
    ),
}


def spoken_forms(text: str, language: str) -> str:
    """Return ``text`` with the written forms its language's voice misreads
    replaced by the words to say (``EE. UU.`` is "Estados Unidos")."""
    base = language.strip().lower().replace("_", "-").split("-", 1)[0]
    for pattern, spoken in SPOKEN_FORMS.get(base, ()):
        text = pattern.sub(spoken, text)
    return text


def block_sentences(block_type: str, value: Any) -> list[str]:
    """Return what one body block says aloud.

    Pictures, galleries, embeds, tables and related-article cards say nothing
    (they are seen, not heard); a pull quote says nothing either, since its
    words are already in the article. A fact box is read with its title, a
    correction or update with its kind.
    """
    if block_type == "paragraph":
        return html_to_sentences(str(value))
    if block_type == "heading":
        return [str(value)]
    if block_type == "quote" and isinstance(value, Mapping):
        said = [str(value.get("quote") or "")]
        if value.get("attribution"):
            said.append(
                # Translators: spoken after a quotation in an article's audio.
                pgettext("spoken after a quote", "Said by %(name)s")
                % {"name": value["attribution"]}
            )
        return said
    if block_type == "fact_box" and isinstance(value, Mapping):
        return [str(value.get("title") or ""), *html_to_sentences(str(value["body"]))]
    if block_type == "callout" and isinstance(value, Mapping):
        lead = callout_lead(str(value.get("kind")))
        return [lead, *html_to_sentences(str(value["text"]))]
    return []


def spoken_text(
    title: str,
    lede: str,
    blocks: Iterable[tuple[str, Any]],
    *,
    intro: str = "",
    language: str = "",
) -> str:
    """Return the text an article's audio speaks: headline, lede, then the body.

    ``blocks`` are (block type, value) pairs; paragraphs are rich-text HTML
    (lists included), headings plain text, quotes ``{"quote", "attribution"}``.
    ``language`` (the article's) chooses the ``spoken_forms``.
    """
    parts = [intro, title, lede]
    for block_type, value in blocks:
        parts.extend(block_sentences(block_type, value))
    return "\n".join(
        _sentence(spoken_forms(part, language))
        for part in parts
        if part and part.strip()
    )


def text_hash(text: str) -> str:
    """Return the SHA-256 hex digest that tells whether the spoken text changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def audio_version(digest: str, voice: str) -> str:
    """Return the tag of one made file: it changes with the text and the voice,
    so that a file spoken by another voice gets another address."""
    return text_hash(f"{voice}\n{digest}")[:12]


def duration_parts(seconds: float) -> tuple[int, int, int]:
    """Return ``seconds`` as whole (hours, minutes, seconds)."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return hours, minutes, secs


def spoken_duration(seconds: float) -> str:
    """Return a duration for readers: ``"4 min 12 s"``, ``"45 s"``, ``"1 h 2 min"``.

    English; pages show ``ArticleAudio.spoken_duration``, in the reader's language.
    """
    hours, minutes, secs = duration_parts(seconds)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


def clock_duration(seconds: float) -> str:
    """Return a duration as ``H:MM:SS`` (or ``M:SS``), as podcast apps read it."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
