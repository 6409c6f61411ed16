"""Phrases: quoted words and words joined by punctuation match adjacent words
only, on SQLite (FTS5's positions) and PostgreSQL, where each row's pairs of
adjacent words (``search.0005``) are looked up before the positions are
checked; the pairs a query needs are read from PostgreSQL's own reading of
it (``syntax.required_pairs``, pure, tested here too)."""

import pytest
from django.db import connection

from gazette.search import fulltext, syntax
from gazette.search.query import Filters, RankedResults

pytestmark = pytest.mark.django_db


def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's pairs column")


def paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def found(query, **filters):
    results = RankedResults(query, Filters(**filters))
    return sorted(a.title for a in results[0 : results.count()])


@pytest.fixture(autouse=True)
def _fresh_cutoffs():
    fulltext.forget_cutoffs()
    yield
    fulltext.forget_cutoffs()


# Pure: the pairs a query (PostgreSQL's text form of it) needs.


@pytest.mark.parametrize(
    "tsquery, expected",
    [
        ("'said' <-> 'sale'", ["said sale"]),
        ("'a' <-> 'b' <-> 'c'", ["a b", "b c"]),
        ("'said' <-> 'sale' & 'x'", ["said sale"]),
        ("'x' & 'said' <-> 'sale' & 'y' <-> 'z'", ["said sale", "y z"]),
        # A stop word between: a gap of two, not a pair.
        ("'minist' <2> 'financ'", []),
        ("'a' <-> 'b' <2> 'c' <-> 'd'", ["a b", "c d"]),
        # Either side of an OR may match: neither's pairs are needed.
        ("'a' <-> 'b' | 'c'", []),
        ("'a' <-> 'b' & 'x' | 'a' <-> 'b' & 'y'", ["a b"]),
        # Left out: no pairs needed from a NOT.
        ("'a' & !( 'b' <-> 'c' )", []),
        ("'a' <-> !'b'", []),
        # A group: what it needs, no pair across its edges.
        ("'a' <-> ( 'b' <-> 'c' )", ["b c"]),
        ("( 'a' | 'b' ) <-> 'c'", []),
        # Prefixes and weights are not plain lexemes.
        ("'a':* <-> 'b'", []),
        ("'a':AB <-> 'b'", []),
        ("'it''s' <-> 'here'", ["it's here"]),
        ("'well-known' <-> 'well' <-> 'known'", ["well known", "well-known well"]),
        ("", []),
        ("'a'", []),
        # Malformed text never raises.
        ("'a' <-> ", []),
        ("( ( 'a' <-> 'b'", ["a b"]),
        (") | &", []),
    ],
)
def test_the_pairs_a_query_needs(tsquery, expected):
    assert syntax.required_pairs(tsquery) == expected


@pytest.mark.parametrize(
    "tsquery, suffice",
    [
        ("'said' <-> 'sale'", True),
        ("'said' <-> 'sale' & 'new' <-> 'york'", True),
        ("'it''s' <-> 'here'", True),
        # Three words: the two pairs may be apart.
        ("'a' <-> 'b' <-> 'c'", False),
        ("'said' <-> 'sale' & 'x'", False),
        ("'said' <-> 'sale' | 'x' <-> 'y'", False),
        ("'minist' <2> 'financ'", False),
        ("'a':* <-> 'b'", False),
        ("!'a' <-> 'b'", False),
        ("", False),
    ],
)
def test_a_query_of_two_word_phrases_is_its_pairs(tsquery, suffice):
    assert syntax.pairs_suffice(tsquery) is suffice


@pytest.mark.parametrize(
    "tsquery, needs",
    [
        ("'a'", True),
        ("'a' & !'b'", True),
        ("'a' <-> !'b'", True),
        ("'a' | 'b'", True),
        ("!'a'", False),
        ("!'a' & !'b'", False),
        ("!'a' | 'b'", False),
        ("!( 'a' <-> 'b' )", False),
        ("( !'a' )", False),
        # Nothing read (stop words alone): PostgreSQL finds nothing itself.
        ("", True),
    ],
)
def test_a_query_of_exclusions_alone_needs_no_word(tsquery, needs):
    assert syntax.needs_a_word(tsquery) is needs


