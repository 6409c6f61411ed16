"""Reading nginx's short link access log (``log_format gazette_shortlinks``).

One line per request to ``/s/`` (or to the short host), as
deploy/nginx/gazette.conf writes it::

    1763928000.123 301 GET "/s/ab3def" "Mozilla/5.0 (X11; Linux x86_64) ..."

``$msec $status $request_method "$uri" "$http_user_agent"``: the time, the
answer, the method, the path and the user agent, nothing else (no address).
nginx escapes ``"`` and ``\\`` inside quoted fields (``\\x22``), so a field
never holds a double quote.

What counts as a visit is the app's own rule: a ``GET`` answered ``301``
from a user agent that is not a robot (:func:`gazette.links.bots.is_bot`).
No Django here: the caller maps codes to links and writes the counts.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from .bots import is_bot
from .codes import normalize_code

LINE_RE = re.compile(
    r"(?P<msec>\d{1,12}\.\d{3}) (?P<status>\d{3}) (?P<method>[A-Z]{1,16}) "
    r'"(?P<uri>[^"]*)" "(?P<agent>[^"]*)"'
)

CodeCounts = Counter[tuple[str, datetime.date]]


class MalformedLine(ValueError):
    """A line that is not in the gazette_shortlinks format."""


@dataclass(frozen=True)
class Request:
    """One logged request."""

    day: datetime.date
    status: int
    method: str
    uri: str
    user_agent: str

    @property
    def code(self) -> str | None:
        """Return the code asked for (``/s/<code>`` or the short host's ``/<code>``)."""
        path = self.uri[3:] if self.uri.startswith("/s/") else self.uri[1:]
        return normalize_code(path)

    @property
    def is_visit(self) -> bool:
        """Whether the app would have counted it: GET, 301, not a robot."""
        return (
            self.status == 301 and self.method == "GET" and not is_bot(self.user_agent)
        )


def parse_line(line: str) -> Request:
    """Parse one line (without its newline); raise MalformedLine."""
    match = LINE_RE.fullmatch(line)
    if match is None:
        raise MalformedLine(line[:200])
    try:
        moment = datetime.datetime.fromtimestamp(float(match["msec"]), datetime.UTC)
    except (OverflowError, OSError, ValueError):
        raise MalformedLine(line[:200]) from None
    return Request(
        day=moment.date(),
        status=int(match["status"]),
        method=match["method"],
        uri=match["uri"],
        user_agent=match["agent"],
    )


@dataclass
class Tally:
    """What a chunk of the log held."""

    visits: CodeCounts = field(default_factory=Counter)
    lines: int = 0
    bots: int = 0
    other: int = 0  # not 301, or not GET
    malformed: list[int] = field(default_factory=list)  # line numbers
    consumed: int = 0  # bytes of whole lines read


def tally(data: bytes, first_line: int = 1) -> Tally:
    """Count the visits in ``data``, whole lines only.

    A last line without its newline (nginx still writing it) is left alone:
    ``consumed`` stops before it, for the next run. ``first_line`` is the
    line number of the first line of ``data`` in the file, for the report of
    malformed lines.
    """
    result = Tally()
    end = data.rfind(b"\n") + 1
    result.consumed = end
    # Millions of lines share a few thousand paths, user agents and days:
    # decide each once (the same rules as parse_line and Request).
    robots: dict[str, bool] = {}
    days: dict[int, datetime.date] = {}
    codes: dict[str, str | None] = {}
    match_line = LINE_RE.fullmatch
    number = first_line - 1
    for raw in data[:end].split(b"\n")[:-1]:
        number += 1
        match = match_line(raw.decode("utf-8", "replace"))
        if match is None:
            result.malformed.append(number)
            continue
        if match["status"] != "301" or match["method"] != "GET":
            result.other += 1
            continue
        agent = match["agent"]
        robot = robots.get(agent)
        if robot is None:
            robot = robots[agent] = is_bot(agent)
        if robot:
            result.bots += 1
            continue
        seconds = int(match["msec"].partition(".")[0])
        day_number = seconds // 86400
        if day_number not in days:
            try:
                days[day_number] = datetime.datetime.fromtimestamp(
                    day_number * 86400, datetime.UTC
                ).date()
            except (OverflowError, OSError, ValueError):
                result.malformed.append(number)
                continue
        uri = match["uri"]
        if uri in codes:
            code = codes[uri]
        else:
            code = codes[uri] = Request(days[day_number], 301, "GET", uri, "").code
        if code is None:
            result.malformed.append(number)
            continue
        result.visits[code, days[day_number]] += 1
    result.lines = number - first_line + 1
    return result
