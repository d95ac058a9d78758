"""Monthly scores: the table per department (leaders: their subtree; discipline office: all), the Excel
export, and each person's history (oneself, or anyone in scope)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from chengguan.org.rules import staff_of

from .. import exports, rules, selectors
from .common import month_param, staff_required

leaders_required = staff_required(lambda user: rules.is_discipline(user) or rules.is_leader(user))


def _table(request):
    month = month_param(request)
    departments = selectors.visible_departments(request.user)
    wanted = request.GET.get("department", "")
    department = departments.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    staff = selectors.visible_staff(request.user)
    if department is not None:
        staff = staff.filter(department__path__startswith=department.path)
    rows = selectors.monthly_scores(staff, month)
    sort = request.GET.get("sort", "department")
    if sort == "score":
        rows.sort(key=lambda r: (r["score"], r["staff"].employee_no))
    elif sort == "-score":
        rows.sort(key=lambda r: (-r["score"], r["staff"].employee_no))
    return month, departments, department, rows, sort


@leaders_required
def score_table(request):
    month, departments, department, rows, sort = _table(request)
    context = {
        "month": month,
        "departments": departments,
        "department": department,
        "rows": rows,
        "sort": sort,
        "base": selectors.base_score(),
    }
    template = "conduct/_score_rows.html" if request.headers.get("HX-Request") else "conduct/score_table.html"
    return render(request, template, context)


@leaders_required
def score_export(request):
    month, _departments, department, rows, _sort = _table(request)
    name = department.name if department else _("all departments in scope")
    data = exports.scores_workbook(rows, month=month, department_name=name)
    exports.record_export(user=request.user, request=request, month=month, rows=len(rows))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="conduct-scores-{month:%Y-%m}.xlsx"'
    return response


@staff_required()
def score_history(request, pk: int | None = None):
    if pk is None:
        member = staff_of(request.user)
        if member is None:
            raise Http404(_("No staff record."))
    else:
        member = selectors.visible_staff(request.user).filter(pk=pk).first()
        if member is None:
            raise Http404(_("No such staff member."))
    context = {"member": member, "history": selectors.score_history(member), "base": selectors.base_score()}
    return render(request, "conduct/score_history.html", context)
