"""Content-Security-Policy violation reports, read from what browsers send.

Pure: bytes in, plain dicts out, tested without a database or a request
(tests/test_security_settings.py). Two formats exist:

- ``report-uri`` (every browser): ``Content-Type: application/csp-report``,
  one object ``{"csp-report": {"document-uri": ..., "violated-directive": ...}}``;
- ``report-to`` (the Reporting API, Chromium): ``application/reports+json``,
  a list of ``{"type": "csp-violation", "url": ..., "body": {"documentURL":
  ..., "effectiveDirective": ...}}``, possibly mixed with other report types.

Both become the same short record of strings, cut to a safe length and
stripped of control characters, so that a report cannot forge log lines.
"""

import json
import re
from typing import Any

CSP_REPORT = "application/csp-report"
REPORTS_JSON = "application/reports+json"
# Old Firefox and some tools send report-uri bodies as plain JSON.
PLAIN_JSON = "application/json"
CONTENT_TYPES = (CSP_REPORT, REPORTS_JSON, PLAIN_JSON)

#: Reports read from one request at most; the rest are dropped.
MAX_REPORTS = 20
#: Characters kept of each field.
MAX_FIELD = 300

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

# The record's fields, with their names in each format.
FIELDS = {
    "document": ("document-uri", "documentURL"),
    "directive": ("effective-directive", "effectiveDirective"),
    "violated": ("violated-directive", "violatedDirective"),
    "blocked": ("blocked-uri", "blockedURL"),
    "source": ("source-file", "sourceFile"),
    "line": ("line-number", "lineNumber"),
    "sample": ("script-sample", "sample"),
    "disposition": ("disposition", "disposition"),
}


class InvalidReport(ValueError):
    """The body is not a CSP report in either format."""


class UnsupportedMediaType(InvalidReport):
    """The request does not say it carries a CSP report."""


def clean(value: Any) -> str:
    """Return ``value`` as a short, single-line string."""
    if value is None:
        return ""
    if not isinstance(value, str | int | float | bool):
        value = json.dumps(value)[:MAX_FIELD]
    return _CONTROL.sub(" ", str(value))[:MAX_FIELD]


def _record(body: dict[str, Any], which: int) -> dict[str, str]:
    return {field: clean(body.get(names[which])) for field, names in FIELDS.items()}


def media_type(content_type: str) -> str:
    """Return the bare, lower-case media type of a Content-Type header."""
    return content_type.split(";", 1)[0].strip().lower()


def parse_reports(content_type: str, body: bytes) -> list[dict[str, str]]:
    """Return the violations in a report request's body.

    Raise InvalidReport for a body that is not JSON of either shape; other
    report types in a Reporting API list (deprecations, interventions) are
    skipped, not errors.
    """
    kind = media_type(content_type)
    if kind not in CONTENT_TYPES:
        raise UnsupportedMediaType(f"unexpected content type {kind!r}")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise InvalidReport("the body is not JSON") from error
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        return [_record(data["csp-report"], 0)]
    if isinstance(data, list):
        records = []
        for item in data[:MAX_REPORTS]:
            if not isinstance(item, dict) or item.get("type") != "csp-violation":
                continue
            report_body = item.get("body")
            if isinstance(report_body, dict):
                records.append(_record(report_body, 1))
        return records
    raise InvalidReport("the body is neither a csp-report nor a list of reports")
