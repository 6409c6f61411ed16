"""Build the one stylesheet readers load, ``gazette/gazette.css``, from its sources.

The sources are plain CSS files, one component per file (docs/design.md). They
are concatenated in cascade-layer order so that a later layer wins whatever the
selectors' specificity: tokens, base, layout, components (core's first, then
every other app's ``static/<app>/components/*.css``, sorted by app then file),
utilities. The print stylesheet goes last, under ``@media print``.

Run ``python -m gazette.core.cssbundle`` (or ``make css``) after editing a
source; ``--check`` exits non-zero when the committed bundle is out of date.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
CORE_CSS = PACKAGE / "core" / "static" / "gazette" / "css"
BUNDLE = PACKAGE / "core" / "static" / "gazette" / "gazette.css"
LAYERS = ("tokens", "base", "layout", "components", "utilities")

HEADER = """\
/*
 * gazette.css: GENERATED, do not edit by hand.
 * Built by `python -m gazette.core.cssbundle` (make css) from
 * gazette/core/static/gazette/css/ and gazette/<app>/static/<app>/components/.
 * Edit those sources and rebuild; tests/test_design.py fails when this file
 * is not what they produce. See docs/design.md.
 */
"""


@dataclass(frozen=True)
class Source:
    """One source file and the cascade layer it belongs to (None: print)."""

    path: Path
    layer: str | None


def app_component_files(package: Path = PACKAGE) -> list[Path]:
    """Return other apps' component files, sorted by app, then file name."""
    found = [
        path
        for path in package.glob("*/static/*/components/*.css")
        if path.parts[-5] != "core"
    ]
    return sorted(found, key=lambda path: (path.parts[-5], path.name))


def sources(
    core_css: Path = CORE_CSS, app_components: Iterable[Path] | None = None
) -> list[Source]:
    """Return the sources in the order they are bundled."""
    if app_components is None:
        app_components = app_component_files()
    ordered = [
        Source(core_css / "tokens.css", "tokens"),
        Source(core_css / "base.css", "base"),
        Source(core_css / "layout.css", "layout"),
    ]
    ordered += [
        Source(path, "components")
        for path in sorted((core_css / "components").glob("*.css"))
    ]
    ordered += [Source(path, "components") for path in app_components]
    ordered += [
        Source(core_css / "utilities.css", "utilities"),
        Source(core_css / "print.css", None),
    ]
    return ordered


def _indent(text: str) -> str:
    return "".join(
        f"  {line}" if line.strip() else line
        for line in text.strip().splitlines(keepends=True)
    )


def _label(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")


def rebase_urls(css: str, source_dir: Path, bundle_dir: Path) -> str:
    """Return ``css`` with its relative ``url()``s pointing from ``bundle_dir``.

    A source says where a file is from its own place (tokens.css, in css/,
    names ``../fonts/``), so that it is right where it lies too:
    ``collectstatic`` collects the sources beside the bundle and checks
    every ``url()`` they name.
    """

    def rebase(match: re.Match[str]) -> str:
        quote, target = match.group(1), match.group(2)
        if re.match(r"^(data:|[a-z]+://|/|#)", target):
            return match.group(0)
        moved = os.path.relpath(source_dir / target, bundle_dir)
        return f"url({quote}{Path(moved).as_posix()}{quote})"

    return URL.sub(rebase, css)


def build(items: Sequence[Source], root: Path = PACKAGE.parent) -> str:
    """Return the bundle's text: the layer order, then each source in its layer."""
    parts = [HEADER, f"@layer {', '.join(LAYERS)};\n"]
    for item in items:
        css = rebase_urls(
            item.path.read_text(encoding="utf-8"), item.path.parent, BUNDLE.parent
        )
        wrapper = f"@layer {item.layer}" if item.layer else "@media print"
        parts.append(
            f"\n/* {_label(item.path, root)} */\n{wrapper} {{\n{_indent(css)}\n}}\n"
        )
    return "".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    """Write the bundle, or with ``--check`` report whether it is up to date."""
    parser = argparse.ArgumentParser(
        prog="python -m gazette.core.cssbundle",
        description="Build gazette/gazette.css from the CSS sources. "
        "Example: python -m gazette.core.cssbundle --check",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit with status 1 if the committed bundle differs from the sources",
    )
    args = parser.parse_args(argv)
    text = build(sources())
    current = BUNDLE.read_text(encoding="utf-8") if BUNDLE.exists() else ""
    if args.check:
        if current != text:
            print(
                f"{BUNDLE} is out of date: run python -m gazette.core.cssbundle",
                file=sys.stderr,
            )
            return 1
        return 0
    if current != text:
        BUNDLE.write_text(text, encoding="utf-8")
    print(f"wrote {BUNDLE} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
