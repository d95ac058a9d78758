"""The public map and list of recent cases (last 90 days), with their markers as GeoJSON."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from .. import selectors
from ..forms import MapFilterForm
from .common import public_page

PAGE_SIZE = 20
MAX_FEATURES = 1000


def _filtered(request):
    form = MapFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    return form, selectors.recent_public_cases(**filters)


@public_page
def case_map(request):
    form, cases = _filtered(request)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"case": case, "icon": selectors.icon_for(case.category)} for case in page]
    query = request.GET.copy()
    query.pop("page", None)
    markers_url = reverse("portal:markers") + (f"?{query.urlencode()}" if query else "")
    context = {"form": form, "page": page, "rows": rows, "markers_url": markers_url}
    return render(request, "portal/map.html", context)


def _feature(case) -> dict:
    name = case.category.name if case.category else ""
    place = case.community.name if case.community else (case.address[:30] if case.address else "")
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(case.lng, 6), round(case.lat, 6)]},
        "properties": {
            "number": case.number,
            "title": " · ".join(part for part in (case.number, name, place) if part),
            "state": case.state,
            "state_label": str(case.get_state_display()),
            "url": reverse("portal:case", args=[case.number]),
        },
    }


def markers(request):
    _form, cases = _filtered(request)
    cases = cases.filter(lng__isnull=False, lat__isnull=False)[:MAX_FEATURES]
    response = JsonResponse({"type": "FeatureCollection", "features": [_feature(case) for case in cases]})
    response["Content-Type"] = "application/geo+json"
    response["Cache-Control"] = "public, max-age=60"
    return response
