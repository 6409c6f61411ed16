"""Which text search configuration an article's language is searched with.

Pure: a language code in, a configuration name out, tested without a
database. The names are PostgreSQL's (its Snowball configurations, plus
``simple``); on SQLite, the configuration picks the FTS5 table (``tables``).

- PostgreSQL stems and drops stop words with the language's configuration
  where PostgreSQL has one ("elecciones" finds "elección" in ``spanish``,
  ``arabic`` strips Arabic's prefixes and suffixes); a language it has none
  for is searched with ``simple``: words lower-cased, nothing stemmed or
  dropped, any script.
- SQLite's FTS5 has one stemmer, Porter's, which is English: English is
  searched through it, every other language through the ``unicode61``
  tokenizer with ``remove_diacritics 2`` (words in any script, lower-cased,
  accents and Arabic's short-vowel marks ignored: "eleccion" finds
  "elección", but "elecciones" does not; SQLite is for development).
"""

from __future__ import annotations

from collections.abc import Collection

SIMPLE = "simple"
# PostgreSQL's Snowball configurations by ISO 639-1 code (PostgreSQL 15 and
# 16; ``available`` leaves out what a server lacks).
CONFIGS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
# The configuration searched through FTS5's Porter stemmer on SQLite.
PORTER = "english"


def primary(language_code: str) -> str:
    """Return the language of a code without its region: "en-gb" -> "en"."""
    return language_code.lower().replace("_", "-").split("-")[0]


def config_for(language_code: str, available: Collection[str] | None = None) -> str:
    """Return the text search configuration for ``language_code``.

    ``available`` (the server's configurations, None: all of ``CONFIGS``)
    leaves out one the server does not have, for ``simple``.
    """
    config = CONFIGS.get(primary(language_code), SIMPLE)
    if available is not None and config not in available:
        return SIMPLE
    return config


def uses_porter(config: str) -> bool:
    """Return whether SQLite searches ``config`` through its Porter FTS5 table."""
    return config == PORTER
