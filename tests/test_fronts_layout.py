"""The rules that fill a front's slots (fronts/layout.py), without a database."""

from datetime import UTC, datetime, timedelta

import pytest

from gazette.fronts.layout import (
    PICTURE_SEARCH_DEPTH,
    SITE,
    BlockSpec,
    Candidate,
    Pin,
    next_change,
    resolve,
)

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)

# Newest first: 10 to 1; even ids have a picture. Section 7 holds 9, 6, 3;
# story 5 holds 8 and 2.
ARTICLES = [Candidate(i, i % 2 == 0) for i in range(10, 0, -1)]
SECTION = {9, 6, 3}
STORY = {8, 2}


def candidates(source):
    kind, _key = source
    for article in ARTICLES:
        if kind == "site" or (
            (kind == "section" and article.id in SECTION)
            or (kind == "story" and article.id in STORY)
        ):
            yield article


def live(*ids):
    return {i: Candidate(i, i % 2 == 0) for i in ids}


def ids(filled):
    return [block.article_ids for block in filled]


def test_rules_fill_top_to_bottom_without_repeating_an_article():
    specs = [
        BlockSpec("lead", 1, needs_picture=True),
        BlockSpec("row", 3),
        BlockSpec("row", 2, ("section", 7)),
    ]
    assert ids(resolve(specs, NOW, {}, candidates)) == [[10], [9, 8, 7], [6, 3]]


def test_the_lead_takes_the_newest_article_with_a_picture():
    """A brief without a picture never takes the lead while a picture story exists."""
    specs = [BlockSpec("lead", 1, ("section", 7), needs_picture=True)]
    (lead,) = resolve(specs, NOW, {}, candidates)
    assert lead.article_ids == [6] and lead.has_picture


def test_a_lead_with_no_picture_anywhere_adapts_instead_of_staying_empty():
    def briefs(source):
        yield from (Candidate(i, False) for i in (5, 3, 1))

    (lead,) = resolve([BlockSpec("lead", 1, needs_picture=True)], NOW, {}, briefs)
    assert lead.article_ids == [5] and not lead.has_picture


def test_the_picture_search_stops_at_its_depth():
    looked_at = []

    def many_briefs(source):
        for i in range(10 * PICTURE_SEARCH_DEPTH, 0, -1):
            looked_at.append(i)
            yield Candidate(i, False)

    resolve([BlockSpec("lead", 1, needs_picture=True)], NOW, {}, many_briefs)
    assert len(looked_at) == PICTURE_SEARCH_DEPTH


def test_an_editors_choice_wins_and_rules_above_it_skip_it():
    """Choices are placed first: the lead's rule must not take a chosen row article."""
    specs = [
        BlockSpec("lead", 1, needs_picture=True),
        BlockSpec("row", 2, pins=(Pin(10),)),
    ]
    filled = resolve(specs, NOW, live(10), candidates)
    assert ids(filled) == [[8], [10, 9]]
    assert filled[1].chosen == {10}


@pytest.mark.parametrize(
    "pin, shown",
    [
        (Pin(2), [2]),
        (Pin(2, NOW + HOUR), [2]),
        (Pin(2, NOW - HOUR), [10]),  # expired: back to the rule
        (Pin(2, NOW), [10]),  # expires at this very moment
        (Pin(99), [10]),  # unpublished or deleted since it was chosen
    ],
)
def test_a_chosen_lead_holds_until_it_expires_or_goes_offline(pin, shown):
    specs = [BlockSpec("lead", 1, pins=(pin,), needs_picture=True)]
    assert ids(resolve(specs, NOW, live(2), candidates)) == [shown]


def test_a_chosen_lead_whose_picture_was_removed_is_drawn_without_one():
    specs = [BlockSpec("lead", 1, pins=(Pin(3),), needs_picture=True)]
    (lead,) = resolve(specs, NOW, live(3), candidates)
    assert lead.article_ids == [3] and not lead.has_picture


def test_the_same_article_chosen_twice_shows_once():
    specs = [BlockSpec("row", 2, pins=(Pin(4),)), BlockSpec("row", 2, pins=(Pin(4),))]
    assert ids(resolve(specs, NOW, live(4), candidates)) == [[4, 10], [9, 8]]


def test_choices_beyond_a_blocks_count_are_ignored():
    specs = [BlockSpec("row", 1, pins=(Pin(4), Pin(6)))]
    assert ids(resolve(specs, NOW, live(4, 6), candidates)) == [[4]]


def test_latest_fills_last_with_what_the_front_does_not_show():
    specs = [
        BlockSpec("latest", 3, fills_last=True),
        BlockSpec("row", 2, ("story", 5)),
    ]
    assert ids(resolve(specs, NOW, {}, candidates)) == [[10, 9, 7], [8, 2]]


def test_blocks_that_hold_no_articles_are_left_alone():
    specs = [BlockSpec("running_stories"), BlockSpec("row", 1)]
    assert ids(resolve(specs, NOW, {}, candidates)) == [[], [10]]


def test_a_source_that_runs_out_leaves_the_rest_of_the_row_empty():
    specs = [BlockSpec("row", 4, ("story", 5))]
    assert ids(resolve(specs, NOW, {}, candidates)) == [[8, 2]]


def test_next_change_is_the_earliest_expiry_still_ahead():
    specs = [
        BlockSpec("lead", 1, pins=(Pin(2, NOW + 3 * HOUR),)),
        BlockSpec("row", 2, pins=(Pin(4, NOW - HOUR), Pin(6, NOW + HOUR))),
        BlockSpec("row", 2, SITE),
    ]
    assert next_change(specs, NOW) == NOW + HOUR
    assert next_change(specs[2:], NOW) is None
