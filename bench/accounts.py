"""What reader accounts cost per request: password hashing dominates.

Runs in-process on an in-memory SQLite database with Django's production
password hashers (the test settings use a fast MD5 hasher instead), and prints
the median of each step over ``--rounds`` runs:

    .venv/bin/python bench/accounts.py --rounds 15

The figures size the sign-in limits (docs/accounts.md) and tell how many
sign-ins a second one core can take.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "gazette.settings.test"
os.environ.pop("GAZETTE_TEST_DB", None)


def median_ms(step: Callable[[int], object], rounds: int) -> float:
    """Return the median wall time of ``step(i)`` in milliseconds."""
    times = []
    for i in range(rounds):
        start = time.perf_counter()
        step(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    if args.rounds < 1:
        sys.exit("--rounds must be 1 or more.")

    import django
    from django.conf import global_settings, settings

    django.setup()
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    from django.contrib.auth import authenticate
    from django.contrib.auth.hashers import check_password, get_hasher, make_password
    from django.core.cache import cache
    from django.core.management import call_command

    from gazette.accounts import names, services

    print("Migrating an in-memory SQLite database ...", flush=True)
    call_command("migrate", verbosity=0)
    hasher = get_hasher()
    print(f"Password hasher: {hasher.algorithm}, {hasher.iterations} iterations")

    password = "correct horse battery"
    encoded = make_password(password)
    user = services.sign_up(
        email="bench@example.org", password=password, display_name="Bench Reader"
    )
    token = services.make_confirmation_token(user)

    results = {
        "check_password (one hash)": median_ms(
            lambda i: check_password(password, encoded), args.rounds
        ),
        "sign-in by email (lookup + hash)": median_ms(
            lambda i: authenticate(username="bench@example.org", password=password),
            args.rounds,
        ),
        "sign-in, unknown address (same work)": median_ms(
            lambda i: authenticate(username="nobody@example.org", password=password),
            args.rounds,
        ),
        "sign_up service (checks + hash + 2 rows)": median_ms(
            lambda i: services.sign_up(
                email=f"r{i}@example.org",
                password=password,
                display_name=f"Reader number {i}",
            ),
            args.rounds,
        ),
        "confirm_email (verify token + update)": median_ms(
            lambda i: services.confirm_email(token), args.rounds
        ),
        "display name rules (one name)": median_ms(
            lambda i: names.clean_display_name(f"Ada Lovelace {i}"), args.rounds
        ),
    }
    cache.clear()
    width = max(len(name) for name in results)
    for name, value in results.items():
        print(f"{name:<{width}}  median {value:9.3f} ms")
    per_core = 1000 / results["sign-in by email (lookup + hash)"]
    print(
        f"summary: sign_in_ms={results['sign-in by email (lookup + hash)']:.1f} "
        f"sign_ins_per_s_per_core={per_core:.1f} rounds={args.rounds}"
    )


if __name__ == "__main__":
    main()
