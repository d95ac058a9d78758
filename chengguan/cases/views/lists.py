"""All cases the user may see: a filter bar, sorting, paging, reporters masked, and an export for those
allowed to export (the exports module, when it is installed)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengguan.core.forms import errors_sentence
from chengguan.core.privacy import mask_name, mask_phone

from .. import selectors
from ..exports import export_cases
from . import queues
from .common import ANY_STAFF, forbidden, role_required

PAGE_SIZE = 25
SORTS = [*queues.SORTS, ("number", gettext_lazy("Number"))]


def filtered_cases(request):
    """The user's cases with the page's filters, and the filter form (with any errors)."""
    return queues.apply_filters(request, selectors.visible_cases(request.user))


@role_required(*ANY_STAFF)
def case_list(request):
    if (back := queues.remembered(request, "list")) is not None:
        return back
    cases, form, params = filtered_cases(request)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.with_duplicates(request.user, page.object_list)
    for case in rows:
        case.masked_name, case.masked_phone = mask_name(case.reporter_name), mask_phone(case.reporter_phone)
    selectors.with_category_doubts(rows)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page_obj": page,
        "rows": rows,
        "filter_form": form,
        "clear_url": queues.clear_url(request),
        "sorts": SORTS,
        "filtered": bool(params),
        "may_export": request.user.has_perm("cases.export_cases"),
        "export_query": query.urlencode(),
        "markers_url": reverse("cases:geojson") + "?scope=list&" + query.urlencode(),
    }
    if form.errors:
        return render(request, "cases/list.html", context, status=400)
    queues.remember(request, "list")
    return render(request, "cases/list.html", context)


@role_required(*ANY_STAFF)
def export(request):
    """The filtered list as CSV or Excel (`fmt`), through `cases.exports`; a refused filter is a 400."""
    if not request.user.has_perm("cases.export_cases"):
        return forbidden(request, _("You may not export cases."))
    fmt = request.GET.get("fmt", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Unknown export format."))
    cases, form, params = filtered_cases(request)
    if form.errors:
        return HttpResponseBadRequest(errors_sentence(form), content_type="text/plain; charset=utf-8")
    content, content_type, filename = export_cases(
        cases, fmt=fmt, actor=request.user, filters=params, request=request
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
