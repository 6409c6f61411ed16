"""HTTP range requests (RFC 9110, section 14): which bytes a ``Range`` header asks for.

Pure functions: the view turns their answer into 200, 206 or 416. Only one
range per request is served; a request for several gets the whole file (a
server may always ignore ``Range``), which is what browsers' audio elements
never ask for anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPEC = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")


@dataclass(frozen=True)
class ByteRange:
    """Bytes ``start`` to ``end`` included, of a file of ``size`` bytes."""

    start: int
    end: int
    size: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    @property
    def content_range(self) -> str:
        return f"bytes {self.start}-{self.end}/{self.size}"


class Unsatisfiable(Exception):
    """The range lies wholly outside the file: answer 416."""

    def __init__(self, size: int) -> None:
        super().__init__(f"bytes */{size}")
        self.size = size

    @property
    def content_range(self) -> str:
        return f"bytes */{self.size}"


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """Return the byte range ``header`` asks of a ``size``-byte file.

    None means "send the whole file": no header, a unit other than bytes, a
    malformed header (which RFC 9110 says to ignore) or several ranges.
    Raise ``Unsatisfiable`` when the range starts past the end of the file.
    """
    if not header:
        return None
    unit, _, specs = header.partition("=")
    if unit.strip().lower() != "bytes" or not specs:
        return None
    if "," in specs:
        return None
    match = _SPEC.match(specs)
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        # "-500": the last 500 bytes.
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable(size)
        return ByteRange(max(0, size - suffix), size - 1, size)
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        raise Unsatisfiable(size)
    return ByteRange(start, min(end, size - 1), size)
