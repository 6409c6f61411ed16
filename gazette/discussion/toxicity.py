"""Score a comment's toxicity, 0 to 1, on the newsroom's own machine.

The model is a file of feature weights shipped in the package
(``model/toxicity.json.gz``, written by ``gazette train-moderation``); it is
read once, on first use, and scored in pure Python: no network, no numpy.
Scores are calibrated so that 0.5 is the cut that best separates toxic from
civil comments on the training data (``docs/moderation.md``).
"""

from __future__ import annotations

import functools
import gzip
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gazette.discussion import features

DEFAULT_MODEL = Path(__file__).resolve().parent / "model" / "toxicity.json.gz"
MODEL_FORMAT = "gazette-toxicity"


class ModelError(RuntimeError):
    """The model file is missing or not one ``train-moderation`` wrote."""


@dataclass(frozen=True)
class Model:
    """Weights of a trained classifier."""

    weights: dict[str, float]
    bias: float
    offset: float  # the logit of the decision threshold, subtracted
    trained: dict[str, Any]
    slope: float = 1.0  # stretches the shrunk logits to fit the labels

    def logit(self, text: str) -> float:
        """Return the calibrated log-odds that ``text`` is toxic."""
        weights = self.weights
        total = self.bias - self.offset
        for key, value in features.extract(text).items():
            weight = weights.get(key)
            if weight is not None:
                total += weight * value
        return self.slope * total

    def score(self, text: str) -> float:
        """Return the calibrated toxicity of ``text``, 0 to 1."""
        z = self.logit(text)
        if z < -35:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


def load(path: Path | str) -> Model:
    """Read a model file (gzipped or plain JSON); raise ModelError if unusable."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ModelError(
            f"{path}: cannot read the toxicity model ({error.strerror}); "
            "train one with `gazette train-moderation`."
        ) from None
    try:
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        data = json.loads(raw)
    except (OSError, EOFError, ValueError) as error:
        raise ModelError(f"{path}: not a toxicity model ({error}).") from None
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise ModelError(f"{path}: not a toxicity model written by train-moderation.")
    try:
        return Model(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            offset=float(data.get("offset", 0.0)),
            trained=dict(data.get("trained", {})),
            slope=float(data.get("slope", 1.0)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ModelError(f"{path}: incomplete toxicity model ({error!r}).") from None


@functools.lru_cache(maxsize=4)
def _cached(path: str) -> Model:
    return load(path)


def get_model(path: Path | str | None = None) -> Model:
    """Return the model at ``path`` (default: the shipped one), loaded once."""
    return _cached(str(Path(path or DEFAULT_MODEL).resolve()))


def score(text: str) -> float:
    """Return the toxicity of ``text``, 0 to 1, from the shipped model."""
    return get_model().score(text)
