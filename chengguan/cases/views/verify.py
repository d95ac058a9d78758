"""The inspector's verification list: handled cases, oldest first (or nearest first to where the inspector
stands), optionally in one street or community, each with the photos before (with the report) and after
handling side by side, the handling note, and the verification form: passed, or failed with a note (and
photos) back to the department for rework."""

import math

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from chengguan.core.geo import check_lng_lat

from .. import selectors
from . import registry
from .common import VERIFY_ROLES, role_required, row_done, row_item

PAGE_SIZE = 20
EARTH_RADIUS_M = 6_371_008.8


class BadFilter(ValueError):
    """A filter parameter that cannot be used; its message is for the inspector."""


def _row(request, case, *, bound=None, near=None) -> dict:
    names = [name for name in registry.available_actions(case, request.user) if name == "verify"]
    return {
        "case": case,
        "forms": registry.action_forms(case, request, names, bound=bound),
        "target": f"row-{case.number}",
        "gallery": f"verify-{case.number}",
        "metres": _metres(near, case) if near else None,
    }


def _metres(near, case) -> int | None:
    """Great-circle distance from the inspector to the case, in metres."""
    if case.lng is None or case.lat is None:
        return None
    lng1, lat1 = near
    p1, p2 = math.radians(lat1), math.radians(case.lat)
    dp, dl = p2 - p1, math.radians(case.lng - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(math.sqrt(a)))


def _near(params) -> tuple[float, float] | None:
    lng, lat = (params.get("lng") or "").strip(), (params.get("lat") or "").strip()
    if not lng and not lat:
        return None
    if not lng or not lat:
        raise BadFilter(_("Give both longitude and latitude to sort the nearest cases first."))
    try:
        point = float(lng), float(lat)
        check_lng_lat(*point)
    except ValueError:
        raise BadFilter(
            _("%(lng)s, %(lat)s is no position: longitude −180…180 and latitude −90…90, in degrees.")
            % {"lng": lng[:20], "lat": lat[:20]}
        ) from None
    return point


def _area(params):
    code = (params.get("area") or "").strip()
    if not code:
        return None
    area = selectors.verify_area(code)
    if area is None:
        raise BadFilter(_("There is no street or community with the code %(code)s.") % {"code": code[:20]})
    return area


@role_required(*VERIFY_ROLES)
def verify_list(request):
    error, area, near = "", None, None
    try:
        area, near = _area(request.GET), _near(request.GET)
    except BadFilter as exc:
        error = str(exc)
    cases = selectors.verify_cases(request.user, area=area, near=near)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "rows": [] if error else [_row(request, case, near=near) for case in page],
        "areas": selectors.verify_areas(),
        "area": area.code if area else "",
        "lng": request.GET.get("lng", "")[:20] if near else "",
        "lat": request.GET.get("lat", "")[:20] if near else "",
        "near": near,
        "error": error,
        "markers_url": reverse("cases:geojson") + "?scope=verify",
        "next_url": request.get_full_path(),
    }
    return render(request, "cases/verify.html", context, status=400 if error else 200)


def render_row(request, case, *, bound=None, notice: str = "", refusal: str = "", back: str = ""):
    fresh = selectors.verify_cases(request.user).filter(pk=case.pk).first()
    if fresh is None:
        visible = selectors.case_for(request.user, case.number) is not None
        return row_done(request, case, notice=notice or refusal, visible=visible)
    row = _row(request, fresh, bound=bound)
    return row_item(request, "cases/_verify_item.html", row, notice=notice, refusal=refusal, back=back)
