"""The inspector's verification list: handled cases, oldest first, with the handling note and the photos
after handling; passed, or failed with a note (and photos) back to the department for rework."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from .. import selectors
from . import registry
from .common import VERIFY_ROLES, role_required, row_done, row_item

PAGE_SIZE = 20


def _row(request, case, *, bound=None) -> dict:
    names = [name for name in registry.available_actions(case, request.user) if name == "verify"]
    return {
        "case": case,
        "forms": registry.action_forms(case, request, names, bound=bound),
        "target": f"row-{case.number}",
    }


@role_required(*VERIFY_ROLES)
def verify_list(request):
    cases = selectors.verify_cases(request.user)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "rows": [_row(request, case) for case in page],
        "markers_url": reverse("cases:geojson") + "?scope=verify",
        "next_url": request.get_full_path(),
    }
    return render(request, "cases/verify.html", context)


def render_row(request, case, *, bound=None, notice: str = "", refusal: str = "", back: str = ""):
    fresh = selectors.verify_cases(request.user).filter(pk=case.pk).first()
    if fresh is None:
        visible = selectors.case_for(request.user, case.number) is not None
        return row_done(request, case, notice=notice or refusal, visible=visible)
    row = _row(request, fresh, bound=bound)
    return row_item(request, "cases/_verify_item.html", row, notice=notice, refusal=refusal, back=back)
