"""Display name rules, on plain strings: no database."""

import pytest

from gazette.accounts.names import InvalidDisplayName, clean_display_name


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("Ada", "Ada"),
        ("  Ada   Lovelace ", "Ada Lovelace"),
        ("J.R. Hartley", "J.R. Hartley"),
        ("Zoë Ñúñez-O'Brien", "Zoë Ñúñez-O'Brien"),
        ("李小龍", "李小龍"),
        ("@ada", "@ada"),
        ("Jo", "Jo"),
        ("x" * 40, "x" * 40),
        ("Ｆｕｌｌｗｉｄｔｈ", "Fullwidth"),
        ("St.Clair", "St.Clair"),
    ],
)
def test_allowed_display_names_are_normalised(given, kept):
    assert clean_display_name(given) == kept


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("A", "at least 2"),
        ("   ", "at least 2"),
        ("x" * 41, "at most 40"),
        ("ada@example.org", "email address"),
        ("ada @ example . org", "email address"),
        ("https://spam.example", "web address"),
        ("javascript:alert(1)", "web address"),
        ("www.cheap-pills", "web address"),
        ("buy at cheap-pills.com", "web address"),
        ("pills.co.uk/now", "web address"),
        ("evil\u202eeman", "invisible"),
        ("zero\u200bwidth", "invisible"),
        ("tab\x00null", "invisible"),
        ("!!!", "letter or digit"),
        ("Moderator", "kept for the newsroom"),
        ("deleted   READER", "kept for the newsroom"),
    ],
)
def test_refused_display_names_say_why(given, reason):
    with pytest.raises(InvalidDisplayName, match=reason):
        clean_display_name(given)
