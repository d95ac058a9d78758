"""The report archive: generated monthly and yearly reports to download (PDF, Excel), and generating one
now. Downloads are audited (exports of figures about named departments and staff)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengguan.core import audit
from chengguan.core.forms import messages_of
from chengguan.core.refusals import Refused

from .. import periods, rules, selectors, services
from ..models import PeriodKind
from .common import can_manage, forbidden, viewer_required


def _report_reader(view):
    """Reports rank every department and member of staff: bureau-wide roles only."""

    def wrapped(request, *args, **kwargs):
        if not rules.sees_everything(request.user):
            return forbidden(request, _("Reports are for the bureau's leaders and command centre."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return viewer_required(wrapped)


@_report_reader
def archive(request):
    kind = request.GET.get("kind", "")
    reports = selectors.reports(request.user)
    if kind in PeriodKind.values:
        reports = reports.filter(period_kind=kind)
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "reports": page.object_list,
        "kind": kind,
        "can_manage": can_manage(request.user),
        "default_period": periods.previous_month(periods.this_month()).label,
    }
    return render(request, "assessment/reports.html", context)


@require_POST
@_report_reader
def generate(request):
    try:
        period = periods.parse(request.POST.get("period", ""))
        report = services.generate_report(actor=request.user, period=period)
        messages.success(request, _("The report of %(period)s is ready.") % {"period": report.label})
    except PermissionDenied as exc:
        return forbidden(request, str(exc))
    except ValueError as exc:
        messages.error(request, str(exc))
    except (ValidationError, Refused) as exc:
        messages.error(request, messages_of(exc))
    return redirect(reverse("assessment:reports"))


@_report_reader
def download(request, pk: int, fmt: str):
    report = get_object_or_404(selectors.reports(request.user), pk=pk)
    file = {"pdf": report.pdf, "xlsx": report.xlsx}.get(fmt)
    if file is None or not file.name:
        raise Http404
    audit.record(
        audit.Action.EXPORT, actor=request.user, target=report, data={"format": fmt}, request=request
    )
    return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1])
