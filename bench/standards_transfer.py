"""Measure what the learned heads carry to a writer they never saw, set by set.

Run with ``.venv/bin/python bench/standards_transfer.py`` (20 to 40 minutes on
the loaded development machine). The examples are ``gazette
train-standards``' (the labelled sets, civil-comments, wikinews, Davidson's
calm tweets), featurised once; each variant (``--variants``) relabels them and
is cross-validated over the same folds (``--folds``: groups of whole sets left
out together; ``standards-own-22``, the grammar's probes, is trained on in
every fold and never scored). For each fold, each head's threshold is chosen
on the *other* folds' left-out scores only (the lowest of 0.30 ... 0.95 whose
own flags on their allowed comments stay at or under ``--bound``), never on
the fold it scores. Printed per held-out set, recall / false holds:

- ``model``: the heads alone, with their gates;
- ``decision``: the grammar, slurs and classifier (the learned signal off, as
  ``gazette evaluate-standards --learned off`` decides) OR the heads, which is
  what the site decides with that fold's model (the heads only hold what
  nothing else flags).

The grammar was fitted to every set here, so ``decision`` flatters it; the
``model`` columns are the measure of a signal that has to carry to new
writers. Variants:

- ``base``: the shipped recipe;
- ``types=W``: civil-comments' "Identity based Attack" and "Insult" types also
  train the hate and abuse heads at weight W (``learned_training._typed``);
- ``gates=off``: the violent head without its target, stance and reading
  gates (held on its probability alone);
- ``c=C``: another inverse strength of the L2 penalty; combined with a comma
  (``types=0.3,c=0.5``);
- ``reading=off``: the violent head's gates without the clause reading
  (``violence_clause.analyse``, issue 17's sixth round): only the target and
  stance patterns open them, as before that round.

Ends with one line per variant: ``variant=NAME model_recall=R model_false=F
decision_recall=R decision_false=F`` pooled over every scored comment.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.test")

import django  # noqa: E402

django.setup()

from gazette.discussion import datasets, learned, standards, toxicity  # noqa: E402
from gazette.discussion import learned_training as lt  # noqa: E402
from gazette.discussion.policy import policy_from_settings  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SETS = [DATA / "standards-dev.csv"] + sorted(
    (ROOT / "tests" / "data").glob("standards-own*.csv")
)
FOLDS = [
    "standards-own-20+standards-own-21",
    "standards-own-18+standards-own-19",
    "standards-own-15+standards-own-16+standards-own-17",
    "standards-dev+standards-own-2+standards-own-3+standards-own-4",
    "standards-own+standards-own-5+standards-own-12+standards-own-13+standards-own-14",
    "standards-own-23+standards-own-24",
]
CALM_LIMIT = 6000


def examples(options: lt.Options, type_weight: float) -> list[lt.Example]:
    """Return ``gazette train-standards``' examples, civil types at ``type_weight``."""
    result: list[lt.Example] = []
    for path in SETS:
        result += lt.standards_examples(
            path.stem, datasets.read_standards(path), options.set_weight
        )
    result += lt.read_typed_comments(
        DATA / "civil-comments-train.csv", options.threat_weight, type_weight
    )
    calm: list[str] = []
    for path in sorted((DATA / "wikinews").glob("wikinews_*.csv")):
        calm += [e.text for e in datasets.read_civil(path)]
    calm = lt.sample(calm, CALM_LIMIT)
    tweets = datasets.read_davidson(DATA / "davidson-hate-offensive.csv")
    calm += [e.text for e in tweets if e.label == 0]
    return result + lt.calm_examples(calm, options.calm_weight)


def grammar_flags(data: lt.Featurised, sets: set[str]) -> dict[int, bool]:
    """Return whether the site flags each scored comment with the learned signal off."""
    classifier = toxicity.get_model()
    policy = replace(policy_from_settings(), learned_hold=None)
    flags = {}
    for i, example in enumerate(data.examples):
        if example.group in sets:
            score = classifier.score(example.text)
            verdict = standards.check_comment(
                example.text, toxicity=score, policy=policy
            )
            flags[i] = verdict.outcome != "publish"
    return flags


def thresholds_without(
    folds: list[lt.Fold], left: int, heads: tuple[str, ...], bound: float
) -> dict[str, float]:
    """Return each head's threshold chosen on every fold but ``left``."""
    others = [fold for i, fold in enumerate(folds) if i != left]
    return lt.choose_thresholds(others, heads, bound)


