"""The public map and list of recent cases (last 90 days), with their markers as GeoJSON."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from chengguan.cases.states import State

from .. import selectors
from ..forms import MapFilterForm
from .common import public_page

PAGE_SIZE = 20
MAX_FEATURES = 1000
# Plain rows, not model instances: a thousand markers are built on every map view.
MARKER_FIELDS = ("number", "lng", "lat", "state", "category__name", "community__name", "address")
URL_PLACEHOLDER = "000000"


def _filters(request) -> tuple[MapFilterForm, dict]:
    form = MapFilterForm(request.GET or None)
    return form, (form.filters() if form.is_bound else {})


@public_page
def case_map(request):
    form, filters = _filters(request)
    cases = selectors.recent_public_cases(**filters)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"case": case, "icon": selectors.icon_for(case.category)} for case in page]
    query = request.GET.copy()
    query.pop("page", None)
    markers_url = reverse("portal:markers") + (f"?{query.urlencode()}" if query else "")
    context = {"form": form, "page": page, "rows": rows, "markers_url": markers_url}
    return render(request, "portal/map.html", context)


def _feature(row: dict, state_labels: dict, url_pattern: str) -> dict:
    place = row["community__name"] or (row["address"][:30] if row["address"] else "")
    number = row["number"]
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(row["lng"], 6), round(row["lat"], 6)]},
        "properties": {
            "number": number,
            "title": " · ".join(part for part in (number, row["category__name"], place) if part),
            "state": row["state"],
            "state_label": state_labels.get(row["state"], row["state"]),
            "url": url_pattern.replace(URL_PLACEHOLDER, number),
        },
    }


def markers(request):
    _form, filters = _filters(request)
    rows = selectors.newest_markers(filters, MARKER_FIELDS, MAX_FEATURES)
    state_labels = {value: str(label) for value, label in State.choices}
    url_pattern = reverse("portal:case", args=[URL_PLACEHOLDER])  # one reverse, not one per marker
    features = [_feature(row, state_labels, url_pattern) for row in rows]
    collection = {"type": "FeatureCollection", "features": features}
    response = JsonResponse(collection, json_dumps_params={"ensure_ascii": False})  # a third fewer bytes
    response["Content-Type"] = "application/geo+json"
    response["Cache-Control"] = "public, max-age=60"
    return response
