"""Right to left: every page says its language and direction, and the CSS
mirrors by itself (logical properties, no physical left or right).

The browser half (a page laid out right to left in Chromium) is in
``tests/test_rtl_browser.py``.
"""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.utils import translation

from gazette.core import cssbundle

# Every stylesheet source Gazette serves: the bundle's sources and the admin's
# own sheets (the moderation queue, the desk). The bundle is generated.
SOURCES = sorted(
    path
    for path in cssbundle.PACKAGE.glob("*/static/**/*.css")
    if path != cssbundle.BUNDLE
)

# Where a physical side is meant, with the reason. Keyed by the file (relative
# to gazette/) and a piece of the line. A rule written for right to left alone
# (its line names :dir(rtl) or [dir="rtl"]) is one too: it turns an arrow or a
# gradient that has no logical form.
ALLOWED = {
    ("core/static/gazette/css/components/site-nav.css", "to right"): (
        "a gradient has no logical direction: the next line turns it for rtl"
    ),
    (
        "discussion/static/discussion/moderation-queue.css",
        "border-width: 0 2px 2px 0",
    ): ("a chevron drawn by two borders and turned: :dir(rtl) turns it the other way"),
}

_PHYSICAL = [
    (
        re.compile(
            r"\b(margin|padding|border|inset|scroll-margin|scroll-padding)"
            r"-(left|right)\b"
        ),
        "use the -inline-start/-end property",
    ),
    (re.compile(r"(^|[\s;{])(left|right)\s*:"), "use inset-inline-start/-end"),
    (re.compile(r"\btext-align\s*:\s*(left|right)\b"), "use text-align: start/end"),
    (
        re.compile(r"\b(float|clear)\s*:\s*(left|right)\b"),
        "use float/clear: inline-start/inline-end",
    ),
    (
        re.compile(r"\bbackground-position(-x)?\s*:[^;]*\b(left|right)\b"),
        "a background placed at a side does not mirror",
    ),
    (
        re.compile(r"\blinear-gradient\(\s*to\s+(left|right)\b"),
        "a gradient towards a side does not mirror",
    ),
    (re.compile(r"\btranslateX\(|\bscaleX\(-"), "a horizontal move does not mirror"),
    (
        re.compile(r"\bborder-(top|bottom)-(left|right)-radius\b"),
        "use border-start-start-radius and its kin",
    ),
]
_FOR_RTL = re.compile(r":dir\(rtl\)|\[dir=\"?rtl\"?\]")
_SHORTHAND = re.compile(
    r"(?:^|[\s;{])(margin|padding|inset|border-width|border-style|border-color"
    r"|border-radius|scroll-margin|scroll-padding)\s*:\s*([^;}]+)"
)


def _values(text: str) -> list[str]:
    """Split a declaration's value on spaces outside parentheses."""
    values, depth, current = [], 0, ""
    for char in text.strip().removesuffix("!important").strip():
        depth += (char == "(") - (char == ")")
        if char.isspace() and depth == 0:
            if current:
                values.append(current)
            current = ""
        else:
            current += char
    return [*values, current] if current else values


def _lopsided(prop: str, values: list[str]) -> bool:
    """Whether a box shorthand gives left and right different values."""
    if "/" in values:  # elliptical radii: not used here, judged by eye
        return False
    if prop == "border-radius":
        top_left, top_right, bottom_right, bottom_left = {
            1: lambda v: (v[0], v[0], v[0], v[0]),
            2: lambda v: (v[0], v[1], v[0], v[1]),
            3: lambda v: (v[0], v[1], v[2], v[1]),
            4: lambda v: tuple(v),
        }[min(len(values), 4)](values)
        return top_left != top_right or bottom_left != bottom_right
    return len(values) == 4 and values[1] != values[3]


def physical_sides(css: str) -> list[tuple[int, str, str]]:
    """Return (line, text, advice) for each physical left/right in ``css``."""
    css = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), css, flags=re.S)
    found = []
    for number, line in enumerate(css.splitlines(), 1):
        for pattern, advice in _PHYSICAL:
            if pattern.search(line):
                found.append((number, line.strip(), advice))
        for prop, value in _SHORTHAND.findall(line):
            if _lopsided(prop, _values(value)):
                found.append(
                    (number, line.strip(), f"{prop} with different left and right")
                )
    return found


@pytest.mark.parametrize(
    ("css", "physical"),
    [
        (".a { margin-left: 1rem; }", True),
        (".a { padding-inline-start: 1rem; }", False),
        (".a { border-right: 1px solid; }", True),
        (".a { position: absolute; right: 0; }", True),
        (".a { inset-inline-end: 0; }", False),
        (".a {\n  left: 0;\n}", True),
        (".a { text-align: right; }", True),
        (".a { text-align: start; }", False),
        (".a { float: left; }", True),
        (".a { float: inline-start; }", False),
        (".a { background-position: right 1rem center; }", True),
        (".a { background-position: center; }", False),
        (".a { transform: translateX(4px); }", True),
        (".a { transform: translateY(4px) rotate(45deg); }", False),
        (".a { border-top-left-radius: 4px; }", True),
        (".a { border-start-start-radius: 4px; }", False),
        (".a { margin: 0 1rem 0 0; }", True),
        (".a { margin: 0 1rem 0 1rem; }", False),
        (".a { padding: var(--x) calc(1rem + 2px); }", False),
        (".a { border-radius: 0 4px 4px 0; }", True),
        (".a { border-radius: 4px 4px 0 0; }", False),
        (".a { border-radius: var(--radius-s); }", False),
        (".a { mask-image: linear-gradient(to right, #000, transparent); }", True),
        (".a { background: linear-gradient(to bottom, #000, #fff); }", False),
        ("/* margin-left: 0 */ .a { margin-inline: 0; }", False),
        (".a { inline-size: 100%; }", False),
        (".a { scroll-padding-left: 1rem; }", True),
    ],
)
def test_the_checker_tells_physical_sides_from_logical_ones(css, physical):
    assert bool(physical_sides(css)) is physical


