"""Fuzzing: no request a reader (or a script) can send makes a 500.

Hypothesis draws requests against every public URL pattern, found by walking
Django's URL resolver (so a new view is fuzzed the day it is added): paths
generated from each pattern's own regular expression, the site's real pages,
query strings of every parameter the views read, and form posts, as an
anonymous visitor and as a signed-in reader. Values are the crafted kind:
Unicode digits ("²", "١"), overflowing dates and numbers, NUL and other
control characters, malformed percent-encodings, very long values.

A response of 500 or more fails, and so does any exception (the test client
re-raises what a view raises). Besides the random drawing, a sweep sends the
worst value of each kind to every parameter of every page, so that what was
found once stays found. Bounded and reproducible: ``derandomize=True`` and a
fixed number of examples, about a minute on two cores in all.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.urls import LocalePrefixPattern, URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# The admin is for staff (its forms are Wagtail's and Django's); /static/ and
# /media/ are nginx's in production.
PRIVATE_PREFIXES = ("admin/", "django-admin/", "static/", "media/")


def _regex_source(pattern) -> str:
    # The edition prefix is read from the database, closed at collection:
    # the suite's site has one edition, whose addresses carry none.
    if isinstance(pattern, LocalePrefixPattern):
        return ""
    # RoutePattern and RegexPattern both keep their compiled regex.
    source = pattern.regex.pattern
    source = source.removeprefix("^").removesuffix(r"\Z").removesuffix("$")
    return source


def public_patterns(patterns=None, prefix: str = "") -> list[tuple[str, URLPattern]]:
    """Return (regex source, pattern) for every public URL pattern of the site."""
    found: list[tuple[str, URLPattern]] = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        source = prefix + _regex_source(entry.pattern)
        if source.startswith(PRIVATE_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            found += public_patterns(entry.url_patterns, source)
        else:
            found.append((source, entry))
    return found


PATTERNS = public_patterns()
REGEXES = sorted({source for source, _ in PATTERNS})

# Characters the fuzzer uses in generated paths: any Unicode a URL can carry.
URL_TEXT = st.characters(codec="utf-8", exclude_categories=("Cs",))

CRAFTED_VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1",
            "²",
            "١٢٣",
            "１２",
            "9" * 30,
            str(2**63),
            str(2**63 - 1),
            "1e400",
            "NaN",
            "inf",
            "0x10",
            " 1 ",
            "\x00",
            "a\x00b",
            "\r\n",
            "9999-12-31",
            "0001-01-01",
            "0000-01-01",
            "10000-01-01",
            "2026-02-30",
            "²⁰²⁶-¹⁰-⁰¹",
            "2026-10-01T25:61",
            "true",
            "yes",
            "<script>",
            "'; DROP TABLE x; --",
            "x" * 5000,
            "%",
            "\u202e",
            "\ufffd",
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(str),
    st.text(URL_TEXT, max_size=40),
)

# Values by the kind of parameter, each mixed with every crafted value:
# Hypothesis favours the ends of a range (date.max is 9999-12-31).
DATE_EDGES = [
    "9999-12-31",
    "0001-01-01",
    "0000-01-01",
    "10000-01-01",
    "2026-02-30",
    "²⁰²⁶-¹⁰-⁰¹",
    "١٢٣٤-٠١-٠١",
]
DATES = st.one_of(st.sampled_from(DATE_EDGES), st.dates().map(str), CRAFTED_VALUES)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["²", "١", "9" * 30, str(2**63), "0", "-1", "1.5"]),
    CRAFTED_VALUES,
)
WORDS = st.one_of(st.text(URL_TEXT, max_size=60), CRAFTED_VALUES)
KINDS = {
    "since": DATES,
    "until": DATES,
    "page": NUMBERS,
    "page_size": NUMBERS,
    "section": NUMBERS,
    "story": NUMBERS,
    "author": NUMBERS,
    "comments": NUMBERS,
    "p": NUMBERS,
    "q": WORDS,
    "open": WORDS,
    "order": WORDS,
}
LISTING = ("page",)
SEARCH = ("q", "section", "story", "author", "since", "until", "page")


def query_for(names: tuple[str, ...]) -> st.SearchStrategy[list[tuple[str, str]]]:
    """Return values for some of the parameters ``names`` a view reads."""
    optional = {name: KINDS[name] for name in names}
    return st.fixed_dictionaries({}, optional=optional).map(lambda d: list(d.items()))


# Every name a view reads from the query string, and a few it does not.
PARAMETERS = [
    "page",
    "page_size",
    "q",
    "section",
    "story",
    "author",
    "since",
    "until",
    "open",
    "order",
    "comments",
    "p",
    "next",
    "kind",
    "format",
    "\x00",
    "²",
]

QUERIES = st.lists(
    st.tuples(
        st.sampled_from(PARAMETERS) | st.text(URL_TEXT, max_size=8), CRAFTED_VALUES
    ),
    max_size=4,
)

# Raw query strings with broken percent-encodings, sent as they are.
RAW_QUERIES = st.lists(
    st.sampled_from(
        [
            "page=%",
            "q=%zz",
            "q=%C0%80",
            "q=%ff%fe",
            "since=%00",
            "%=%",
            "&&",
            "=",
            "a=%E2%82",
        ]
    ),
    min_size=1,
    max_size=3,
).map("&".join)


def encode(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


@pytest.fixture
def newsroom(make_article, make_section, story, author, picture):
    """Pages to reach: articles in a story, a section, an author, a picture."""
    first = make_article(
        "Harbour strike ends", story=story, authors=[author], image=picture
    )
    make_article("Talks resume at the border", story=story, hours=2)
    make_article("Markets calm", in_section=make_section("Business"), hours=4)
    # (path, the query parameters its view reads)
    return {
        "pages": [
            ("/", LISTING),
            (first.url, ("order", "comments")),
            ("/world/", LISTING),
            ("/business/", LISTING),
            (f"/stories/{story.slug}/", LISTING),
            ("/stories/", LISTING),
            (f"/authors/{author.slug}/", LISTING),
            ("/authors/", LISTING),
            ("/search/", SEARCH),
            ("/api/v1/articles/", (*SEARCH, "page_size")),
            (f"/api/v1/articles/{first.pk}/", ()),
            ("/api/v1/stories/", ("open", "page", "page_size")),
            ("/api/v1/sections/", ("page", "page_size")),
            ("/api/v1/authors/", ("page", "page_size")),
            ("/feeds/rss/", ()),
            (f"/feeds/story/{story.slug}/atom/", ()),
            (f"/discussion/{first.pk}/comments/", ("order", "comments")),
            ("/sitemap.xml", ()),
            ("/sitemap-world.xml", ("p",)),
            ("/radio/", ()),
            ("/audio/podcast/", ()),
        ],
        "article": first,
    }


def generated_path(regex: str) -> st.SearchStrategy[str]:
    return st.from_regex(re.compile(regex), fullmatch=True, alphabet=URL_TEXT).map(
        lambda p: "/" + p
    )


PATHS = st.sampled_from(REGEXES).flatmap(generated_path)

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


def assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{response.status_code} for {what!r}"


def test_the_walk_finds_the_public_patterns():
    """The resolver walk sees every app's public URLs and none of the admin."""
    for expected in ("search/", "api/v1/articles/", "stories/", "feeds/rss/"):
        assert any(source.startswith(expected) for source in REGEXES), expected
    assert not any(source.startswith("admin/") for source in REGEXES)
    # Wagtail's page tree, the catch-all at the end.
    assert any(pattern.name == "wagtail_serve" for _, pattern in PATTERNS)


