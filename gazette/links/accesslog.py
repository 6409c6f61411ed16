"""Reading Gazette's nginx access logs: the short links' and the article reads'.

Each log has its own ``log_format`` in deploy/nginx/gazette.conf, and each is
read by a :class:`LogFormat`: the time, the answer, the method, one field
naming what is counted (a short link's path, an article's id) and the user
agent, nothing else (no address). The short links' log
(``log_format gazette_shortlinks``)::

    1763928000.123 301 GET "/s/ab3def" "Mozilla/5.0 (X11; Linux x86_64) ..."

``$msec $status $request_method "$uri" "$http_user_agent"``. nginx escapes
``"`` and ``\\`` inside quoted fields (``\\x22``), so a field never holds a
double quote, and writes ``-`` for an empty variable.

What counts is the app's own rule: a ``GET`` answered with the format's
status (``301`` for a short link) from a user agent that is not a robot
(:func:`gazette.links.bots.is_bot`). No Django here: the caller maps what was
counted to rows and writes the counts (:mod:`gazette.links.ingest`).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field

from .bots import is_bot
from .codes import normalize_code

Counts = Counter[tuple[Hashable, datetime.date]]


class MalformedLine(ValueError):
    """A line that is not in the format's shape, or names nothing countable."""


@dataclass
class Tally:
    """What a chunk of the log held."""

    counts: Counts = field(default_factory=Counter)  # per (key, day)
    lines: int = 0
    bots: int = 0
    other: int = 0  # another answer, another method, or nothing to count
    malformed: list[int] = field(default_factory=list)  # line numbers
    consumed: int = 0  # bytes of whole lines read


class LogFormat:
    """One nginx ``log_format``: how its lines are read and what counts.

    Subclasses set ``name`` (the log_format's), ``line_re`` (a pattern with
    the groups ``msec``, ``status``, ``method``, ``field`` and ``agent``) and
    ``status`` (the answer that counts), and say in :meth:`key` what a line's
    ``field`` counts for.
    """

    name: str = ""
    line_re: re.Pattern[str]
    status: str = "200"

    def key(self, value: str) -> Hashable | None:
        """Return what ``value`` (the line's field) counts for, or None.

        None: a line the app would not have counted either (not malformed).
        Raise :class:`MalformedLine` for a value that cannot come from nginx.
        """
        raise NotImplementedError

    def tally(self, data: bytes, first_line: int = 1) -> Tally:
        """Count the lines of ``data`` that count, whole lines only.

        A last line without its newline (nginx still writing it) is left
        alone: ``consumed`` stops before it, for the next run. ``first_line``
        is the line number of the first line of ``data`` in the file, for the
        report of malformed lines.
        """
        result = Tally()
        end = data.rfind(b"\n") + 1
        result.consumed = end
        # Millions of lines share a few thousand fields, user agents and
        # days: decide each once.
        robots: dict[str, bool] = {}
        days: dict[int, datetime.date] = {}
        keys: dict[str, Hashable | None | MalformedLine] = {}
        match_line = self.line_re.fullmatch
        status, key = self.status, self.key
        number = first_line - 1
        for raw in data[:end].split(b"\n")[:-1]:
            number += 1
            match = match_line(raw.decode("utf-8", "replace"))
            if match is None:
                result.malformed.append(number)
                continue
            if match["status"] != status or match["method"] != "GET":
                result.other += 1
                continue
            agent = match["agent"]
            robot = robots.get(agent)
            if robot is None:
                robot = robots[agent] = is_bot(agent)
            if robot:
                result.bots += 1
                continue
            day_number = int(match["msec"].partition(".")[0]) // 86400
            day = days.get(day_number)
            if day is None:
                try:
                    day = days[day_number] = datetime.datetime.fromtimestamp(
                        day_number * 86400, datetime.UTC
                    ).date()
                except (OverflowError, OSError, ValueError):
                    result.malformed.append(number)
                    continue
            value = match["field"]
            if value in keys:
                counted = keys[value]
            else:
                try:
                    counted = key(value)
                except MalformedLine as error:
                    counted = error
                keys[value] = counted
            if counted is None:
                result.other += 1
            elif isinstance(counted, MalformedLine):
                result.malformed.append(number)
            else:
                result.counts[counted, day] += 1
        result.lines = number - first_line + 1
        return result


def line_pattern(field_re: str) -> re.Pattern[str]:
    """Return the pattern of a Gazette log line whose counted field is ``field_re``."""
    return re.compile(
        r"(?P<msec>\d{1,12}\.\d{3}) (?P<status>\d{3}) (?P<method>[A-Z]{1,16}) "
        rf'"(?P<field>{field_re})" "(?P<agent>[^"]*)"'
    )


class ShortLinkLog(LogFormat):
    """``log_format gazette_shortlinks``: a visit is a 301 GET for a code."""

    name = "gazette_shortlinks"
    line_re = line_pattern(r'[^"]*')
    status = "301"

    def key(self, value: str) -> str:
        """Return the code asked for (``/s/<code>`` or the short host's ``/<code>``)."""
        code = normalize_code(value[3:] if value.startswith("/s/") else value[1:])
        if code is None:
            raise MalformedLine(value[:200])  # nginx answered 301 for no code
        return code


SHORT_LINKS = ShortLinkLog()


def tally(data: bytes, first_line: int = 1) -> Tally:
    """Count the short link visits in ``data`` (:meth:`ShortLinkLog.tally`)."""
    return SHORT_LINKS.tally(data, first_line)
