"""``gazette train-moderation``: train the toxicity classifier, write its model."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gazette.discussion import datasets, evaluation, profanity, toxicity, training

DEFAULT_DATA = settings.BASE_DIR.parent.parent / "shared" / "data"
EXTRA_WEIGHT = 0.3
CIVIL_WEIGHT = 0.1


class Command(BaseCommand):
    help = (
        "Train the toxicity classifier on labelled comments and write the model "
        "file that gazette.discussion.toxicity loads (docs/moderation.md). A "
        "share of the comments, chosen by a hash of their id, is held out, never "
        "trained on, and measured at the end. Example: gazette train-moderation "
        "--extra ../shared/data/davidson-hate-offensive.csv"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data",
            type=Path,
            default=DEFAULT_DATA / "civil-comments-train.csv",
            help="CSV with text,toxic columns (toxic_votes and annotators used "
            "when present); default: %(default)s",
        )
        parser.add_argument(
            "--extra",
            type=Path,
            help="optional second CSV (text,toxic, or Davidson's tweet,class), "
            "never held out; see --extra-labels",
        )
        parser.add_argument(
            "--extra-labels",
            choices=["civil", "all"],
            default="civil",
            help="civil: only the extra file's non-toxic comments, as examples "
            "of civil conversation (Davidson's tweets label offence, not "
            "incivility, and measured worse as toxic examples); all: both; "
            "default: %(default)s",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=toxicity.DEFAULT_MODEL,
            help="where to write the model; default: the shipped model file",
        )
        parser.add_argument(
            "--holdout",
            type=float,
            default=training.Options.holdout,
            help="share of --data held out for the final measure (0 to 0.9); "
            "default: %(default)s",
        )
        parser.add_argument(
            "--holdout-csv",
            type=Path,
            help="also write the held-out comments here (text,toxic), for "
            "gazette evaluate-moderation",
        )
        parser.add_argument(
            "--extra-weight",
            type=float,
            default=EXTRA_WEIGHT,
            help="weight of each --extra comment against 1 for --data; "
            "default: %(default)s",
        )
        parser.add_argument(
            "--civil",
            type=Path,
            action="append",
            default=None,
            help="CSV whose text column is civil prose (news articles), read as "
            "non-toxic titles and paragraphs; repeatable; default: the wikinews "
            "files beside --data when they exist; --civil none to train without",
        )
        parser.add_argument(
            "--civil-weight",
            type=float,
            default=CIVIL_WEIGHT,
            help="weight of each civil paragraph; default: %(default)s",
        )
        parser.add_argument(
            "--blend-weight",
            type=float,
            default=training.Options.blend_weight,
            help=(
                "weight of alt-profanity-check's model averaged with ours "
                "(0: ours alone, no package needed); default: %(default)s"
            ),
        )
        parser.add_argument(
            "--iterations",
            type=int,
            default=training.Options.iterations,
            help="gradient steps per fit; default: %(default)s",
        )

    def handle(self, *args, **options):
        holdout = options["holdout"]
        if not 0 <= holdout <= 0.9:
            raise CommandError(f"--holdout {holdout} must be between 0 and 0.9.")
        if options["iterations"] < 1:
            raise CommandError("--iterations must be 1 or more.")
        for name in ("extra_weight", "civil_weight"):
            if options[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} must be 0 or more.")
        if not 0 <= options["blend_weight"] <= 1:
            raise CommandError("--blend-weight must be between 0 and 1.")
        train_options = training.Options(
            holdout=holdout,
            iterations=options["iterations"],
            blend_weight=options["blend_weight"],
        )
        say = self.stdout.write
        try:
            say(f"Reading {options['data']}...")
            examples = datasets.read_labelled(options["data"])
            extra: list[datasets.Example] = []
            sources = [options["data"].name]
            if options["extra"]:
                say(f"Reading {options['extra']}...")
                weight = options["extra_weight"]
                extra += [
                    replace(e, weight=weight)
                    for e in datasets.read_any(options["extra"])
                    if options["extra_labels"] == "all" or not e.label
                ]
                sources.append(options["extra"].name)
            for path in _civil_paths(options["civil"], options["data"]):
                say(f"Reading civil prose from {path}...")
                weight = options["civil_weight"]
                extra += [replace(e, weight=weight) for e in datasets.read_civil(path)]
                sources.append(path.name)
            model, report, held = training.train(
                examples, extra, train_options, progress=say
            )
        except (datasets.DataError, ValueError, profanity.Unavailable) as error:
            raise CommandError(str(error)) from None

        model["trained"] = {
            "data": sources,
            "comments": report.trained,
            "extra": report.extra,
            "held_out": report.held_out,
            "holdout_fraction": holdout,
            "features": report.features,
            "kept": report.kept,
            "raw_threshold": round(report.threshold, 4),
            "cv_macro_f1": round(report.cv_macro_f1, 4),
        }
        result = None
        if held and len({e.label for e in held}) == 2:
            scorer = toxicity.from_dict(model)
            result = evaluation.evaluate(
                [e.text for e in held], [e.label for e in held], scorer.score, 0.5
            )
            model["trained"]["holdout"] = {
                "roc_auc": round(result.roc_auc, 4),
                "macro_f1": round(result.macro_f1, 4),
            }
        try:
            size = training.save(model, options["output"])
        except OSError as error:
            raise CommandError(
                f"{options['output']}: cannot write the model ({error.strerror})."
            ) from None
        if options["holdout_csv"] and held:
            _write_csv(options["holdout_csv"], held)
            say(f"Held-out comments written to {options['holdout_csv']}.")

        say(
            f"Trained on {report.trained:,} comments (+{report.extra:,} extra) in "
            f"{report.seconds:.0f} s: {report.features:,} features, {report.kept:,} "
            f"kept; {options['output']} ({size / 1024:,.0f} KiB)."
        )
        if result is not None:
            say(
                f"Held out ({report.held_out:,} comments never trained on): "
                f"ROC AUC {result.roc_auc:.3f}, macro-F1 {result.macro_f1:.3f} at "
                f"0.5, {result.comments_per_second:,.0f} comments/s."
            )
        else:
            say("No held-out comments of both kinds: nothing measured.")


def _civil_paths(given: list[Path] | None, data: Path) -> list[Path]:
    if given is None:
        return sorted((data.parent / "wikinews").glob("wikinews_*.csv"))
    return [path for path in given if str(path) != "none"]


def _write_csv(path: Path, examples: list[datasets.Example]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "text", "toxic"])
        for example in examples:
            writer.writerow([example.key, example.text, example.label])
