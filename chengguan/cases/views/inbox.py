"""The department inbox: the cases the user's department (and its units) holds, overdue first then by
deadline, with the working time left and quick actions (start, report handled with photos, send back,
request an extension or suspension)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from .. import deadlines, selectors
from . import queues, registry
from .common import INBOX_ROLES, role_required, row_done, row_item, working_time_label

PAGE_SIZE = 25
INBOX_ACTIONS = ("start", "report_handled", "send_back", "request_extension", "request_suspension")


def _cases(user):
    return selectors.inbox_cases(user)


def _row(request, case, now, *, bound=None) -> dict:
    names = [name for name in registry.available_actions(case, request.user) if name in INBOX_ACTIONS]
    return {
        "case": case,
        "remaining": working_time_label(deadlines.remaining_hours(case, now=now)),
        "overdue": deadlines.is_overdue(case, now=now),
        "pending": selectors.pending_request(case),
        "forms": registry.action_forms(case, request, names, bound=bound),
        "target": f"row-{case.number}",
    }


@role_required(*INBOX_ROLES)
def inbox(request):
    if (back := queues.remembered(request, "inbox")) is not None:
        return back
    now = timezone.now()
    everything = _cases(request.user)
    cases, form, params = queues.apply_filters(request, everything, default_sort=None)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "rows": [_row(request, case, now) for case in page],
        "overdue_count": everything.filter(deadline__lt=now).count(),
        "filter_form": form,
        "filtered": bool(params),
        "sorts": queues.SORTS,
        "clear_url": queues.clear_url(request),
        "markers_url": reverse("cases:geojson") + "?scope=inbox",
        "next_url": request.get_full_path(),
    }
    if form.errors:
        return render(request, "cases/inbox.html", context, status=400)
    queues.remember(request, "inbox")
    return render(request, "cases/inbox.html", context)


def render_row(request, case, *, bound=None, notice: str = "", refusal: str = "", back: str = ""):
    fresh = _cases(request.user).filter(pk=case.pk).first()
    if fresh is None:
        visible = selectors.case_for(request.user, case.number) is not None
        return row_done(request, case, notice=notice or refusal, visible=visible)
    row = _row(request, fresh, timezone.now(), bound=bound)
    return row_item(request, "cases/_inbox_item.html", row, notice=notice, refusal=refusal, back=back)
