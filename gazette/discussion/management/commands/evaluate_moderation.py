"""``gazette evaluate-moderation``: measure the toxicity classifier on a CSV."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gazette.discussion import datasets, evaluation, toxicity
from gazette.discussion.policy import policy_from_settings


class Command(BaseCommand):
    help = (
        "Score every comment of a CSV file (columns text and toxic, 1 or 0; other "
        "columns ignored) and print ROC AUC, precision, recall and F1 at the "
        "configured hold threshold, macro-F1 and comments per second. The last "
        "line reads roc_auc=0.XXX macro_f1=0.XXX comments_per_s=N. Example: "
        "gazette evaluate-moderation var/holdout.csv"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV with text,toxic columns")
        parser.add_argument(
            "--model",
            type=Path,
            help="model file to measure; default: the shipped one",
        )
        parser.add_argument(
            "--threshold",
            type=float,
            help="toxic at or above this score; default: "
            "GAZETTE_MODERATION_HOLD_THRESHOLD",
        )

    def handle(self, *args, **options):
        threshold = options["threshold"]
        if threshold is None:
            threshold = policy_from_settings().hold_threshold
        if not 0 <= threshold <= 1:
            raise CommandError(f"--threshold {threshold} must be between 0 and 1.")
        try:
            examples = datasets.read_labelled(options["file"])
        except datasets.DataError as error:
            raise CommandError(str(error)) from None
        labels = [e.label for e in examples]
        if len(set(labels)) < 2:
            raise CommandError(
                f"{options['file']}: every comment is labelled {labels[0]}; ROC AUC "
                "and macro-F1 need toxic (1) and non-toxic (0) comments."
            )
        try:
            model = toxicity.get_model(options["model"])
        except toxicity.ModelError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Scoring {len(examples):,} comments...")
        result = evaluation.evaluate(
            [e.text for e in examples],
            labels,
            model.score,
            threshold,
            progress=self._progress,
        )
        out = self.stdout.write
        out(f"comments: {result.comments:,} ({result.toxic:,} toxic)")
        out(f"ROC AUC: {result.roc_auc:.3f}")
        out(f"threshold: {threshold:.2f} (toxic at or above)")
        for name, scores in (
            ("toxic", result.toxic_class),
            ("civil", result.civil_class),
        ):
            out(
                f"{name}: precision {scores.precision:.3f}  recall "
                f"{scores.recall:.3f}  F1 {scores.f1:.3f}  "
                f"({scores.support:,} comments)"
            )
        out(f"macro-F1: {result.macro_f1:.3f}")
        out(
            f"speed: {result.comments_per_second:,.0f} comments/s "
            f"({1000 / max(result.comments_per_second, 1e-9):.2f} ms a comment, "
            "CPU time, one core)"
        )
        out(result.summary_line())

    def _progress(self, done: int, total: int) -> None:
        # On stderr: stdout's last line stays the machine-readable one.
        self.stderr.write(f"scored {done:,} of {total:,} comments", ending="\r")
        if done == total:
            self.stderr.write("")
