"""The hot-spot board: the period's cases on a map (clusters and heat), reports per day, the top terms, the
places reported again and again, and the open spike alerts with their cases; an alert's own page and its
acknowledgement."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengguan.core.forms import errors_sentence, messages_of

from .. import rules, selectors, services
from ..forms import AcknowledgeForm, PeriodForm
from .common import allowed_by

MAX_FEATURES = 2000


def _period(request):
    """(days, first day, last day) of the board's period, or None with the form when the input is bad."""
    form = PeriodForm(request.GET or None)
    if request.GET and not form.is_valid():
        return None, form
    days = form.days_or_default() if form.is_bound else form.fields["days"].empty_value
    today = timezone.localdate()
    return (days, today - timedelta(days=days - 1), today), form


def _trend_chart(counts) -> dict:
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 16, "top": 24, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": [day.strftime("%m-%d") for day, _n in counts]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {
                "type": "line",
                "name": _("reports"),
                "data": [n for _day, n in counts],
                "areaStyle": {"opacity": 0.15},
            }
        ],
    }


@allowed_by(rules.may_view_board)
def board(request):
    period, form = _period(request)
    if period is None:
        return render(
            request, "insight/board.html", {"form": form, "error": errors_sentence(form)}, status=400
        )
    days, first, last = period
    cases = selectors.period_cases(request.user, first, last)
    counts = selectors.daily_counts(cases, first, last)
    context = {
        "form": form,
        "days": days,
        "first": first,
        "last": last,
        "total": sum(n for _day, n in counts),
        "chart": _trend_chart(counts),
        "terms": selectors.top_terms(cases),
        "spots": selectors.repeat_locations(cases),
        "alerts": selectors.open_alerts(request.user),
        "markers_url": f"{reverse('insight:board_geojson')}?days={days}",
        "repeat_metres": int(selectors.repeat_metres()),
        "may_record_media": rules.may_record_media(request.user),
    }
    return render(request, "insight/board.html", context)


@allowed_by(rules.may_view_board)
def board_geojson(request):
    period, form = _period(request)
    if period is None:
        return JsonResponse({"error": errors_sentence(form)}, status=400)
    _days, first, last = period
    cases = selectors.period_cases(request.user, first, last).filter(lng__isnull=False, lat__isnull=False)
    cases = cases.select_related(None).only("number", "description", "state", "lng", "lat")
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(case.lng, 6), round(case.lat, 6)]},
            "properties": {
                "number": case.number,
                "title": f"{case.number} {case.description[:40]}",
                "state": case.state,
                "state_label": str(case.get_state_display()),
                "url": reverse("cases:detail", args=[case.number]),
            },
        }
        for case in cases.order_by("-reported_at")[:MAX_FEATURES]
    ]
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Content-Type"] = "application/geo+json"
    response["Cache-Control"] = "private, no-cache"
    return response


@require_POST
@allowed_by(rules.may_view_board)
def check_now(request):
    run = services.detect_spikes(actor=request.user)
    if run.raised:
        messages.warning(request, _("%(n)s new spike alerts.") % {"n": len(run.raised)})
    else:
        messages.success(request, _("Checked today's reports: no new spike."))
    return redirect("insight:board")


@login_required
def alert(request, pk: int):
    found = selectors.alert_for(request.user, pk)
    if found is None:  # none, or another department's
        raise Http404(_("No such alert."))
    context = {
        "alert": found,
        "cases": selectors.alert_cases(request.user, found),
        "events": found.events.all(),
        "form": AcknowledgeForm(),
    }
    return render(request, "insight/alert.html", context)


@require_POST
@login_required
def acknowledge(request, pk: int):
    found = selectors.alert_for(request.user, pk)
    if found is None:
        raise Http404(_("No such alert."))
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_sentence(form))
        return redirect("insight:alert", pk=pk)
    try:
        services.acknowledge_alert(alert_id=pk, actor=request.user, note=form.cleaned_data["note"])
    except services.InsightRefused as exc:
        messages.error(request, messages_of(exc))
    else:
        messages.success(request, _("The alert is acknowledged."))
    return redirect("insight:alert", pk=pk)
