"""Civil-comments' span types as training data for the learned heads.

"Threat" trains the violent head (positives, and the rest of the file its
negatives); with a type weight, "Identity based Attack" and "Insult" also
train the hate and abuse heads, but only where most annotators called the
comment toxic: typed and not toxic, a comment trains neither head.
"""

from __future__ import annotations

import csv

import pytest

from gazette.discussion import learned
from gazette.discussion import learned_training as lt


def _write(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "annotators", "toxic_votes", "toxic", "types"])
        writer.writerows(rows)
    return path


@pytest.fixture
def comments(tmp_path):
    return _write(
        tmp_path / "civil.csv",
        [
            ("1", "I will come for you.", 4, 3, 1, "Threat;Insult"),
            ("2", "You are a fool.", 4, 3, 1, "Insult"),
            (
                "3",
                "They are all thieves, those people.",
                4,
                3,
                1,
                "Identity based Attack",
            ),
            ("4", "Rather silly point.", 4, 1, 0, "Insult"),
            ("5", "Damn this weather.", 4, 3, 1, "Profane/Obscene"),
        ],
    )


def test_without_a_type_weight_civil_comments_train_the_violent_head_only(comments):
    examples = lt.read_typed_comments(comments, threat_weight=1.0)
    assert [e.label for e in examples] == [1, 0, 0, 0, 0]
    for example in examples:
        assert example.weight_for("violent") == 1.0
        assert example.weight_for("hate") == 0.0
        assert example.weight_for("abuse") == 0.0


def test_with_a_type_weight_insults_and_identity_attacks_train_their_heads(comments):
    examples = lt.read_typed_comments(comments, 1.0, type_weight=0.3)
    hate = learned.HEADS["hate"].categories
    abuse = learned.HEADS["abuse"].categories
    threat, insult, group, mild, profane = examples
    assert threat.is_a(abuse) and not threat.is_a(hate)
    assert threat.weight_for("abuse") == 0.3
    assert threat.weight_for("violent") == 1.0
    assert insult.is_a(abuse) and not insult.is_a(learned.HEADS["violent"].categories)
    assert group.is_a(hate) and group.weight_for("hate") == 0.3
    # typed an insult, but most annotators saw none: no example of the abuse head
    assert mild.weight_for("abuse") == 0.0
    assert mild.weight_for("hate") == 0.3 and not mild.is_a(hate)
    # untyped: a negative of both heads
    assert not profane.is_a(hate | abuse)
    assert profane.weight_for("abuse") == 0.3


def test_a_heads_targets_count_every_category_of_an_example(comments):
    examples = lt.read_typed_comments(comments, 1.0, type_weight=0.3)
    labels, weights = lt.targets(examples, "abuse")
    assert list(labels) == [1.0, 1.0, 0.0, 0.0, 0.0]
    assert weights[3] == 0.0  # the mild "insult" trains nothing
    labels, weights = lt.targets(examples, "violent")
    assert list(labels) == [1.0, 0.0, 0.0, 0.0, 0.0]
    assert all(weights > 0)


def test_relabelled_keeps_the_vectors_and_refuses_other_texts(comments):
    plain = lt.Featurised(lt.read_typed_comments(comments, 1.0))
    typed = plain.relabelled(lt.read_typed_comments(comments, 1.0, type_weight=0.3))
    assert typed.vectors is plain.vectors
    assert typed.examples[1].is_a(learned.HEADS["abuse"].categories)
    assert not plain.examples[1].is_a(learned.HEADS["abuse"].categories)
    with pytest.raises(ValueError, match="same texts"):
        plain.relabelled(plain.examples[:2])


def test_a_file_without_a_toxic_column_counts_its_typed_comments_as_toxic(tmp_path):
    path = tmp_path / "civil.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("text", "types"), ("You idiot.", "Insult")])
    (example,) = lt.read_typed_comments(path, 1.0, type_weight=0.5)
    assert example.is_a(learned.HEADS["abuse"].categories)
    assert example.weight_for("abuse") == 0.5
