"""Every word of the interface is translatable, and the catalogues ship whole.

The template check reads each template's source: what a reader or an editor
sees (text between tags, and the ``aria-label``, ``title``, ``alt`` and
``placeholder`` attributes) must come from ``{% translate %}``,
``{% blocktranslate %}`` or a variable, never be written in English in the
template. Templates not yet converted are listed in ``PENDING``; a test fails
when one of them is converted and still listed, so the list only shrinks.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

GAZETTE = Path(__file__).resolve().parent.parent / "gazette"
LOCALE = GAZETTE / "locale"
SHIPPED = ("es", "ar")

# Templates whose words are not all translatable yet (issue 19, in progress).
PENDING: set[str] = set()

_COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
_BLOCK_TRANSLATE = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S
)
# Blocks that fill an attribute of the base template (``<body class="...">``)
# hold class names, not words.
_ATTRIBUTE_BLOCKS = re.compile(
    r"{%\s*block\s+body_class\s*%}.*?{%\s*endblock(?:\s+body_class)?\s*%}", re.S
)
_TAG_OR_VARIABLE = re.compile(r"{%.*?%}|{{.*?}}", re.S)
_WORD = re.compile(r"[^\W\d_]{2,}")
_SEEN_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}


class _VisibleText(HTMLParser):
    """Collect the literal text a person would see or hear."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if value and name in _SEEN_ATTRIBUTES and _WORD.search(value):
                self.found.append(f"{name}={value!r}")
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            value = attributes.get("value") or ""
            if _WORD.search(value):
                self.found.append(f"value={value!r}")

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and _WORD.search(data):
            self.found.append(data.strip())


def untranslated_words(source: str) -> list[str]:
    """Return the literal, visible English of a template's source."""
    source = _COMMENTS.sub("", source)
    source = _ATTRIBUTE_BLOCKS.sub("", source)
    source = _BLOCK_TRANSLATE.sub("§", source)
    source = _TAG_OR_VARIABLE.sub("§", source)
    parser = _VisibleText()
    parser.feed(source)
    parser.close()
    return parser.found


def reader_and_editor_templates() -> list[Path]:
    return sorted(
        path
        for path in GAZETTE.glob("*/templates/**/*.html")
        # Wagtail's admin templates that Gazette overrides only to brand
        # them carry no words of their own.
        if "wagtailadmin" not in path.parts
    )


def _name(path: Path) -> str:
    return str(path.relative_to(GAZETTE))


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("<p>{% translate 'Hello' %}</p>", []),
        ("<p>Hello</p>", ["Hello"]),
        ('<a aria-label="Close it">×</a>', ["aria-label='Close it'"]),
        ("{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}", []),
        ("<p>{{ story.title }} · {{ count }}</p>", []),
        ("<script>var label = 'Play';</script>", []),
        ("{# Only a note #}<b>12</b>", []),
        ('<input type="submit" value="Send">', ["value='Send'"]),
        ("{% block body_class %}page-article{% endblock %}", []),
        (
            "<h1>{% block title %}Page not found{% endblock %}</h1>",
            ["§Page not found§"],
        ),
    ],
)
def test_the_template_check_finds_literal_words(source, found):
    assert untranslated_words(source) == found


@pytest.mark.parametrize(
    "path", reader_and_editor_templates(), ids=lambda path: _name(path)
)
def test_every_visible_word_of_a_template_is_translatable(path):
    found = untranslated_words(path.read_text())
    if _name(path) in PENDING:
        assert found, f"{_name(path)} is translatable now: remove it from PENDING"
    else:
        assert not found, f"{_name(path)} has words outside {{% translate %}}: {found}"


needs_msgfmt = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed"
)


@needs_msgfmt
@pytest.mark.parametrize("language", SHIPPED)
def test_the_shipped_catalogues_are_complete_and_compile(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "--output-file=/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip()
    assert "untranslated" not in statistics, statistics
    assert "fuzzy" not in statistics, statistics


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "empty"),
    [
        ("es", "Temas", "Todavía no hay temas."),
        ("ar", "القصص", "لا توجد قصص بعد."),
    ],
)
def test_a_newsroom_in_another_language_gets_its_pages_in_it(
    client, language, heading, empty
):
    """``GAZETTE_LANGUAGE=es`` makes the whole reader's site Spanish."""
    with override_settings(LANGUAGE_CODE=language), translation.override(language):
        html = client.get("/stories/").content.decode()
    assert heading in html
    assert empty in html


@pytest.mark.django_db
def test_an_article_and_a_search_in_spanish(client, make_article, author):
    """The converted templates speak Spanish: byline, counts, search page."""
    from gazette.articles.models import Author

    other = Author.objects.create(name="Ben Okafor", slug="ben-okafor")
    article = make_article("Puente", authors=[author, other])
    with override_settings(LANGUAGE_CODE="es"), translation.override("es"):
        page = client.get(article.url).content.decode()
        search = client.get("/search/?q=zzzz").content.decode()
    assert 'Por <a href="/authors/mira-castell/" rel="author">Mira Castell</a>' in page
    assert (
        '</span> y <a href="/authors/ben-okafor/" rel="author">Ben Okafor</a>' in page
    )
    assert "0 comentarios" in page and "Publicado: <time" in page
    assert "Búsqueda: zzzz" in search
    assert "Ningún artículo coincide con «zzzz»" in search
