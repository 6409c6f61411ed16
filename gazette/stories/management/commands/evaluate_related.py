"""Score the related-article similarity against human judgements of article pairs.

Examples::

    gazette evaluate-related ../shared/data/news-similarity-train.csv --folds 10
    gazette evaluate-related unseen-pairs.csv
    gazette evaluate-related ../shared/data/news-similarity-train.csv \\
        --write-weights gazette/stories/similarity_weights.py
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gazette.stories import related_evaluation as evaluation
from gazette.stories import similarity

PROGRESS_EVERY = 250


def _figure(value: float) -> str:
    return "nan" if math.isnan(value) else f"{value:.3f}"


class Command(BaseCommand):
    help = (
        "Correlate the related-article similarity with human judgements (CSV with "
        "text1, text2, Overall 1 = very similar .. 4 = very dissimilar, optional "
        "lang1/lang2). Prints Pearson's r of the similarity with 5 - Overall on "
        "English pairs and on all pairs. Touches no database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV file of judged pairs")
        parser.add_argument(
            "--folds",
            type=int,
            metavar="K",
            help="K-fold cross-validation by pair: refit the model on K-1 folds "
            "and score the held-out fold (honest figures on the file the shipped "
            "weights were fitted on)",
        )
        parser.add_argument(
            "--seed", type=int, default=0, help="seed of the fold split (default 0)"
        )
        parser.add_argument(
            "--penalty",
            type=float,
            default=0.3,
            help="ridge penalty of the fits (default 0.3)",
        )
        parser.add_argument(
            "--languages",
            choices=("declared", "guessed"),
            default="declared",
            help="read each text in the language its lang1/lang2 column declares, "
            "as the site reads an article in its edition's language (declared, "
            "the default), or guess every text's language from its script and "
            "frequent words (guessed, as before editions)",
        )
        parser.add_argument(
            "--write-weights",
            type=Path,
            metavar="PATH",
            help="fit the model on every pair of FILE and write it as a Python "
            "module (gazette/stories/similarity_weights.py ships with Gazette)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            pairs = evaluation.read_pairs(path)
        except evaluation.PairsFileError as error:
            raise CommandError(str(error)) from None
        folds = options["folds"]
        if folds is not None and not 2 <= folds <= len(pairs):
            raise CommandError(f"--folds must be between 2 and {len(pairs)}")
        if options["penalty"] < 0:
            raise CommandError("--penalty must not be negative")

        def progress(stage: str, done: int, total: int) -> None:
            if done % PROGRESS_EVERY == 0 or done == total:
                self.stderr.write(f"{stage} {done}/{total}")

        started = time.perf_counter()
        prepared = evaluation.prepare(
            pairs, progress, declared=options["languages"] == "declared"
        )
        prepared_in = time.perf_counter() - started
        if options["write_weights"] is not None:
            self._write_weights(path, prepared, options)
        if folds is not None:
            scores = evaluation.cross_validate(
                prepared,
                folds,
                seed=options["seed"],
                penalty=options["penalty"],
                progress=progress,
            )
            how = (
                f"{folds}-fold cross-validation by pair (seed {options['seed']}): "
                "each pair scored by weights fitted without it"
            )
        else:
            scores = evaluation.score_with(prepared, similarity.default_model())
            how = "the shipped weights (gazette/stories/similarity_weights.py)"
            from gazette.stories import similarity_weights

            if evaluation.file_digest(path) == similarity_weights.FIT_SHA256:
                how += (
                    "; WARNING: this file is the one they were fitted on, so these "
                    "figures are in-sample: use --folds K for held-out figures"
                )
        result = evaluation.report(prepared, scores)
        how += f"; languages {options['languages']}"
        self._print(path, result, how, prepared_in)

    def _write_weights(
        self, path: Path, prepared: evaluation.Prepared, options: dict[str, Any]
    ) -> None:
        model = evaluation.fit_all(prepared, options["penalty"])
        target: Path = options["write_weights"]
        source = evaluation.weights_module(
            model, path.name, evaluation.file_digest(path), len(prepared.pairs)
        )
        try:
            target.write_text(source, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{target}: cannot write: {error.strerror}") from None
        self.stdout.write(
            f"wrote {target}: {len(model.weights)} weights fitted on "
            f"{len(prepared.pairs)} pairs of {path.name}"
        )

    def _print(
        self, path: Path, result: evaluation.Report, how: str, seconds: float
    ) -> None:
        self.stdout.write(
            f"{path}: {result.pairs} pairs, {result.english_pairs} English "
            "(both language columns 'en', or both texts guessed English without them)"
        )
        self.stdout.write(f"model     {how}")
        self.stdout.write(
            "sign      Pearson's r of the similarity with 5 - Overall "
            "(Overall 1 = very similar): positive is good"
        )
        self.stdout.write(
            f"gazette   english={_figure(result.pearson_en)} "
            f"all={_figure(result.pearson_all)}"
        )
        self.stdout.write(
            f"baseline  english={_figure(result.baseline_en)} "
            f"all={_figure(result.baseline_all)} "
            "(TF-IDF cosine of words and names, no learning)"
        )
        languages = ", ".join(
            f"{key} {_figure(r)} ({n})"
            for key, (r, n) in result.by_languages.items()
            if n >= 20
        )
        if languages:
            self.stdout.write(f"languages {languages}")
        rate = result.pairs / max(seconds, 1e-9)
        self.stdout.write(
            f"speed     {rate:.0f} pairs/s profiled and compared ({seconds:.1f} s)"
        )
        self.stdout.write(
            f"pearson_en={_figure(result.pearson_en)} "
            f"pearson_all={_figure(result.pearson_all)}"
        )