def test_the_sources_are_found():
    names = {path.name for path in SOURCES}
    assert {"tokens.css", "site-header.css", "moderation-queue.css"} <= names
    assert "gazette.css" not in names


@pytest.mark.parametrize(
    "path", SOURCES, ids=[str(p.relative_to(cssbundle.PACKAGE)) for p in SOURCES]
)
def test_no_stylesheet_uses_a_physical_side(path):
    """Logical properties everywhere, so that an Arabic page mirrors by itself."""
    name = str(path.relative_to(cssbundle.PACKAGE))
    allowed = [piece for (file, piece) in ALLOWED if file == name]
    wrong = [
        f"{name}:{number}: {text} ({advice})"
        for number, text, advice in physical_sides(path.read_text(encoding="utf-8"))
        if not any(piece in text for piece in allowed) and not _FOR_RTL.search(text)
    ]
    assert not wrong, "\n".join(wrong)


def test_every_allowance_is_still_needed():
    """An allowance whose line is gone is dropped, so the list only shrinks."""
    for file, piece in ALLOWED:
        text = (cssbundle.PACKAGE / file).read_text(encoding="utf-8")
        assert piece in text, f"{file}: {piece!r} is no longer there"


# The pages: <html lang dir> from the active language.

_HTML = re.compile(r"<html\b[^>]*>")


def _html_tag(response) -> str:
    return _HTML.search(response.content.decode()).group(0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "tag", "direction"),
    [("en-gb", "en-GB", "ltr"), ("es", "es", "ltr"), ("ar", "ar", "rtl")],
)
@pytest.mark.parametrize("path", ["/", "/stories/", "/no-such-page/"])
def test_pages_say_their_language_and_direction(
    client, home, language, tag, direction, path
):
    with override_settings(LANGUAGE_CODE=language), translation.override(language):
        html_tag = _html_tag(client.get(path))
    # Django's "en-gb", written as HTML writes it (BCP 47's usual case).
    assert f'lang="{tag}"' in html_tag
    assert f'dir="{direction}"' in html_tag


@pytest.mark.parametrize("template", ["500.html", "503.html"])
@pytest.mark.parametrize(
    ("language", "tag", "direction"), [("en-gb", "en-GB", "ltr"), ("ar", "ar", "rtl")]
)
def test_standalone_error_pages_say_their_language_and_direction(
    template, language, tag, direction
):
    from django.template.loader import render_to_string

    with translation.override(language):
        html = render_to_string(template)
    assert _HTML.search(html).group(0) == f'<html lang="{tag}" dir="{direction}">'


@pytest.mark.django_db
def test_an_arabic_page_preloads_the_arabic_headline_face(client, home):
    with override_settings(LANGUAGE_CODE="ar"), translation.override("ar"):
        html = client.get("/").content.decode()
    assert html.count('rel="preload"') == 1
    assert "noto-naskh-arabic-arabic-wght-normal.woff2" in html


@pytest.mark.django_db
def test_the_clock_is_given_its_words_in_the_pages_language(client, home):
    with override_settings(LANGUAGE_CODE="ar"), translation.override("ar"):
        html = client.get("/").content.decode()
    assert 'data-msg-time="{time} بتوقيت غرينتش"' in html
    clock = re.search(r"<span data-clock-time>(.*?)</span>", html).group(1)
    assert re.fullmatch(r"\d\d:\d\d بتوقيت غرينتش", clock)


def test_arabic_fonts_are_served_for_arabic_letters_only():
    """A page without Arabic text never downloads the Arabic faces."""
    tokens = (cssbundle.CORE_CSS / "tokens.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face \{(.*?)\}", tokens, flags=re.S)
    arabic = [face for face in faces if "Arabic" in face]
    assert len(arabic) == 2
    for face in arabic:
        ranges = re.search(r"unicode-range: ([^;]+);", face).group(1)
        for start, end in re.findall(r"U\+([0-9A-F]+)(?:-([0-9A-F]+))?", ranges):
            low, high = int(start, 16), int(end or start, 16)
            # No Latin, no general punctuation a Latin page may use (dashes,
            # joiners in emoji, direction marks): U+204F and U+2E41 are
            # Arabic punctuation.
            assert low >= 0x0600, ranges
            assert not (low <= 0x2044 and high >= 0x2000), ranges
    for token in ("--font-headline", "--font-text", "--font-ui"):
        stack = re.search(rf"{token}: ([^;]+);", tokens).group(1)
        assert "Arabic Variable" in stack.split(",")[1], stack


@pytest.mark.parametrize(
    ("code", "tag"),
    [
        ("en-gb", "en-GB"),
        ("es", "es"),
        ("ar", "ar"),
        ("zh-hans", "zh-Hans"),
        ("pt_BR", "pt-BR"),
        ("es-419", "es-419"),
    ],
)
def test_language_codes_are_written_as_html_writes_them(code, tag):
    from gazette.core.templatetags.gazette_tags import html_lang

    assert html_lang(code) == tag