def run(
    name: str,
    data: lt.Featurised,
    options: lt.Options,
    folds_spec: list[str],
    flags: dict[int, bool],
    bound: float,
) -> None:
    """Cross-validate one variant and print its per-set and pooled figures."""
    started = time.perf_counter()
    folds = lt.cross_validate(data, folds_spec, options, lambda m: None)
    heads = data.heads(options)
    # (set, violates) -> [model flagged, decision flagged, total]
    tally: dict[tuple[str, bool], list[int]] = defaultdict(lambda: [0, 0, 0])
    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    chosen_lines = []
    for f, fold in enumerate(folds):
        cuts = thresholds_without(folds, f, heads, bound)
        chosen_lines.append(
            f"  {fold.group}: " + ",".join(f"{h}={t}" for h, t in cuts.items())
        )
        names = set(fold.group.split("+"))
        rows = [i for i, e in enumerate(data.examples) if e.group in names]
        for i, score in zip(rows, fold.scores, strict=True):
            example = data.examples[i]
            held = any(score.get(h, 0.0) >= t for h, t in cuts.items())
            decided = flags[i] or held
            violates = bool(example.category)
            cell = tally[(example.group, violates)]
            cell[0] += held
            cell[1] += decided
            cell[2] += 1
            if violates:
                per_category[example.category][0] += held
                per_category[example.category][1] += 1
    seconds = time.perf_counter() - started
    print(f"\n== {name} ({seconds:.0f} s); thresholds chosen without each fold:")
    print("\n".join(chosen_lines))
    print(f"  {'held-out set':22} {'model rec/false':>18} {'decision rec/false':>20}")
    pooled = [0, 0, 0, 0, 0, 0]  # model v, decision v, v total, model a, dec a, a
    for group in sorted({g for g, _ in tally}):
        v, a = tally[(group, True)], tally[(group, False)]
        pooled = [
            pooled[0] + v[0],
            pooled[1] + v[1],
            pooled[2] + v[2],
            pooled[3] + a[0],
            pooled[4] + a[1],
            pooled[5] + a[2],
        ]
        print(
            f"  {group:22} {v[0] / v[2]:8.3f} / {a[0] / max(a[2], 1):.3f}"
            f" {v[1] / v[2]:10.3f} / {a[1] / max(a[2], 1):.3f}"
        )
    print(
        "  model alone per category: "
        + ", ".join(f"{c} {n}/{t}" for c, (n, t) in sorted(per_category.items()))
    )
    print(
        f"variant={name} model_recall={pooled[0] / pooled[2]:.3f} "
        f"model_false={pooled[3] / pooled[5]:.3f} "
        f"decision_recall={pooled[1] / pooled[2]:.3f} "
        f"decision_false={pooled[4] / pooled[5]:.3f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", nargs="+", default=["base", "types=0.3"])
    parser.add_argument("--folds", nargs="+", default=FOLDS)
    parser.add_argument("--bound", type=float, default=0.0075)
    parser.add_argument("--iterations", type=int, default=lt.Options.iterations)
    args = parser.parse_args()
    options = lt.Options(iterations=args.iterations)
    started = time.perf_counter()
    base = examples(options, 0.0)
    data = lt.Featurised(base)
    scored = {n for group in args.folds for n in group.split("+")}
    flags = grammar_flags(data, scored)
    print(
        f"{len(base):,} texts featurised, {len(flags):,} scored comments decided "
        f"in {time.perf_counter() - started:.0f} s; load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    for variant in args.variants:
        settings = dict(part.split("=") for part in variant.split(",") if "=" in part)
        weight = float(settings.get("types", 0.0))
        relabelled = data.relabelled(examples(options, weight)) if weight else data
        fitting = replace(options, c=float(settings.get("c", options.c)))
        reading = settings.get("reading", "on") == "on"
        gate = learned._harmed if reading else lambda text: False
        if settings.get("gates", "on") == "off":
            # The violent head opened for every comment: its target and
            # stance gates, and the reading's, switched off together.
            gate = lambda text: True  # noqa: E731
        with mock.patch.object(learned, "_harmed", gate):
            run(variant, relabelled, fitting, args.folds, flags, args.bound)


if __name__ == "__main__":
    main()
