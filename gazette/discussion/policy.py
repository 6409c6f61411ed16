"""Build the standards' ``Policy`` from Django settings (``GAZETTE_MODERATION_*``).

Settings added with the standards' grammar have defaults here, so a settings
module without them keeps working: ``GAZETTE_MODERATION_REJECT_KINDS`` (the
constructions rejected outright rather than held),
``GAZETTE_MODERATION_UNTARGETED_HOLD_THRESHOLD`` (the classifier's score from
which a comment aimed at nobody in particular is held) and
``GAZETTE_MODERATION_ABOUT_HOLD_THRESHOLD`` (... one about a person it does not
address: "the minister is...") and ``GAZETTE_MODERATION_LEARNED`` (``on``: the
learned second signal of ``learned.py`` may hold a targeted comment that
nothing else flags; ``off``: it never runs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from gazette.discussion import learned
from gazette.discussion.grammar import RULE_OF_KIND
from gazette.discussion.standards import LearnedHold, Policy

DEFAULT_REJECT_KINDS = "threat,incitement"
DEFAULT_UNTARGETED_HOLD = 0.8
DEFAULT_ABOUT_HOLD = 0.7
DEFAULT_LEARNED = "on"
_ON = {"on", "true", "yes", "1"}
_OFF = {"off", "false", "no", "0", ""}


def _threshold(name: str, default: float | None = None) -> float:
    value: Any = getattr(settings, name, default)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a number: use a score between 0 and 1, e.g. 0.5."
        ) from None
    if not 0.0 <= number <= 1.0:
        raise ImproperlyConfigured(f"{name}={value!r} must be between 0 and 1.")
    return number


def _words(value: str | Iterable[str]) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    return tuple(word.strip() for word in items if word and word.strip())


def _learned_hold() -> Callable[[str, float], float | LearnedHold | None] | None:
    value: Any = getattr(settings, "GAZETTE_MODERATION_LEARNED", DEFAULT_LEARNED)
    word = str(value).strip().lower()
    if word in _OFF or value is False:
        return None
    if word not in _ON and value is not True:
        raise ImproperlyConfigured(
            f"GAZETTE_MODERATION_LEARNED={value!r}: use on or off."
        )
    try:
        return learned.get_model().holds
    except learned.ModelError as error:
        raise ImproperlyConfigured(
            f"GAZETTE_MODERATION_LEARNED is on but {error}"
        ) from None


def policy_from_settings() -> Policy:
    """Return the moderation policy the settings describe.

    Raise ImproperlyConfigured, naming the setting, when one is out of range.
    """
    hold = _threshold("GAZETTE_MODERATION_HOLD_THRESHOLD")
    reject = _threshold("GAZETTE_MODERATION_REJECT_THRESHOLD")
    if hold > reject:
        raise ImproperlyConfigured(
            f"GAZETTE_MODERATION_HOLD_THRESHOLD ({hold}) is above "
            f"GAZETTE_MODERATION_REJECT_THRESHOLD ({reject}): a comment would be "
            "rejected before it could be held."
        )
    max_links = int(settings.GAZETTE_MODERATION_MAX_LINKS)
    if max_links < 0:
        raise ImproperlyConfigured(
            f"GAZETTE_MODERATION_MAX_LINKS={max_links} must be 0 or more."
        )
    untargeted = _threshold(
        "GAZETTE_MODERATION_UNTARGETED_HOLD_THRESHOLD", DEFAULT_UNTARGETED_HOLD
    )
    about = _threshold("GAZETTE_MODERATION_ABOUT_HOLD_THRESHOLD", DEFAULT_ABOUT_HOLD)
    kinds = _words(
        getattr(settings, "GAZETTE_MODERATION_REJECT_KINDS", DEFAULT_REJECT_KINDS)
    )
    unknown = sorted(set(kinds) - set(RULE_OF_KIND))
    if unknown:
        raise ImproperlyConfigured(
            f"GAZETTE_MODERATION_REJECT_KINDS names {', '.join(unknown)}: use some of "
            f"{', '.join(sorted(RULE_OF_KIND))}, separated by commas."
        )
    return Policy(
        hold_threshold=hold,
        reject_threshold=reject,
        max_links=max_links,
        off_limits_words=_words(settings.GAZETTE_MODERATION_OFF_LIMITS_WORDS),
        reject_kinds=frozenset(kinds),
        untargeted_hold_threshold=untargeted,
        about_hold_threshold=about,
        learned_hold=_learned_hold(),
    )
