"""The hints on a page of desk rows (likely duplicates with their 并单 buttons, a category the classifier
doubts), loaded by the page after it is shown (htmx, out-of-band swaps into each row): finding them was a
fifth of the desk page's time at 1M cases (BENCHMARKS.md), and a dispatcher reads the rows first."""

import re

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import selectors
from . import registry
from .common import DESK_ROLES, next_url, role_required

MAX_ROWS = 50  # more than a desk page holds
CASE_NUMBER = re.compile(r"\d{6,20}")


@require_GET
@role_required(*DESK_ROLES)
def desk_hints(request):
    numbers = request.GET.getlist("cases")
    if len(numbers) > MAX_ROWS or not all(CASE_NUMBER.fullmatch(number) for number in numbers):
        return HttpResponseBadRequest(
            _("Give at most %(n)d case numbers.") % {"n": MAX_ROWS}, content_type="text/plain; charset=utf-8"
        )
    ids = selectors.case_ids_by_number(request.user, numbers)
    cases = selectors.cases_by_ids(request.user, [ids[number] for number in numbers if number in ids])
    cases = selectors.with_category_doubts(selectors.with_duplicates(request.user, cases))
    token = csrf_input(request)
    rows = [
        {
            "case": case,
            "target": f"row-{case.number}",
            "csrf_input": token,
            "may_merge": bool(case.duplicates) and "merge" in registry.available_actions(case, request.user),
        }
        for case in cases
    ]
    back = next_url(request, reverse("cases:desk"))
    return render(request, "cases/_desk_hints.html", {"rows": rows, "next_url": back})
