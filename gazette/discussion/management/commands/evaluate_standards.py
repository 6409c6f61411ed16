"""``gazette evaluate-standards``: measure the community standards on a labelled set."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gazette.discussion import datasets, evaluation, learned, standards, toxicity
from gazette.discussion.policy import policy_from_settings


class Command(BaseCommand):
    help = (
        "Decide every comment of a CSV file (columns id, text, label violates/"
        "allowed, category) as the site does for a new reader with the current "
        "settings, and print the share of 'violates' held or rejected (recall) "
        "and of 'allowed' held or rejected (false holds), overall and per "
        "category, and the time per comment. The last line reads "
        "recall=0.XXX false_hold=0.XXX p99_ms=N. Example: gazette "
        "evaluate-standards ../shared/data/standards-dev.csv"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV with id,text,label,category")
        parser.add_argument(
            "--misses",
            action="store_true",
            help="also list the comments decided against their label",
        )
        parser.add_argument(
            "--learned",
            choices=["on", "off"],
            help="turn the learned second signal on or off for this run; "
            "default: GAZETTE_MODERATION_LEARNED",
        )
        parser.add_argument(
            "--learned-model",
            type=Path,
            help="the learned signal's model file for this run (turns it on); "
            "default: the shipped one",
        )

    def handle(self, *args, **options):
        try:
            rows = datasets.read_standards(options["file"])
        except datasets.DataError as error:
            raise CommandError(str(error)) from None
        try:
            model = toxicity.get_model()
        except toxicity.ModelError as error:
            raise CommandError(str(error)) from None
        policy = policy_from_settings()
        if options["learned"] == "off":
            policy = replace(policy, learned_hold=None)
        elif options["learned"] == "on" or options["learned_model"]:
            try:
                chosen = learned.get_model(options["learned_model"])
            except learned.ModelError as error:
                raise CommandError(str(error)) from None
            policy = replace(policy, learned_hold=chosen.holds)

        def decide(text: str) -> str:
            # What services._judge does for a new reader: no recent comments,
            # standing 0, an open discussion.
            verdict = standards.check_comment(
                text, toxicity=model.score(text), standing=0, policy=policy
            )
            return verdict.outcome

        decide("Warming up the model.")
        out_learned = "on" if policy.learned_hold is not None else "off"
        result = evaluation.evaluate_standards(
            [(r.key, r.text, r.violates, r.category) for r in rows],
            decide,
            progress=self._progress,
        )
        out = self.stdout.write
        out(f"comments: {len(rows)} (learned second signal {out_learned})")
        out(f"{'category':<24}{'label':<10}{'flagged':>9}{'share':>8}")
        for count in result.categories:
            label = "violates" if count.violates else "allowed"
            out(
                f"{count.category:<24}{label:<10}"
                f"{f'{count.flagged}/{count.total}':>9}{count.share:>8.3f}"
            )
        out(
            f"time a comment: median {result.percentile_ms(50):.2f} ms, "
            f"p99 {result.percentile_ms(99):.2f} ms, "
            f"max {result.percentile_ms(100):.2f} ms"
        )
        if options["misses"]:
            for key, category, outcome, text in result.misses:
                out(f"  {key} [{category}] {outcome}: {text}")
        out(
            f"summary: {len(rows)} comments; violations held or rejected "
            f"{result.recall:.1%}, allowed comments held or rejected "
            f"{result.false_hold:.1%}; p99 {result.percentile_ms(99):.2f} ms a comment"
        )
        out(result.summary_line())

    def _progress(self, done: int, total: int) -> None:
        # On stderr: stdout's last line stays the machine-readable one.
        self.stderr.write(f"decided {done:,} of {total:,} comments", ending="\r")
        if done == total:
            self.stderr.write("")
