"""Which voice speaks which language: espeak-ng's voice list and the choice.

Pure functions on plain data (the list is the text ``espeak-ng --voices``
prints), so the choice is tested without the engine. A language the engine
has no voice for gets no voice (``None``): its articles get no audio, rather
than an English voice spelling out Arabic letters one by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# What turns a language's audio off in GAZETTE_SPEECH_VOICES ("ar=none").
NO_VOICE = {"", "none", "off", "-"}

_ALIAS = re.compile(r"\((\S+)\s+(\d+)\)")


@dataclass(frozen=True)
class Voice:
    """One voice of the engine: the name ``-v`` takes and what it speaks."""

    name: str
    language: str
    priority: int = 5
    aliases: tuple[tuple[str, int], ...] = ()


def normalise(language: str) -> str:
    """Return a language code as espeak-ng and Django both write it: ``pt-br``."""
    return language.strip().lower().replace("_", "-")


def base_language(language: str) -> str:
    """Return the language without its region or script: ``es`` of ``es-419``."""
    return normalise(language).split("-", 1)[0]


def parse_espeak_voices(output: str) -> list[Voice]:
    """Return the voices of ``espeak-ng --voices``'s table, in its order.

    A line reads ``5  en-gb  --/M  English_(Great_Britain)  gmw/en  (en 2)``:
    priority, language (which ``-v`` accepts), age/gender, name, file, then
    the other languages it speaks with their priorities.
    """
    voices = []
    for line in output.splitlines():
        fields = line.split()
        if len(fields) < 5 or not fields[0].isdigit():
            continue  # the header, or a blank line
        aliases = tuple(
            (normalise(code), int(rank))
            for code, rank in _ALIAS.findall(" ".join(fields[5:]))
        )
        voices.append(
            Voice(
                name=fields[1],
                language=normalise(fields[1]),
                priority=int(fields[0]),
                aliases=aliases,
            )
        )
    return voices


def parse_overrides(value: str | Mapping[str, str] | None) -> dict[str, str]:
    """Return ``GAZETTE_SPEECH_VOICES`` as {language: voice}.

    The environment writes it ``es=es-419, ar=ar, fa=none`` (commas or
    spaces between pairs); settings may give a dict. ``none`` (or an empty
    voice) means: no audio in that language.
    """
    if not value:
        return {}
    if isinstance(value, Mapping):
        pairs: Iterable[tuple[str, str]] = value.items()
    else:
        pairs = []
        for item in re.split(r"[,\s]+", value.strip()):
            if not item:
                continue
            language, sep, voice = item.partition("=")
            if not sep or not language.strip():
                raise ValueError(
                    f"GAZETTE_SPEECH_VOICES: {item!r} is not LANGUAGE=VOICE "
                    "(e.g. es=es-419, ar=ar, fa=none)."
                )
            pairs.append((language, voice))
    return {normalise(language): voice.strip() for language, voice in pairs}


def choose_voice(
    language: str,
    voices: Sequence[Voice],
    *,
    overrides: Mapping[str, str] | None = None,
    default_voice: str = "",
) -> str | None:
    """Return the voice that should read ``language``, or None if none can.

    In order: the newsroom's choice for the language (or for its base
    language) in ``overrides``, where ``none`` turns audio off; the default
    voice (``GAZETTE_SPEECH_VOICE``) for its own language, whatever the region
    (``en-gb`` reads ``en`` and ``en-us`` unless overridden); a voice
    of exactly that language; a voice whose other languages include it (the
    lowest rank first: ``zh`` is spoken by ``cmn``); a voice of the base
    language (``es`` for ``es-mx``); a regional voice of it (``fr-fr`` for
    ``fr``). Never a voice of another language.
    """
    language = normalise(language)
    base = base_language(language)
    overrides = {normalise(key): value for key, value in (overrides or {}).items()}
    for key in (language, base):
        if key in overrides:
            voice = overrides[key].strip()
            return None if voice.lower() in NO_VOICE else voice
    if default_voice.strip() and base_language(default_voice) == base:
        return default_voice.strip()

    def best(candidates: Iterable[tuple[int, int, Voice]]) -> str | None:
        ranked = sorted(candidates, key=lambda found: found[:2])
        return ranked[0][2].name if ranked else None

    for wanted in dict.fromkeys((language, base)):
        found = best(
            (voice.priority, 0, voice) for voice in voices if voice.language == wanted
        )
        found = found or best(
            (rank, voice.priority, voice)
            for voice in voices
            for code, rank in voice.aliases
            if code == wanted
        )
        if found:
            return found
    return best(
        (voice.priority, len(voice.language), voice)
        for voice in voices
        if voice.language.startswith(base + "-")
    )
