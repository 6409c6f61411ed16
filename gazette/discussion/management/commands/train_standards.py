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
# The shipped model's thresholds, chosen by --cross-validate (docs/moderation.md).
DEFAULT_THRESHOLDS = "violent=0.7,hate=0.5,abuse=0.5,spam=0.3"


def _thresholds(value: str) -> tuple[tuple[str, float], ...]:
    pairs = []
    for item in filter(None, (part.strip() for part in value.split(","))):
        head, _, number = item.partition("=")
        if head not in learned.HEADS:
            raise CommandError(
                f"--thresholds: unknown head {head!r}; the heads are "
                f"{', '.join(learned.HEADS)}."
            )
        try:
            threshold = float(number)
        except ValueError:
            threshold = -1.0
        if not 0.0 < threshold <= 1.0:
            raise CommandError(
                f"--thresholds: {item!r} needs a number between 0 and 1 (1: the "
                f"head never holds), e.g. {head}=0.6."
            )
        pairs.append((head, threshold))
    return tuple(pairs)


class Command(BaseCommand):
    help = (
        "Train the learned second signal of the community standards (one head "
        "per family: violence, hatred, abuse of people, spam, each against "
        "everything else) from the labelled standards sets, civil-comments' "
        "'Threat' type and calm news prose, and write the model file "
        "gazette.discussion.learned loads (docs/moderation.md). "
        "--cross-validate leaves each set out in turn, prints what each head "
        "flags in it per category and the thresholds it would choose, instead. "
        "Example: gazette train-standards --cross-validate"
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
        parser.add_argument(
            "--threshold",
            type=float,
            default=lt.Options.threshold,
            help="every head's threshold unless --thresholds names it",
        )
        parser.add_argument(
            "--thresholds",
            default=DEFAULT_THRESHOLDS,
            help="per head, e.g. violent=0.6,hate=0.7; default: %(default)s "
            "(the shipped model's, chosen by --cross-validate)",
        )
        parser.add_argument(
            "--max-false-hold",
            type=float,
            nargs="+",
            default=[0.01],
            help="with --cross-validate: each head's bound on the share of "
            "allowed comments it flags, for the thresholds it prints; "
            "default: %(default)s",
        )
        parser.add_argument(
            "--type-weight",
            type=float,
            default=lt.Options.type_weight,
            help="civil-comments' 'Identity based Attack' and 'Insult' types also "
            "train the hate and abuse heads at this weight (0: the violent head "
            "alone learns from civil-comments); default: %(default)s",
        )
        parser.add_argument("--c", type=float, default=lt.Options.c)
        parser.add_argument("--iterations", type=int, default=lt.Options.iterations)
        parser.add_argument(
            "--no-char-grams",
            action="store_true",
            help="read words, cues and word classes only, not character "
            "n-grams (cheaper to score)",
        )
        parser.add_argument(
            "--toxicity-feature",
            action="store_true",
            help="also read the toxicity classifier's score (a feature)",
        )
        parser.add_argument(
            "--folds",
            nargs="+",
            help="with --cross-validate: the groups of sets left out together, "
            "each a set's name or several joined by + (default: each set alone), "
            "e.g. standards-own-15 standards-dev+standards-own-2",
        )
        parser.add_argument(
            "--save-folds",
            type=Path,
            help="with --cross-validate: write each fold's model in this "
            "directory (without-<group>.json.gz)",
        )
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
        if options["type_weight"] < 0:
            raise CommandError("--type-weight must be 0 or more, e.g. 0.3.")
        opts = lt.Options(
            c=options["c"],
            type_weight=options["type_weight"],
            iterations=options["iterations"],
            threshold=threshold,
            thresholds=_thresholds(options["thresholds"] or ""),
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
        data = lt.Featurised(
            examples,
            say,
            char_grams=not options["no_char_grams"],
            toxicity_feature=options["toxicity_feature"],
        )
        try:
            if options["cross_validate"]:
                groups = options["folds"] or list(sets)
                unknown = {n for g in groups for n in g.split("+")} - set(sets)
                if unknown:
                    raise CommandError(
                        f"--folds: no set named {', '.join(sorted(unknown))}; the "
                        f"sets are {', '.join(sets)}."
                    )
                self._cross_validate(
                    data, groups, opts, options["max_false_hold"], options["save_folds"]
                )
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
        cuts = ", ".join(
            f"{h} {t}" for h, t in zip(model["heads"], model["thresholds"], strict=True)
        )
        say(
            f"Wrote {options['output']} ({size / 1024:.0f} KiB, "
            f"{len(model['weights']):,} weights; thresholds {cuts})."
        )
        say(
            f"summary: trained on {trained['texts']:,} texts "
            f"({trained['violent']:,} violent) from {len(sets)} standards sets in "
            f"{trained['seconds']:.0f} s; {len(model['weights']):,} weights; holds "
            f"from {cuts}."
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
            examples += lt.read_typed_comments(
                options["comments"], opts.threat_weight, opts.type_weight
            )
        calm: list[str] = []
        for path in options["calm"] or ():
            calm += [e.text for e in datasets.read_civil(path)]
        calm = lt.sample(calm, CALM_LIMIT)
        if str(options["tweets"]) != "none":
            tweets = datasets.read_davidson(options["tweets"])
            calm += [e.text for e in tweets if e.label == 0]
        examples += lt.calm_examples(calm, opts.calm_weight)
        return examples, sets

    def _cross_validate(self, data, groups, opts, max_false_hold, save):
        out = self.stdout.write
        folds = lt.cross_validate(data, groups, opts, out)
        heads = data.heads(opts)
        cuts = {h: opts.threshold_of(h) for h in heads}
        self._report(folds, heads, cuts, "given")
        for bound in max_false_hold:
            chosen = lt.choose_thresholds(folds, heads, bound)
            self._report(folds, heads, chosen, "chosen")
            out(
                f"chosen thresholds (each head's allowed flags <= {bound}): "
                + ",".join(f"{h}={t}" for h, t in chosen.items())
            )
        if save:
            save.mkdir(parents=True, exist_ok=True)
            for fold in folds:
                if fold.model is None:
                    continue
                path = save / f"without-{fold.group}.json.gz"
                training.save(lt.model_data(fold.model, data, opts), path)
                out(f"Wrote {path} (the model that scored {fold.group}).")
        violent, allowed = self._totals(folds, heads, cuts)
        out(f"violent_recall={violent:.3f} false_hold={allowed:.3f}")

    def _flagged(self, score, heads, thresholds):
        return next((h for h in heads if score.get(h, 0.0) >= thresholds[h]), None)

    def _report(self, folds, heads, thresholds, title):
        out = self.stdout.write
        total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for fold in folds:
            for score, category in zip(fold.scores, fold.categories, strict=True):
                tally = total[category or "allowed"]
                tally[0] += self._flagged(score, heads, thresholds) is not None
                tally[1] += 1
        cuts = ", ".join(f"{h} {thresholds[h]}" for h in heads)
        out(f"All groups left out in turn, {title} thresholds ({cuts}):")
        for name, (flagged, n) in sorted(total.items()):
            out(f"  {name:<24}{f'{flagged}/{n}':>9}{flagged / n:>8.3f}")
        violating = [t for name, t in total.items() if name != "allowed"]
        recall = sum(t[0] for t in violating) / max(1, sum(t[1] for t in violating))
        allowed = total.get("allowed", [0, 0])
        out(
            f"  all violations {recall:.3f}, allowed flagged "
            f"{allowed[0] / max(1, allowed[1]):.3f}"
        )

    def _totals(self, folds, heads, thresholds):
        violent = [0, 0]
        allowed = [0, 0]
        for fold in folds:
            for score, category in zip(fold.scores, fold.categories, strict=True):
                flagged = self._flagged(score, heads, thresholds) is not None
                if category in lt.VIOLENT:
                    violent[0] += flagged
                    violent[1] += 1
                elif not category:
                    allowed[0] += flagged
                    allowed[1] += 1
        return violent[0] / max(1, violent[1]), allowed[0] / max(1, allowed[1])
