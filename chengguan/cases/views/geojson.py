"""Case points as GeoJSON for the pages' maps, scoped like the page that asks: the desk's cases, the
department inbox, the verification list, the filtered list, or one case."""

from django.http import JsonResponse
from django.urls import reverse

from chengguan.core.forms import errors_sentence

from .. import selectors
from .common import DESK_ROLES, INBOX_ROLES, VERIFY_ROLES, forbidden, has_page_role, role_required
from .lists import filtered_cases

MAX_FEATURES = 2000


def _scoped(request, scope: str):
    """The cases of `scope`, or None when the user's roles do not open that page."""
    user = request.user
    if scope == "desk":
        return selectors.desk_cases(user) if has_page_role(user, DESK_ROLES) else None
    if scope == "inbox":
        return selectors.inbox_cases(user) if has_page_role(user, INBOX_ROLES) else None
    if scope == "verify":
        return selectors.verify_cases(user) if has_page_role(user, VERIFY_ROLES) else None
    if scope == "case":
        return selectors.visible_cases(user).filter(number=request.GET.get("case", ""))
    cases, form, _params = filtered_cases(
        request
    )  # the list's own filters: the map shows what the table lists
    if form.errors:
        raise FilterRefused(errors_sentence(form))
    return cases


class FilterRefused(Exception):
    pass


def _feature(case) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(case.lng, 6), round(case.lat, 6)]},
        "properties": {
            "number": case.number,
            "title": f"{case.number} {case.description[:40]}",
            "state": case.state,
            "state_label": str(case.get_state_display()),
            "url": reverse("cases:detail", args=[case.number]),
        },
    }


@role_required()
def cases_geojson(request):
    try:
        cases = _scoped(request, request.GET.get("scope", "list"))
    except FilterRefused as refused:
        return JsonResponse({"error": str(refused)}, status=400)
    if cases is None:
        return forbidden(request)
    cases = cases.filter(lng__isnull=False, lat__isnull=False).select_related(None).prefetch_related(None)
    cases = cases.only("number", "description", "state", "lng", "lat")
    features = [_feature(case) for case in cases[:MAX_FEATURES]]
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Content-Type"] = "application/geo+json"
    response["Cache-Control"] = "private, no-cache"
    return response
