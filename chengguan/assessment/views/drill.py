"""Drill-down: the cases one figure counts, as a snapshot recorded them or as live figures count them now."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from .. import counts, scoring, selectors
from ..models import SnapshotRow
from .common import forbidden, parse_filters, viewer_required

PAGE_SIZE = 50


def _page(request, cases, context, status=200):
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {**context, "page": page, "cases": page.object_list}
    return render(request, "assessment/drill.html", context, status=status)


@viewer_required
def drill(request, row_id: int, count: str):
    row = get_object_or_404(SnapshotRow.objects.select_related("snapshot"), pk=row_id)
    if count not in counts.count_names(row.snapshot.subject):
        return forbidden(request, _("No such figure."))
    cases = selectors.drill_cases(request.user, row, count)
    if row.case_ids.get(count) and not cases.exists():
        return forbidden(request, _("This figure belongs to another department."))
    context = {
        "title": row.subject_name,
        "count": counts.COUNT_LABELS.get(count, count),
        "period": row.snapshot.label,
        "source": _("published figures, version %(v)s") % {"v": row.snapshot.version},
        "total": row.counts.get(count, 0),
    }
    return _page(request, cases, context)


@viewer_required
def drill_live(request):
    filters = parse_filters(request)
    count, subject_id = request.GET.get("count", ""), request.GET.get("id", "")
    if count not in counts.count_names(filters.subject):
        return forbidden(request, _("No such figure."))
    if filters.error:  # an absurd period: say so, count nothing
        cases = []
    else:
        try:
            cases = selectors.live_drill_cases(
                request.user, filters.subject, subject_id, count, filters.period, filters.case_filter
            )
        except ValueError:  # an id that is no id of this subject
            raise Http404(_("No such figure.")) from None
    try:
        title = scoring.subject_names(filters.subject, [subject_id]).get(subject_id, subject_id)
    except ValueError:
        raise Http404(_("No such figure.")) from None
    context = {
        "title": title,
        "count": counts.COUNT_LABELS.get(count, count),
        "period": filters.period.label,
        "source": _("live figures"),
        "total": None,
        "error": filters.error,
    }
    return _page(request, cases, context, status=filters.status)
