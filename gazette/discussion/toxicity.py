"""Score a comment's toxicity, 0 to 1, on the newsroom's own machine.

The model is a file of feature weights shipped in the package
(``model/toxicity.json.gz``, written by ``gazette train-moderation``); it is
read once, on first use, and scored in pure Python: no network. Its log-odds
are averaged with those of alt-profanity-check's model (``profanity.py``,
also scored in pure Python) when the file says so. Scores are calibrated so
that 0.5 is the cut that best separates toxic from civil comments on the
training data (``docs/moderation.md``).
"""

from __future__ import annotations

import functools
import gzip
import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gazette.discussion import features, profanity

logger = logging.getLogger(__name__)

DEFAULT_MODEL = Path(__file__).resolve().parent / "model" / "toxicity.json.gz"
MODEL_FORMAT = "gazette-toxicity"


class ModelError(RuntimeError):
    """The model file is missing or not one ``train-moderation`` wrote."""


@dataclass(frozen=True)
class Blend:
    """How the model's own log-odds are averaged with a second model's.

    Both are put on one scale first (minus their mean on the training
    comments, over their spread) and averaged with ``weight`` on the other.
    """

    weight: float
    ours: tuple[float, float]  # mean and standard deviation of our logits
    other: tuple[float, float]  # the same for the other model's
    other_logit: Callable[[str], float]

    def combine(self, logit: float, text: str) -> float:
        """Return the blended value for a text whose own logit is ``logit``."""
        mine = (logit - self.ours[0]) / self.ours[1]
        theirs = (self.other_logit(text) - self.other[0]) / self.other[1]
        return (1 - self.weight) * mine + self.weight * theirs


@dataclass(frozen=True)
class Model:
    """Weights of a trained classifier."""

    weights: dict[str, float]
    bias: float
    offset: float  # the logit of the decision threshold, subtracted
    trained: dict[str, Any]
    slope: float = 1.0  # stretches the shrunk logits to fit the labels
    blend: Blend | None = None

    def raw_logit(self, text: str) -> float:
        """Return the linear model's own log-odds, before any blend."""
        return features.linear_logit(self.weights, self.bias, text)

    def logit(self, text: str) -> float:
        """Return the calibrated log-odds that ``text`` is toxic."""
        value = self.raw_logit(text)
        if self.blend is not None:
            value = self.blend.combine(value, text)
        return self.slope * (value - self.offset)

    def score(self, text: str) -> float:
        """Return the calibrated toxicity of ``text``, 0 to 1."""
        z = self.logit(text)
        if z < -35:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


def from_dict(data: dict[str, Any], where: str = "model") -> Model:
    """Build a Model from what ``train-moderation`` saves; raise ModelError.

    A model trained with a blend needs the second model's package; where it is
    missing, the model's own calibration without the blend is used (logged).
    """
    try:
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        offset = float(data.get("offset", 0.0))
        slope = float(data.get("slope", 1.0))
        blend = None
        spec = data.get("blend")
        if spec:
            try:
                other = profanity.get_model()
            except profanity.Unavailable as error:
                logger.warning("%s: blend left out: %s", where, error)
                offset = float(spec["alone"]["offset"])
                slope = float(spec["alone"]["slope"])
            else:
                blend = Blend(
                    weight=float(spec["weight"]),
                    ours=(float(spec["ours"][0]), float(spec["ours"][1])),
                    other=(float(spec["other"][0]), float(spec["other"][1])),
                    other_logit=other.logit,
                )
        return Model(
            weights=weights,
            bias=float(data["bias"]),
            offset=offset,
            trained=dict(data.get("trained", {})),
            slope=slope,
            blend=blend,
        )
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        raise ModelError(f"{where}: incomplete toxicity model ({error!r}).") from None


def read_model_json(
    path: Path, what: str, command: str, error_class: type[Exception]
) -> Any:
    """Return the JSON of a model file, gzipped or plain.

    Raise ``error_class`` naming the file, the model (``what``) and the
    ``command`` that trains one, when it cannot be read or is not JSON.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise error_class(
            f"{path}: cannot read the {what} ({error.strerror}); "
            f"train one with `{command}`."
        ) from None
    try:
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        return json.loads(raw)
    except (OSError, EOFError, ValueError) as error:
        raise error_class(f"{path}: not a {what} ({error}).") from None


def load(path: Path | str) -> Model:
    """Read a model file (gzipped or plain JSON); raise ModelError if unusable."""
    path = Path(path)
    data = read_model_json(
        path, "toxicity model", "gazette train-moderation", ModelError
    )
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise ModelError(f"{path}: not a toxicity model written by train-moderation.")
    return from_dict(data, str(path))


@functools.lru_cache(maxsize=4)
def _cached(path: str) -> Model:
    return load(path)


def get_model(path: Path | str | None = None) -> Model:
    """Return the model at ``path`` (default: the shipped one), loaded once."""
    return _cached(str(Path(path or DEFAULT_MODEL).resolve()))


def score(text: str) -> float:
    """Return the toxicity of ``text``, 0 to 1, from the shipped model."""
    return get_model().score(text)
