"""Does a packaged sentence encoder earn its cost for the community standards?

An experiment, not part of the posting path (issue 17). Run with
``.venv/bin/python bench/standards_encoder.py`` (about a minute) after
``.venv/bin/pip install wordllama`` (not a project dependency).

Every comment of the labelled sets (``../shared/data/standards-dev.csv`` and
``tests/data/standards-own*.csv``, columns ``id,text,label,category``) is
embedded with WordLlama's default small model (``l2_supercat``, 256
dimensions, its weights and tokenizer inside the wheel; loaded with downloads
disabled) and a logistic regression is trained on the embeddings.

(a) Leave one set out: train on every set but one, test on that one. The
encoder's threshold is picked on the training sets only, on out-of-fold
scores (5-fold cross-validation inside the training sets, so that the
training comments' own scores do not flatter it), as the lowest threshold
whose false holds stay at or under ``--max-false-hold`` (0.03). Printed per
held-out set: the grammar alone (``standards.check_comment`` with the
settings' policy, exactly as ``gazette evaluate-standards`` decides a comment
for a new reader), the encoder alone, and "grammar OR encoder" (whose
threshold is picked so that the combined false holds on the training sets
stay under the same bound). ``--extra FILE.csv`` (repeatable) adds sets that
are only tested, by a model trained on all the labelled sets.

(b) The time per comment of embedding plus scoring (one comment at a time,
process CPU time), median and p99, for short comments and for long ones
(500 characters or more). (c) The process's resident memory before and after
loading the model, and the installed size of wordllama and the packages it
brings. The last line is for machines.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.test")

SHARED_DEV = ROOT.parent / "shared" / "data" / "standards-dev.csv"
OWN_SETS = sorted((ROOT / "tests" / "data").glob("standards-own*.csv"))
LONG = 500  # characters: a "long" comment


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _installed_mb(name: str) -> float:
    dist = importlib.metadata.distribution(name)
    total = 0
    for file in dist.files or ():
        path = Path(str(dist.locate_file(file)))
        if path.is_file():
            total += path.stat().st_size
    return total / 1e6


def _requirements(name: str, seen: set[str]) -> None:
    """Collect ``name`` and what it requires (without extras), recursively."""
    key = name.lower().replace("_", "-")
    if key in seen:
        return
    try:
        dist = importlib.metadata.distribution(key)
    except importlib.metadata.PackageNotFoundError:
        return
    seen.add(key)
    for requirement in dist.requires or ():
        if "extra ==" in requirement:
            continue
        bare = requirement.split(";")[0].strip()
        for stop in "<>=!~[ (":
            bare = bare.split(stop)[0]
        _requirements(bare, seen)


@dataclass
class LabelledSet:
    name: str
    texts: list[str]
    violates: list[bool]
    categories: list[str]
    grammar: list[bool]  # held or rejected by the grammar's decision
    vectors: object = None  # numpy array, filled in later


def _rates(flagged: Sequence[bool], violates: Sequence[bool]) -> tuple[float, float]:
    """(recall of violations, share of allowed comments flagged)."""
    hits = sum(1 for f, v in zip(flagged, violates, strict=True) if f and v)
    false = sum(1 for f, v in zip(flagged, violates, strict=True) if f and not v)
    positives = sum(violates)
    negatives = len(violates) - positives
    return (
        hits / positives if positives else float("nan"),
        false / negatives if negatives else float("nan"),
    )


def _pick_threshold(
    scores: Sequence[float],
    violates: Sequence[bool],
    already: Sequence[bool],
    max_false_hold: float,
) -> float:
    """The lowest threshold at which ``already OR score >= t`` keeps false holds
    at or under ``max_false_hold`` (1.01, never firing, when none does)."""
    allowed = [i for i, v in enumerate(violates) if not v]
    budget = int(max_false_hold * len(allowed))
    base = sum(1 for i in allowed if already[i])
    if base > budget:
        return 1.01
    # Allowed comments the encoder alone would add, highest score first.
    extra = sorted((scores[i] for i in allowed if not already[i]), reverse=True)
    room = budget - base
    if room >= len(extra):
        return 0.0
    # Fire strictly above the (room+1)-th highest allowed score.
    return float(extra[room]) + 1e-9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        help="a further id,text,label,category CSV, only tested (repeatable)",
    )
    parser.add_argument(
        "--misses",
        action="store_true",
        help="list the --extra sets' comments decided against their label, "
        "with the encoder's score",
    )
    parser.add_argument("--max-false-hold", type=float, default=0.03)
    parser.add_argument("--c", type=float, default=4.0, help="inverse regularisation")
    args = parser.parse_args()

    try:
        import numpy as np
        import wordllama
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import roc_auc_score
        from sklearn.model_selection import cross_val_predict
    except ImportError as error:
        sys.exit(
            f"bench/standards_encoder.py needs wordllama and scikit-learn ({error}).\n"
            "It is an experiment outside the project's dependencies; install "
            "them with: .venv/bin/pip install wordllama scikit-learn"
        )
    import django

    django.setup()
    from gazette.discussion import datasets, standards, toxicity
    from gazette.discussion.policy import policy_from_settings

    files = [SHARED_DEV, *OWN_SETS]
    for path in [*files, *args.extra]:
        if not path.exists():
            sys.exit(f"{path}: no such file.")

    # The grammar (plus the classifier and the learned signal, as the site runs
    # them for a new reader) decides every comment once.
    model = toxicity.get_model()
    policy = policy_from_settings()

    def decide(text: str) -> bool:
        verdict = standards.check_comment(
            text, toxicity=model.score(text), standing=0, policy=policy
        )
        return verdict.outcome != "publish"

    def read(path: Path) -> LabelledSet:
        rows = datasets.read_standards(path)
        grammar = []
        for done, row in enumerate(rows, 1):
            grammar.append(decide(row.text))
            if done % 50 == 0 or done == len(rows):
                print(f"  {path.name}: grammar decided {done}/{len(rows)}", end="\r")
        print()
        return LabelledSet(
            path.stem,
            [r.text for r in rows],
            [r.violates for r in rows],
            [r.category for r in rows],
            grammar,
        )

    print("deciding every comment with the grammar ...")
    sets = [read(path) for path in files]
    extras = [read(path) for path in args.extra]

    rss_before = _rss_mb()
    started = time.perf_counter()
    package = Path(wordllama.__file__).resolve().parent
    # WordLlama.load() with no arguments looks for the tokenizer under
    # wordllama/tokenizer/ while the wheel ships it under wordllama/tokenizers/,
    # so it tries Hugging Face. Pointing the cache at the package itself finds
    # both files in the wheel; disable_download makes any miss an error.
    encoder = wordllama.WordLlama.load(cache_dir=package, disable_download=True)
    load_s = time.perf_counter() - started
    rss_loaded = _rss_mb()

    def embed(texts: Sequence[str]):
        return np.asarray(encoder.embed(list(texts), norm=True), dtype=np.float32)

    for labelled in [*sets, *extras]:
        labelled.vectors = embed(labelled.texts)

    def train(train_sets: Sequence[LabelledSet]):
        x = np.vstack([s.vectors for s in train_sets])
        y = np.array([v for s in train_sets for v in s.violates], dtype=int)
        grammar = [g for s in train_sets for g in s.grammar]
        clf = LogisticRegression(C=args.c, class_weight="balanced", max_iter=2000)
        oof = cross_val_predict(clf, x, y, cv=5, method="predict_proba")[:, 1]
        clf.fit(x, y)
        labels = [bool(v) for v in y]
        alone = _pick_threshold(oof, labels, [False] * len(labels), args.max_false_hold)
        combined = _pick_threshold(oof, labels, grammar, args.max_false_hold)
        # A grey zone: the threshold at which the encoder alone would send 10%
        # of allowed comments to a moderator's queue.
        grey[0] = _pick_threshold(oof, labels, [False] * len(labels), 0.10)
        return clf, alone, combined

    grey = [1.01]

    header = (
        f"{'held-out set':<22}{'n':>5}  {'grammar R/FH':>13}  "
        f"{'encoder R/FH':>13}  {'OR R/FH':>13}  {'t_enc':>6} {'t_or':>6}"
        f"  {'AUC':>5}  {'misses caught':>13}  {'grey R/FH':>11}"
    )

    def row(labelled: LabelledSet, clf, alone: float, combined: float):
        scores = clf.predict_proba(labelled.vectors)[:, 1]
        enc = [bool(s >= alone) for s in scores]
        both = [
            g or bool(s >= combined)
            for g, s in zip(labelled.grammar, scores, strict=True)
        ]
        g = _rates(labelled.grammar, labelled.violates)
        e = _rates(enc, labelled.violates)
        o = _rates(both, labelled.violates)
        gz = _rates([bool(s >= grey[0]) for s in scores], labelled.violates)
        misses = [
            i
            for i, (gr, v) in enumerate(
                zip(labelled.grammar, labelled.violates, strict=True)
            )
            if v and not gr
        ]
        caught = sum(1 for i in misses if both[i])
        try:
            auc = f"{roc_auc_score(labelled.violates, scores):.3f}"
        except ValueError:
            auc = "  -  "
        print(
            f"{labelled.name:<22}{len(labelled.texts):>5}  "
            f"{g[0]:.3f}/{g[1]:.3f}  {e[0]:.3f}/{e[1]:.3f}  {o[0]:.3f}/{o[1]:.3f}  "
            f"{alone:6.3f} {combined:6.3f}  {auc:>5}  "
            f"{f'{caught}/{len(misses)}':>13}  {gz[0]:.3f}/{gz[1]:.3f}"
        )
        return enc, both

    pooled: dict[str, list[bool]] = {"violates": [], "grammar": [], "enc": [], "or": []}
    categories: list[str] = []

    def pool(labelled: LabelledSet, enc: list[bool], both: list[bool]) -> None:
        pooled["violates"] += labelled.violates
        pooled["grammar"] += labelled.grammar
        pooled["enc"] += enc
        pooled["or"] += both
        categories.extend(labelled.categories)

    print(
        f"\n(a) leave one set out; recall/false holds; encoder thresholds from "
        "out-of-fold scores on the training sets "
        f"(false holds <= {args.max_false_hold})"
    )
    print(header)
    for index, held in enumerate(sets):
        clf, alone, combined = train([s for i, s in enumerate(sets) if i != index])
        enc, both = row(held, clf, alone, combined)
        pool(held, enc, both)
    names = ("grammar", "enc", "or")
    overall = {n: _rates(pooled[n], pooled["violates"]) for n in names}
    print(
        f"{'pooled':<22}{len(pooled['violates']):>5}  "
        + "  ".join(f"{overall[n][0]:.3f}/{overall[n][1]:.3f}" for n in names)
    )

    # Which categories the encoder adds to the grammar, pooled over the folds.
    print("\nviolations per category, pooled held-out: grammar / grammar OR encoder")
    for category in sorted(set(categories)):
        idx = [
            i
            for i, c in enumerate(categories)
            if c == category and pooled["violates"][i]
        ]
        if not idx:
            continue
        g = sum(pooled["grammar"][i] for i in idx)
        o = sum(pooled["or"][i] for i in idx)
        print(f"  {category:<24}{g:>4}/{len(idx):<4} -> {o:>4}/{len(idx)}")

    extra_line = ""
    if extras:
        clf, alone, combined = train(sets)
        print("\n(a') extra sets, tested only (trained on every labelled set)")
        print(header)
        found: dict[str, list[bool]] = {
            "violates": [],
            "grammar": [],
            "enc": [],
            "or": [],
        }
        for labelled in extras:
            enc, both = row(labelled, clf, alone, combined)
            found["violates"] += labelled.violates
            found["grammar"] += labelled.grammar
            found["enc"] += enc
            found["or"] += both
            if args.misses:
                scores = clf.predict_proba(labelled.vectors)[:, 1]
                for i, text in enumerate(labelled.texts):
                    if both[i] != labelled.violates[i] or (
                        labelled.violates[i] and not labelled.grammar[i]
                    ):
                        who = "grammar" if labelled.grammar[i] else "encoder"
                        verdict = "held" if both[i] else "missed"
                        if labelled.violates[i] and not labelled.grammar[i] and both[i]:
                            verdict = "caught by the encoder"
                        elif both[i] and not labelled.violates[i]:
                            verdict = f"false hold ({who})"
                        print(
                            f"    [{labelled.categories[i]}] {verdict}, "
                            f"encoder {scores[i]:.2f}: {text[:100]}"
                        )
        ex = {n: _rates(found[n], found["violates"]) for n in names}
        print(
            f"{'extra, pooled':<22}{len(found['violates']):>5}  "
            + "  ".join(f"{ex[n][0]:.3f}/{ex[n][1]:.3f}" for n in names)
        )
        extra_line = (
            f" extra_grammar_recall={ex['grammar'][0]:.3f} "
            f"extra_or_recall={ex['or'][0]:.3f} extra_or_false_hold={ex['or'][1]:.3f}"
        )

    # (b) time per comment: embed one comment, score it, as a request would.
    clf, alone, combined = train(sets)
    weights = clf.coef_[0].astype(np.float32)
    bias = float(clf.intercept_[0])

    def score_one(text: str) -> float:
        vector = encoder.embed([text], norm=True)[0]
        return 1.0 / (1.0 + float(np.exp(-(float(vector @ weights) + bias))))

    texts = [t for s in sets for t in s.texts]
    short = [t for t in texts if len(t) < LONG]
    long_texts = [t for t in texts if len(t) >= LONG]
    # Long comments the sets lack: runs of consecutive comments joined, 500 to
    # about 3,000 characters, and the longest comment the site accepts.
    for start in range(0, len(texts) - 40, 7):
        joined = ""
        for text in texts[start : start + 40]:
            joined = f"{joined} {text}".strip()
            if len(joined) >= LONG + 300 * (start % 9):
                break
        if len(joined) >= LONG:
            long_texts.append(joined)
    long_texts.append("word " * 600)
    score_one("Warming up.")
    timing: dict[str, list[float]] = {}
    clock = time.process_time
    for name, group in (("short", short), ("long", long_texts)):
        spent = []
        for _ in range(3):
            for text in group:
                began = clock()
                score_one(text)
                spent.append((clock() - began) * 1000)
        timing[name] = spent
    print("\n(b) embedding + scoring one comment at a time, process CPU time")
    for name, spent in timing.items():
        group = short if name == "short" else long_texts
        print(
            f"  {name:<6}{len(group):>5} comments x3  mean length "
            f"{statistics.mean(len(t) for t in group):,.0f} chars  "
            f"median {statistics.median(spent):.3f} ms  "
            f"p99 {_percentile(spent, 0.99):.3f} ms  worst {max(spent):.3f} ms"
        )

    seen: set[str] = set()
    _requirements("wordllama", seen)
    ours: set[str] = set()
    _requirements("gazette", ours)  # the project's own runtime closure
    sizes = {name: _installed_mb(name) for name in sorted(seen - ours)}
    print("\n(c) memory and size")
    print(
        f"  RSS {rss_before:.0f} MB before loading the encoder, {rss_loaded:.0f} MB "
        f"after ({rss_loaded - rss_before:+.0f} MB), {_rss_mb():.0f} MB at the end; "
        f"load {load_s * 1000:.0f} ms"
    )
    print(
        "  installed by wordllama beyond the project's own dependencies: "
        + ", ".join(f"{name} {mb:.1f} MB" for name, mb in sizes.items())
        + f"; total {sum(sizes.values()):.1f} MB"
    )
    p99 = max(_percentile(timing["short"], 0.99), _percentile(timing["long"], 0.99))
    print(
        f"summary: pooled held-out recall grammar {overall['grammar'][0]:.3f}, "
        f"encoder {overall['enc'][0]:.3f}, grammar OR encoder {overall['or'][0]:.3f} "
        f"(false holds {overall['grammar'][1]:.3f}, {overall['enc'][1]:.3f}, "
        f"{overall['or'][1]:.3f}); p99 {p99:.2f} ms a comment; "
        f"+{rss_loaded - rss_before:.0f} MB RSS; "
        f"{sizes.get('wordllama', 0):.0f} MB installed wheel"
    )
    print(
        f"loso_grammar_recall={overall['grammar'][0]:.3f} "
        f"loso_enc_recall={overall['enc'][0]:.3f} "
        f"loso_or_recall={overall['or'][0]:.3f} "
        f"loso_or_false_hold={overall['or'][1]:.3f} p99_ms={p99:.2f}" + extra_line
    )


if __name__ == "__main__":
    main()
