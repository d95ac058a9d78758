"""Rankings of any subject for any period, with the snapshot's state: compute it (published figures) or
recompute it with a reason (logged). Every figure links to its cases."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengguan.core.forms import messages_of
from chengguan.core.refusals import Refused

from .. import periods, selectors, services
from ..models import Snapshot
from . import tables
from .common import can_manage, filter_choices, forbidden, parse_filters, viewer_required

PAGE_SIZE = 50
SORTS = {
    "rank": lambda row: (row["rank"] is None, row["rank"] or 0, row["name"]),
    "name": lambda row: row["name"],
    "score": lambda row: (row["raw_score"] is not None, row["raw_score"] or 0),
}


@viewer_required
def rankings(request):
    filters = parse_filters(request)
    ranking = tables.ranking(request.user, filters)
    snapshot = ranking["snapshot"]
    sort = request.GET.get("sort", "rank")
    key = SORTS.get(sort.lstrip("-"))
    rows = ranking["rows"]
    if key is not None:
        rows = sorted(rows, key=key, reverse=sort.startswith("-"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "choices": filter_choices(),
        "ranking": {**ranking, "rows": page.object_list},
        "page": page,
        "sortable": True,
        "score_chart": tables.score_chart(ranking, limit=30),
        "chart_height": tables.chart_height(min(30, len(ranking["rows"]))),
        "can_manage": can_manage(request.user),
        "events": selectors.snapshot_events(snapshot),
    }
    return render(request, "assessment/rankings.html", context, status=filters.status)


@require_POST
@viewer_required
def compute(request):
    if not can_manage(request.user):
        return forbidden(request, _("Only a leader, shift lead or administrator may publish figures."))
    subject = request.POST.get("subject", "")
    try:
        period = periods.parse(request.POST.get("period", ""))
        services.compute_snapshot(actor=request.user, subject=subject, period=period)
        messages.success(request, _("The figures of %(period)s are published.") % {"period": period.label})
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("assessment:rankings"))
    except (ValidationError, Refused) as exc:
        messages.error(request, messages_of(exc))
    return redirect(f"{reverse('assessment:rankings')}?period={period.label}&subject={subject}")


@require_POST
@viewer_required
def recompute(request, pk: int):
    snapshot = get_object_or_404(Snapshot, pk=pk)
    try:
        services.recompute_snapshot(
            actor=request.user, snapshot_id=snapshot.pk, reason=request.POST.get("reason", "")
        )
        messages.success(
            request, _("The figures are recomputed (version %(v)s).") % {"v": snapshot.version + 1}
        )
    except PermissionDenied as exc:
        return forbidden(request, str(exc))
    except (ValidationError, Refused) as exc:
        messages.error(request, messages_of(exc))
    return redirect(f"{reverse('assessment:rankings')}?period={snapshot.label}&subject={snapshot.subject}")
