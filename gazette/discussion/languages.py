"""Which comments the automatic checks can read: a comment's language.

The grammar, the word classes, the slur list, the toxicity classifier and the
learned signal know English only. A comment's language is its article's
edition (``article.locale.language_code``); under an English article, a
comment written mostly in another script (Arabic, Cyrillic...) or, by its
function words, in another Latin-script language is not English either.

``unchecked(text, language)`` says when that is so. The standards then apply
only the rules that do not depend on words (links, repeats, capitals, email
addresses, telephone numbers, the newsroom's off-limits list) and hold the
rest for a moderator, citing the language: such a comment is never published
unchecked (docs/moderation.md, "Languages").

Pure: no Django, no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

# The languages the automatic checks were written and trained for.
CHECKED_LANGUAGES = frozenset({"en"})

# Fewer letters than this say nothing about a language ("OK", "?!", a name).
MIN_LETTERS = 8
# A comment is in another script when that script has at least this share of
# its letters: an English comment quoting an Arabic name stays English.
SCRIPT_SHARE = 0.5
# A Latin-script comment is in another language when at least this many of its
# words are that language's function words, at least ``WORD_SHARE`` of them,
# and more than twice as many as English function words.
MIN_FUNCTION_WORDS = 3
WORD_SHARE = 0.2


@dataclass(frozen=True)
class Unchecked:
    """A comment the automatic checks cannot read, and why (for moderators)."""

    language: str  # a language code ("es", "ar") or a script ("Cyrillic")
    detail: str  # "language: es (the article's edition)"


def primary(code: str | None) -> str:
    """Return the primary subtag of a language code: "en-gb" -> "en"."""
    return (code or "").replace("_", "-").split("-")[0].casefold()


def is_checked(language: str | None) -> bool:
    """Return True when the automatic checks know ``language`` (None: the default)."""
    return language is None or primary(language) in CHECKED_LANGUAGES


def unchecked(text: str, language: str | None = None) -> Unchecked | None:
    """Return why ``text`` cannot be checked automatically, or None if it can.

    ``language`` is the language of the article's edition (None or "" for the
    site's default, English): a comment under another edition's article is in
    that edition's language. Under an English article, the comment's own
    script and words decide.
    """
    if not is_checked(language):
        code = primary(language)
        return Unchecked(code, f"language: {code} (the article's edition)")
    script = other_script(text)
    if script:
        name, share = script
        return Unchecked(name, f"script: {name}, {share:.0%} of the letters")
    guess = other_latin_language(text)
    if guess:
        code, hits, words = guess
        return Unchecked(
            code, f"language: looks like {code} ({hits} of {words} function words)"
        )
    return None


# --- Scripts ----------------------------------------------------------------

# Letters of Latin script outside ASCII: Latin-1, Extended-A and -B, IPA,
# Extended Additional (Vietnamese).
_LATIN_RANGES = ((0x00C0, 0x024F), (0x0250, 0x02AF), (0x1E00, 0x1EFF))


def _script(ch: str) -> str:
    code = ord(ch)
    if code < 0x80 or any(low <= code <= high for low, high in _LATIN_RANGES):
        return "Latin"
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "Unknown"
    first = name.split(" ", 1)[0]
    if first in {"CJK", "HIRAGANA", "KATAKANA"}:
        return "CJK"
    return first.title()


def other_script(text: str) -> tuple[str, float] | None:
    """Return (script, share of letters) when most letters are not Latin."""
    if text.isascii():
        return None
    scripts: Counter[str] = Counter(_script(ch) for ch in text if ch.isalpha())
    letters = sum(scripts.values())
    if letters < MIN_LETTERS:
        return None
    latin = scripts.pop("Latin", 0)
    if not scripts or latin / letters > 1 - SCRIPT_SHARE:
        return None
    name, count = scripts.most_common(1)[0]
    others = letters - latin
    if others / letters < SCRIPT_SHARE:
        return None
    return name, count / letters


# --- Latin-script languages -------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ENGLISH = _words(
    """
    the and is are was were be been being of to in that it for on with this
    these those at by from or an will would can could should must have has had
    do does did not you your he she they we our their his her its my me i him
    them us what which who whom whose when where why how there here but if so
    than then just about all any some no only also very more most after before
    into over under again out up down off because while through such own same
    other each both few too now even still yet ever never always already
    """
)

# Function words that English does not share (nor reads as English words often
# found in English comments: "die", "son", "con", "pie", "den", "fin").
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "es": _words(
        """
        el la los las que del y en un una es por con para como pero más muy su
        sus se lo le les al este esta esto estos estas son está están fue ser ya
        sin sobre también porque hay nos mi yo tú usted ellos ellas ella todo
        todos cuando donde qué quién eso esa ese nada sólo solo mucho hasta
        desde entre gobierno han era hace puede tiene
        """
    ),
    "fr": _words(
        """
        le la les des du et est un une que qui pour pas sur dans au aux ce cette
        ces il elle ils elles nous vous je tu sont avec mais ou où plus très
        tout tous sa son ses leur leurs été être avoir fait comme aussi bien
        même encore rien quand c'est n'est qu'il j'ai
        """
    ),
    "de": _words(
        """
        der das und ist nicht ein eine einen dem des sie es ich wir ihr mit auf
        für von zu im sind war wird werden auch noch nur aber oder wie wenn dass
        mehr sehr schon kein keine nach bei aus um hat haben diese dieser dieses
        doch immer
        """
    ),
    "it": _words(
        """
        il lo la gli le di che è e un una per non con sono della delle dei del
        questo questa anche ma come più molto suo sua loro nel nella alla sul
        cosa perché quando dove tutto tutti essere stato fatto hanno
        """
    ),
    "pt": _words(
        """
        o os as que de do da dos das e em um uma é não para com por mais muito
        seu sua ele ela eles elas nós você isso isto este esta foi ser são está
        também porque quando onde tudo todos mas como já pelo pela nos num numa
        """
    ),
    "nl": _words(
        """
        de het een en van is niet dat die op te zijn met voor er maar ook als
        aan bij nog wel geen dan ze hij wij jij ik mijn hun dit deze meer heel
        wordt worden heeft hebben was waren kan moet
        """
    ),
}
_FUNCTION_WORDS = {
    code: frozenset(
        word
        for word in words - _ENGLISH - _words("die son con pie den fin as no me")
        if len(word) > 1  # "o", "y", "e": letters spelled out, list markers
    )
    for code, words in _FUNCTION_WORDS.items()
}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def other_latin_language(text: str) -> tuple[str, int, int] | None:
    """Return (language, its function words, words) when the text is not English.

    Judged by function words: three or more of another language's, a fifth of
    the words at least, and more than twice as many as English ones.
    """
    words = _WORD.findall(text.casefold().replace("\u2019", "'"))
    if len(words) < MIN_FUNCTION_WORDS:
        return None
    counts = Counter(words)
    distinct = counts.keys()
    english = sum(counts[word] for word in _ENGLISH & distinct)
    best, hits = "", 0
    for code, vocabulary in _FUNCTION_WORDS.items():
        count = sum(counts[word] for word in vocabulary & distinct)
        if count > hits:
            best, hits = code, count
    if (
        hits >= MIN_FUNCTION_WORDS
        and hits >= WORD_SHARE * len(words)
        and hits > 2 * english
    ):
        return best, hits, len(words)
    return None
