"""Saving and restoring the threading engine's whole state as JSON-able data.

``state_of`` writes it, ``restore`` reads it back (``ThreadingEngine.to_dict``
and ``from_dict`` call them): a restored engine makes identical decisions.
A state whose weights are ones an earlier release shipped is restored with
today's defaults; weights a newsroom fitted are kept, features added since
weighing nothing. Pure, on plain data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from gazette.stories.threading_config import (
    SHIPPED_RUNNING_WEIGHTS,
    SHIPPED_WEIGHTS,
    Config,
    _saved_weights,
)
from gazette.stories.threading_vectors import _norm, _Story

if TYPE_CHECKING:
    from gazette.stories.threading import ThreadingEngine

STATE_VERSION = 1


def state_of(engine: ThreadingEngine) -> dict[str, Any]:
    """Return the whole state of ``engine`` as JSON-able data (see ``restore``)."""
    config = asdict(engine.config)
    return {
        "version": STATE_VERSION,
        "config": config,
        "documents": engine.documents,
        "next_story": engine._next_story,
        "df": dict(engine.df),
        "closed": sorted(engine.closed),
        "postings": engine.postings,
        "stories": {
            story_id: {
                "size": s.size,
                "words": s.words,
                "names": s.names,
                "titles": s.titles,
                "numbers": dict(s.numbers),
                "dates": dict(s.dates),
                "years": dict(s.years),
                "first": s.first,
                "last": s.last,
                "members": [list(m) for m in s.members],
                "term_docs": dict(s.term_docs),
            }
            for story_id, s in engine.stories.items()
        },
    }


def restore(
    engine_class: type[ThreadingEngine], state: dict[str, Any]
) -> ThreadingEngine:
    """Return an engine of ``engine_class`` restored from ``state_of`` data."""
    if state.get("version") != STATE_VERSION:
        raise ValueError(f"unknown threading state version {state.get('version')}")
    config_data = dict(state["config"])
    defaults = Config()
    if config_data["weights"] in SHIPPED_WEIGHTS:
        config_data["weights"] = defaults.weights
        config_data["join_threshold"] = defaults.join_threshold
        config_data["single_threshold"] = defaults.single_threshold
    else:
        config_data["weights"] = _saved_weights(config_data["weights"])
    running = config_data.get("running_weights")
    if running is None or running in SHIPPED_RUNNING_WEIGHTS:
        # Saved before running stories had weights, or never refitted.
        config_data["running_weights"] = defaults.running_weights
        config_data["running_join_threshold"] = defaults.running_join_threshold
        config_data["running_single_threshold"] = defaults.running_single_threshold
    else:
        config_data["running_weights"] = _saved_weights(running)
    # States saved before the single-article threshold existed used one
    # threshold for every story: keep deciding as they did.
    config_data.setdefault("single_threshold", config_data["join_threshold"])
    known = {f.name for f in fields(Config)}
    engine = engine_class(
        Config(**{k: v for k, v in config_data.items() if k in known})
    )
    engine.documents = state["documents"]
    engine._next_story = state["next_story"]
    engine.df = Counter(state["df"])
    engine.closed = set(state["closed"])
    engine.postings = {key: list(ids) for key, ids in state["postings"].items()}
    for story_id, data in state["stories"].items():
        story = _Story(
            size=data["size"],
            words=dict(data["words"]),
            names=dict(data["names"]),
            # Saved before headlines were kept: none known.
            titles=dict(data.get("titles", {})),
            numbers=Counter(data["numbers"]),
            dates=Counter(data["dates"]),
            # Saved before latest years were counted: none known.
            years=Counter(data.get("years", {})),
            first=data["first"],
            last=data["last"],
            members=[(m[0], dict(m[1]), dict(m[2])) for m in data["members"]],
            term_docs=Counter(data["term_docs"]),
        )
        engine._count_terms(story, [])
        story.words_norm = _norm(story.words)
        story.names_norm = _norm(story.names)
        story.titles_norm = _norm(story.titles)
        engine.stories[story_id] = story
    return engine
