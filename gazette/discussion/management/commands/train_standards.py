"""``gazette train-standards``: train the learned second signal or cross-validate it."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gazette.discussion import datasets, learned, training
from gazette.discussion import learned_training as lt

DEFAULT_DATA = settings.BASE_DIR.parent.parent / "shared" / "data"
DEFAULT_SETS = [DEFAULT_DATA / "standards-dev.csv"] + sorted(
    (settings.BASE_DIR.parent / "tests" / "data").glob("standards-own*.csv")
)
CALM_LIMIT = 6000  # wikinews paragraphs kept (a stable sample)


class Command(BaseCommand):
    help = (
        "Train the learned second signal of the community standards (threats, "
        "wishes of harm and incitement against everything else) from the labelled "
        "standards sets, civil-comments' 'Threat' type and calm news prose, and "
        "write the model file gazette.discussion.learned loads "
        "(docs/moderation.md). --cross-validate leaves each set out in turn and "
        "prints what the model flags in it, per category, instead. Example: "
        "gazette train-standards --cross-validate"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sets",
            type=Path,
            nargs="+",
            default=DEFAULT_SETS,
            help="standards CSVs (id,text,label,category), each one group; "
            "default: standards-dev.csv and tests/data/standards-own*.csv",
        )
        parser.add_argument(
            "--comments",
            type=Path,
            default=DEFAULT_DATA / "civil-comments-train.csv",
            help="civil-comments CSV with text,types ('none' for none); "
            "default: %(default)s",
        )
        parser.add_argument(
            "--calm",
            type=Path,
            nargs="*",
            default=sorted((DEFAULT_DATA / "wikinews").glob("wikinews_*.csv")),
            help="CSVs of calm prose (text column); default: the wikinews files",
        )
        parser.add_argument(
            "--tweets",
            type=Path,
            default=DEFAULT_DATA / "davidson-hate-offensive.csv",
            help="Davidson's tweets; the 'neither' ones are calm examples "
            "('none' for none); default: %(default)s",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=learned.DEFAULT_MODEL,
            help="where to write the model; default: the shipped model file",
        )
        parser.add_argument("--threshold", type=float, default=lt.Options.threshold)
        parser.add_argument("--c", type=float, default=lt.Options.c)
        parser.add_argument("--iterations", type=int, default=lt.Options.iterations)
        parser.add_argument(
            "--cross-validate",
            action="store_true",
            help="leave each set out in turn and print what is flagged; "
            "writes no model",
        )

    def handle(self, *args, **options):
        threshold = options["threshold"]
        if not 0.0 < threshold < 1.0:
            raise CommandError(f"--threshold {threshold} must be between 0 and 1.")
        if options["c"] <= 0 or options["iterations"] < 1:
            raise CommandError("--c must be above 0 and --iterations at least 1.")
        opts = lt.Options(
            c=options["c"], iterations=options["iterations"], threshold=threshold
        )
        say = self.stdout.write
        try:
            examples, sets = self._examples(options, opts)
        except datasets.DataError as error:
            raise CommandError(str(error)) from None
        say(
            f"{len(examples):,} texts, {sum(e.label for e in examples):,} violent; "
            f"{len(sets)} standards sets."
        )
        data = lt.Featurised(examples, say)
        try:
            if options["cross_validate"]:
                self._cross_validate(data, sets, opts)
                return
            model = lt.train(data, opts, say)
        except ValueError as error:
            raise CommandError(str(error)) from None
        try:
            size = training.save(model, options["output"])
        except OSError as error:
            raise CommandError(
                f"{options['output']}: cannot write the model ({error.strerror})."
            ) from None
        trained = model["trained"]
        say(
            f"Wrote {options['output']} ({size / 1024:.0f} KiB, "
            f"{len(model['weights']):,} weights, threshold {threshold})."
        )
        say(
            f"summary: trained on {trained['texts']:,} texts "
            f"({trained['violent']:,} violent) from {len(sets)} standards sets in "
            f"{trained['seconds']:.0f} s; {len(model['weights']):,} weights; holds "
            f"a targeted comment from {threshold}."
        )

    def _examples(self, options, opts):
        examples: list[lt.Example] = []
        sets: dict[str, list[datasets.StandardsRow]] = {}
        for path in options["sets"]:
            rows = datasets.read_standards(path)
            name = path.stem
            sets[name] = rows
            examples += lt.standards_examples(name, rows, opts.set_weight)
        if str(options["comments"]) != "none":
            examples += lt.read_typed_comments(options["comments"], opts.threat_weight)
        calm: list[str] = []
        for path in options["calm"] or ():
            calm += [e.text for e in datasets.read_civil(path)]
        calm = lt.sample(calm, CALM_LIMIT)
        if str(options["tweets"]) != "none":
            tweets = datasets.read_davidson(options["tweets"])
            calm += [e.text for e in tweets if e.label == 0]
        examples += lt.calm_examples(calm, opts.calm_weight)
        return examples, sets

    def _cross_validate(self, data, sets, opts):
        out = self.stdout.write
        folds = lt.cross_validate(data, list(sets), opts, out)
        total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for fold in folds:
            counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for row, p, aimed in zip(
                sets[fold.group], fold.probabilities, fold.targeted, strict=True
            ):
                name = row.category if row.violates else "allowed"
                flagged = p >= opts.threshold and aimed
                for tally in (counts[name], total[name]):
                    tally[0] += flagged
                    tally[1] += 1
            out(f"{fold.group} left out, flagged at {opts.threshold}:")
            for name, (flagged, n) in sorted(counts.items()):
                out(f"  {name:<24}{f'{flagged}/{n}':>9}")
        violent = [total[c] for c in lt.VIOLENT if c in total]
        recall = sum(t[0] for t in violent) / max(1, sum(t[1] for t in violent))
        allowed = total.get("allowed", [0, 0])
        out(
            f"violent_recall={recall:.3f} "
            f"false_hold={allowed[0] / max(1, allowed[1]):.3f}"
        )
