"""The faster scoring decides exactly as the plain sums it replaced.

The classifier's and the learned signal's linear sums skip the features a
model does not weigh before multiplying (``features.linear_logit``,
``learned.Model.logits``); that is for speed on long comments only. Here the
plain sums of before (every feature looked up, a missing one counted 0) are
put back, and every comment of every labelled set (``standards-dev.csv`` and
``tests/data/standards-own*.csv``) is decided both ways: the outcome, the rule
and what matched must be the same, and the scores equal. The learned
signal's word-class cues are searched with their alternatives grouped by
first letter; they must find what the lexicon's own alternations find.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from itertools import repeat
from operator import mul
from pathlib import Path

import pytest

from gazette.discussion import datasets, features, learned, standards, toxicity
from gazette.discussion.policy import Policy

DATA = Path(__file__).parent / "data"
DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "standards-dev.csv"
SETS = sorted(DATA.glob("standards-own*.csv")) + ([DEV] if DEV.exists() else [])


def _plain_linear_logit(weights, bias, text):
    total = bias
    for keys, damped, norm in features.blocks(text):
        if norm:
            total += sum(map(mul, map(weights.get, keys, repeat(0.0)), damped)) / norm
    return total


def _plain_logits(model, text, score=None):
    score = model._score(text, score)
    zero = (0.0,) * len(model.heads)
    totals = list(model.biases)
    for key, value in learned.extract(text, model.char_grams, score).items():
        for head, weight in enumerate(model.weights.get(key, zero)):
            totals[head] += weight * value
    return tuple(totals)


def _texts() -> list[str]:
    return [row.text for path in SETS for row in datasets.read_standards(path)]


def _decisions(texts):
    model = toxicity.get_model()
    policy = replace(Policy(), learned_hold=learned.get_model().holds)
    result = []
    for text in texts:
        score = model.score(text)
        verdict = standards.check_comment(text, toxicity=score, policy=policy)
        result.append((score, verdict.outcome, verdict.rule, verdict.detail))
    return result


def test_the_labelled_sets_are_there():
    assert len(SETS) >= 9
    assert len(_texts()) > 1000


def test_the_classifier_sums_exactly_as_before():
    model = toxicity.get_model()
    for text in _texts():
        assert features.linear_logit(model.weights, model.bias, text) == (
            _plain_linear_logit(model.weights, model.bias, text)
        )


def test_the_learned_heads_sum_as_before():
    model = learned.get_model()
    for text in _texts()[::7]:
        fast, plain = model.logits(text), _plain_logits(model, text)
        assert fast == pytest.approx(plain, rel=1e-9, abs=1e-9)


def test_every_labelled_comment_is_decided_as_before(monkeypatch):
    texts = _texts()
    fast = _decisions(texts)
    monkeypatch.setattr(features, "linear_logit", _plain_linear_logit)
    monkeypatch.setattr(
        learned.Model,
        "logits",
        lambda self, text, score=None: _plain_logits(self, text, score),
    )
    plain = _decisions(texts)
    changed = [
        (text, a, b)
        for text, a, b in zip(texts, fast, plain, strict=True)
        if a[1:] != b[1:] or not math.isclose(a[0], b[0], rel_tol=1e-12)
    ]
    assert not changed


def test_the_cues_grouped_by_first_letter_find_what_the_lexicon_finds():
    """``learned._CUES`` regroups the lexicon's alternations for speed only."""
    for text in _texts():
        plain = learned._normalised(text)[1]
        for name, pattern in learned.PLAIN_CUES.items():
            fast = learned._CUES[name]
            assert bool(fast.search(plain)) == bool(pattern.search(plain)), (
                name,
                text,
            )


def test_each_grouped_word_class_matches_exactly_as_its_plain_alternation():
    """``lexicons.alt`` groups branches by first letter: same matches, same spans."""
    from gazette.discussion import grammar
    from gazette.discussion import lexicons as lx

    assert lx.plain(lx.alt(["attack", "assault", "beat"])) == "(?:assault|attack|beat)"
    sentences = [
        sentence
        for text in _texts()
        for sentence in grammar.normalise(standards.fold(text))[0]
    ]
    classes = [lx.HARM_VERBS, lx.HARM_EVENTS, lx.BEASTS, lx.PROTECTED_GROUPS]
    classes += [lx.INSULT_NOUNS, lx.INSULT_ADJECTIVES, lx.GROUP_CONTEMPT, lx.REPORTING]
    for grouped in classes:
        assert grouped != lx.plain(grouped)
        fast = re.compile(rf"\b{grouped}\b")
        slow = re.compile(rf"\b{lx.plain(grouped)}\b")
        for sentence in sentences:
            assert [m.span() for m in fast.finditer(sentence)] == [
                m.span() for m in slow.finditer(sentence)
            ], sentence


_SPREAD_CASES = [
    # (pattern, texts): alternatives opening on groups, \b, letters shared
    # by several alternatives, a named group, an optional group.
    (
        r"\b(?:i|we) know where (?P<who>you|he) lives?|\bwatch your back"
        r"|(?:go )?home in an ambulance|\bwe will",
        [
            "i know where you live",
            "we know where he lives, pal",
            "better watch your back",
            "going home in an ambulance",
            "home in an ambulance tonight",
            "we will see",
            "swe will not match at the start",
            "nothing here",
        ],
    ),
    (
        r"(?<!not )\bclowns?\b|\bcl(?:own|ot)\w*|(?P<mark>\d+)\s*marks",
        [
            "what a clown",
            "not clowns",
            "clotted cream",
            "it cost 250 marks",
            "clown clown",
        ],
    ),
]


@pytest.mark.parametrize(("pattern", "texts"), _SPREAD_CASES)
def test_spread_pattern_finds_what_the_plain_alternation_finds(pattern, texts):
    """``lexicons_base.spread`` regroups an alternation by first letter for
    speed; every match (span, text, named groups) must be the plain one's."""
    from gazette.discussion import lexicons_base

    plain = re.compile(pattern)
    spread = lexicons_base.spread(pattern)
    assert spread.pattern != plain.pattern
    for text in texts:
        expected = [(m.span(), m.group(), m.groupdict()) for m in plain.finditer(text)]
        found = [(m.span(), m.group(), m.groupdict()) for m in spread.finditer(text)]
        assert found == expected, text
