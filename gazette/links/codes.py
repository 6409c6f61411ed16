"""Short codes: generated at random from an alphabet that reads aloud unambiguously.

Codes are lower case only so that a reader can type one heard on the radio or
seen in print; the alphabet leaves out 0/o, 1/l and i, which are easily mixed
up. They are drawn with :mod:`secrets`, never counted up, so nobody can walk
the archive by incrementing a code. Pure functions: no database, no Django.
"""

import re
import secrets
from collections.abc import Callable

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
MIN_LENGTH, MAX_LENGTH = 5, 7
# An editor's alias: lower-case letters, digits and inner hyphens, as in a slug.
ALIAS_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?", re.ASCII)
# What a request may carry as a code before it is looked up; anything else is
# answered "unknown" without touching the database.
INCOMING_RE = re.compile(r"[A-Za-z0-9-]{1,40}", re.ASCII)
ATTEMPTS_PER_LENGTH = 5


class CodeSpaceExhausted(Exception):
    """No free code was found, even at the longest length."""


def generate_code(
    length: int = 6, *, choice: Callable[[str], str] = secrets.choice
) -> str:
    """Return a random code of ``length`` characters of :data:`ALPHABET`."""
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise ValueError(f"codes are {MIN_LENGTH} to {MAX_LENGTH} characters long")
    return "".join(choice(ALPHABET) for _ in range(length))


def unique_code(
    is_taken: Callable[[str], bool],
    *,
    length: int = 6,
    generate: Callable[[int], str] = generate_code,
) -> str:
    """Return a code for which ``is_taken`` is false, retrying on collisions.

    After a few collisions at one length (the space is getting crowded) the
    next length is tried, up to :data:`MAX_LENGTH`.
    """
    for size in range(length, MAX_LENGTH + 1):
        for _ in range(ATTEMPTS_PER_LENGTH):
            code = generate(size)
            if not is_taken(code):
                return code
    raise CodeSpaceExhausted(
        f"no free code in {ATTEMPTS_PER_LENGTH} tries at each length from "
        f"{length} to {MAX_LENGTH}"
    )


def normalize_code(raw: str) -> str | None:
    """Return the code a request asks for, lower-cased, or None if it cannot be one."""
    # Matched before lower-casing: str.lower() folds some non-ASCII letters
    # (the Kelvin sign) into ASCII ones.
    if not INCOMING_RE.fullmatch(raw):
        return None
    return raw.lower()


def is_valid_alias(code: str) -> bool:
    """Return whether ``code`` may be chosen by an editor as a custom alias."""
    return len(code) >= 3 and ALIAS_RE.fullmatch(code) is not None
