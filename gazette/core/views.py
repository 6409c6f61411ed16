"""Site-wide views that are not Wagtail pages."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .cspreports import InvalidReport, UnsupportedMediaType, parse_reports
from .http import client_ip

csp_logger = logging.getLogger("gazette.csp")

# The icon's address carries a content hash in production (collectstatic), so
# the redirect must not outlive a change of the icon by long.
FAVICON_MAX_AGE = 24 * 60 * 60


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Send ``/favicon.ico`` to the site's SVG icon.

    Pages name the icon with ``<link rel="icon">``; this answers the browsers,
    feed readers and crawlers that ask the traditional address instead.
    """
    response = HttpResponseRedirect(static("gazette/favicon.svg"))
    patch_cache_control(response, public=True, max_age=FAVICON_MAX_AGE)
    return response


def _report_answer(status: int) -> HttpResponse:
    response = HttpResponse(status=status)
    response["Cache-Control"] = "no-store"
    return response


def _over_report_limit(request: HttpRequest) -> bool:
    """Count this request in its client's minute; return True past the limit."""
    limit = settings.GAZETTE_CSP_REPORTS_PER_MINUTE
    if limit <= 0:
        return False
    key = f"gazette:csp-reports:{client_ip(request)}:{int(time.time() // 60)}"
    cache.add(key, 0, 90)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        count = 1
    return count > limit


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log the Content-Security-Policy violations a browser reports.

    Browsers post here (``report-uri`` and the Reporting API's ``report-to``)
    without a CSRF token or cookies; the view only logs, through the
    ``gazette.csp`` logger, one WARNING line per violation. Bodies over
    GAZETTE_CSP_REPORT_MAX_BYTES get 413, other media types 415, junk 400,
    a client over GAZETTE_CSP_REPORTS_PER_MINUTE 429 (docs/security.md).
    """
    max_bytes = settings.GAZETTE_CSP_REPORT_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _report_answer(400)
    if declared > max_bytes:
        return _report_answer(413)
    if _over_report_limit(request):
        response = _report_answer(429)
        response["Retry-After"] = "60"
        return response
    body = request.read(max_bytes + 1)
    if len(body) > max_bytes:
        return _report_answer(413)
    try:
        reports = parse_reports(request.content_type or "", body)
    except UnsupportedMediaType:
        return _report_answer(415)
    except InvalidReport:
        return _report_answer(400)
    for report in reports:
        csp_logger.warning(
            "CSP violation: %(directive)s blocked %(blocked)r on %(document)s "
            "(violated %(violated)s, source %(source)s:%(line)s, "
            "disposition %(disposition)s, sample %(sample)r)",
            report,
        )
    return _report_answer(204)