# Both databases: phrases find adjacent words only.


@pytest.fixture
def archive(make_article):
    make_article("Sale said to stall", body=paragraph("The sale, he said, stalls."))
    make_article("Minister said sale off", body=paragraph("Nothing more."))
    make_article("Quiet day", body=paragraph("The minister of finance said sale."))
    make_article("Known facts", body=paragraph("A well-known case was heard."))
    make_article("Other facts", body=paragraph("It is well known and old."))
    make_article("Cases", body=paragraph("Known well, the case was heard."))


def test_a_phrase_finds_its_words_side_by_side_only(archive):
    assert found('"said sale"') == ["Minister said sale off", "Quiet day"]
    assert found('"sale said"') == ["Sale said to stall"]
    assert found('"said sale" minister') == ["Minister said sale off", "Quiet day"]
    assert found('"said sale" -finance') == ["Minister said sale off"]
    assert found('"said sale" OR stall') == [
        "Minister said sale off",
        "Quiet day",
        "Sale said to stall",
    ]
    assert found('"well known"') == ["Known facts", "Other facts"]
    assert found('"known well"') == ["Cases"]


def test_a_phrase_with_a_stop_word_inside(archive):
    assert found('"minister of finance"') == ["Quiet day"]
    assert found('"finance of minister"') == []


def test_words_joined_by_punctuation_are_a_phrase(archive):
    assert "Known facts" in found("well-known")


def test_each_row_holds_its_pairs_of_adjacent_words(make_article):
    postgres_only()
    article = make_article("Border talks", body=paragraph("The talks resume."))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pairs FROM search_articlesearchdocument WHERE article_id = %s",
            [article.pk],
        )
        (pairs,) = cursor.fetchone()
    # Headline and body in one vector, as PostgreSQL's phrases read it.
    assert {"border talk", "talk resum"} <= set(pairs)
    assert "border resum" not in pairs


def test_phrases_look_up_their_pairs_and_find_the_same(archive, monkeypatch):
    postgres_only()
    queries = [
        '"said sale"',
        '"said sale" "well known"',
        '"minister said sale"',
        '"sale said"',
        '"said sale" minister',
        '"said sale" -finance',
        '"said sale" OR stall',
        '"well known"',
        "well-known",
        '"minister of finance"',
    ]
    with_pairs = {query: found(query) for query in queries}
    matches = RankedResults('"said sale"', Filters())._matches
    assert '"pairs" @>' in str(matches.query)
    # The same results when the pairs are not looked up.
    monkeypatch.setattr(fulltext, "read_query", lambda query, configs: {})
    assert {query: found(query) for query in queries} == with_pairs
    assert '"pairs"' not in str(RankedResults('"said sale"', Filters())._matches.query)


def test_a_search_without_a_phrase_or_exclusion_asks_nothing_more(db):
    postgres_only()
    Reading = fulltext.Reading
    assert fulltext.read_query("flood warning", ("english",)) == {}
    assert fulltext.read_query('"flood warning"', ("english",)) == {
        "english": Reading(["flood warn"], True, True)
    }
    assert fulltext.read_query('"flood warning" coast', ("english", "simple")) == {
        "english": Reading(["flood warn"], False, True),
        "simple": Reading(["flood warning"], False, True),
    }
    # "about" is an English stop word: exclusions alone there.
    assert fulltext.read_query("about -flood", ("english", "simple")) == {
        "english": Reading([], False, False),
        "simple": Reading([], False, True),
    }


def test_exclusions_alone_after_the_stop_words_find_nothing(make_article):
    make_article("Floods recede", body=paragraph("The water is going."))
    make_article("Harvest festival", body=paragraph("A fair about apples."))
    assert found("-flood") == []
    if connection.vendor == "postgresql":
        # "about" is no word to PostgreSQL's English configuration: what is
        # left is an exclusion alone.
        assert found("about -flood") == []
        assert found("the -flood") == []
    else:
        assert found("about -flood") == ["Harvest festival"]
    assert found("festival -flood") == ["Harvest festival"]