# The values most likely to break each kind of parameter, every one of which
# is sent to every parameter of that kind of every page below: what random
# drawing would find only by luck is found every run.
EDGES = {
    DATES: [*DATE_EDGES, "²", "\x00", "", "x" * 5000],
    NUMBERS: ["²", "١٢", "9" * 30, str(2**63), "-1", "1e400", "\x00", ""],
    WORDS: ["\x00", "²", "%", "\r\n", "x" * 5000, "\ufffd"],
}


@pytest.mark.django_db
def test_every_parameter_of_every_page_at_its_edges(client, newsroom):
    client.raise_request_exception = False  # a view's exception is a 500 here
    failures = []
    for path, names in newsroom["pages"]:
        for name in names:
            for value in EDGES[KINDS[name]]:
                query = encode([(name, value)])
                response = client.get(path, QUERY_STRING=query)
                if response.status_code >= 500:
                    failures.append(f"{response.status_code} GET {path}?{query[:80]}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@settings(FUZZ, max_examples=150)
@given(data=st.data())
def test_no_get_is_a_server_error(client, newsroom, data):
    path, names = data.draw(
        st.sampled_from(newsroom["pages"]) | PATHS.map(lambda p: (p, SEARCH)),
        label="path",
    )
    query = encode(data.draw(query_for(names), label="parameters"))
    extra = data.draw(
        st.one_of(st.just(""), QUERIES.map(encode), RAW_QUERIES), label="extra"
    )
    query = "&".join(part for part in (query, extra) if part)
    headers = data.draw(
        st.sampled_from([{}, {"HX-Request": "true"}, {"If-None-Match": '"x", *'}]),
        label="headers",
    )
    response = client.get(path, QUERY_STRING=query, headers=headers)
    assert_no_server_error(response, f"GET {path}?{query}")


FORM_FIELDS = [
    "text",
    "parent",
    "rule",
    "note",
    "email",
    "username",
    "password",
    "password1",
    "password2",
    "display_name",
    "name",
    "next",
    "q",
    "title",
    "articles",
    "action",
    "comment",
    "order",
]


@pytest.mark.django_db
@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_no_form_post_is_a_server_error(client, newsroom, make_reader, data):
    article = newsroom["article"]
    forms = [
        "/accounts/signup/",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/accounts/confirm/resend/",
        f"/discussion/{article.pk}/post/",
        "/search/",
    ]
    path = data.draw(st.sampled_from(forms) | PATHS, label="path")
    fields = data.draw(
        st.lists(
            st.tuples(st.sampled_from(FORM_FIELDS), CRAFTED_VALUES),
            min_size=1,
            max_size=5,
        ),
        label="fields",
    )
    if data.draw(st.booleans(), label="signed in"):
        client.force_login(make_reader())
    else:
        client.logout()
    body = encode(fields)
    response = client.post(path, body, content_type="application/x-www-form-urlencoded")
    assert_no_server_error(response, f"POST {path} {body[:200]}")
