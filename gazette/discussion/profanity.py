"""A second opinion on toxicity: the alt-profanity-check package's model.

alt-profanity-check (MIT) ships a small linear model trained on other data
than Gazette's own classifier (offensive tweets and Wikipedia talk-page
comments), which is why averaging the two measures better than either
(docs/moderation.md). Its own ``predict_prob`` goes through scikit-learn and
costs about 3 ms a comment; here the installed model's numbers are read once
and scored in plain Python, which gives the same probabilities (a test
compares them) in a few hundredths of a millisecond.

Nothing is downloaded: the model comes inside the installed package.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

PACKAGE = "alt-profanity-check"
# scikit-learn's default token pattern, which the package's vectorizer uses.
TOKEN = re.compile(r"(?u)\b\w\w+\b")
# Probabilities are clipped before the log-odds: the package's calibration
# reaches 0 and 1 in floating point for very long, very rude texts.
EPSILON = 1e-6


class Unavailable(RuntimeError):
    """The alt-profanity-check package (or scikit-learn, to read it) is missing."""


@dataclass(frozen=True)
class ProfanityModel:
    """TF-IDF of words, then several linear SVMs each with a sigmoid calibration.

    ``terms`` maps a word to its IDF and its weight in each SVM.
    """

    terms: dict[str, tuple[float, tuple[float, ...]]]
    intercepts: tuple[float, ...]
    calibrations: tuple[tuple[float, float], ...]  # (a, b): 1 / (1 + exp(a d + b))

    def probability(self, text: str) -> float:
        """Return the package's probability that ``text`` is offensive."""
        terms = self.terms
        counts = Counter(t for t in TOKEN.findall(text.lower()) if t in terms)
        weighted = [(count * terms[t][0], terms[t][1]) for t, count in counts.items()]
        norm = math.sqrt(sum(value * value for value, _ in weighted)) or 1.0
        total = 0.0
        for k, (intercept, (a, b)) in enumerate(
            zip(self.intercepts, self.calibrations, strict=True)
        ):
            decision = intercept + sum(v * coef[k] for v, coef in weighted) / norm
            exponent = a * decision + b
            total += 0.0 if exponent > 700 else 1.0 / (1.0 + math.exp(exponent))
        return total / len(self.intercepts)

    def logit(self, text: str) -> float:
        """Return the log-odds of ``probability(text)``, clipped."""
        p = min(max(self.probability(text), EPSILON), 1 - EPSILON)
        return math.log(p / (1 - p))


def _read_package() -> ProfanityModel:
    try:
        from profanity_check import profanity_check as package
    except ImportError as error:
        raise Unavailable(
            f"The {PACKAGE} package is not installed ({error}); "
            f"`pip install {PACKAGE}` or train a model without it."
        ) from None
    vectorizer, model = package.vectorizer, package.model
    idf = vectorizer.idf_
    intercepts, calibrations, coefficients = [], [], []
    for calibrated in model.calibrated_classifiers_:
        svm = calibrated.estimator
        (calibrator,) = calibrated.calibrators
        intercepts.append(float(svm.intercept_[0]))
        calibrations.append((float(calibrator.a_), float(calibrator.b_)))
        coefficients.append(svm.coef_[0])
    terms = {
        str(term): (
            float(idf[column]),
            tuple(float(coef[column]) for coef in coefficients),
        )
        for term, column in vectorizer.vocabulary_.items()
    }
    return ProfanityModel(terms, tuple(intercepts), tuple(calibrations))


@functools.cache
def get_model() -> ProfanityModel:
    """Return the installed package's model, read once; raise Unavailable."""
    return _read_package()
