"""Admin views: the short links' visits per day and the top links of the week."""

import datetime
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from . import charts, services
from .models import LinkVisitDay, ShortLink

CHART_DAYS = 30
TOP_LINKS = 20


def _check(request) -> None:
    if not request.user.has_perm("links.view_shortlink"):
        raise PermissionDenied


def _days(today: datetime.date) -> list[datetime.date]:
    first = today - datetime.timedelta(days=CHART_DAYS - 1)
    return [first + datetime.timedelta(days=n) for n in range(CHART_DAYS)]


def visits_report(request):
    """Top links of the last seven days, each with its last 30 days as a chart."""
    _check(request)
    today = timezone.now().date()
    week_start = today - datetime.timedelta(days=6)
    top = list(ShortLink.objects.top_since(week_start, TOP_LINKS))
    days = _days(today)
    per_link: dict[int, dict[datetime.date, int]] = defaultdict(dict)
    for link_id, day, count in LinkVisitDay.objects.filter(
        link__in=top, day__gte=days[0]
    ).values_list("link_id", "day", "count"):
        per_link[link_id][day] = count
    rows = [
        {
            "link": link,
            "short_url": services.short_url(link.code, request),
            "chart": charts.bar_chart(
                [(day, per_link[link.pk].get(day, 0)) for day in days],
                width=150,
                height=24,
            ),
        }
        for link in top
    ]
    return render(
        request,
        "links/admin/visits_report.html",
        {"rows": rows, "week_start": week_start, "today": today},
    )


def link_visits(request, pk: int):
    """One link's visits on each of the last 30 days."""
    _check(request)
    link = get_object_or_404(ShortLink.objects.select_related("page"), pk=pk)
    days = services.visits_per_day(link, CHART_DAYS)
    return render(
        request,
        "links/admin/link_visits.html",
        {
            "link": link,
            "short_url": services.short_url(link.code, request),
            "chart": charts.bar_chart(days, width=600, height=120),
            "days": days,
        },
    )
