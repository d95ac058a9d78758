"""GET /api/v1/grid/layers/<layer>?z=&bbox=: the map's own base layers as GeoJSON (public, cached).

A plain Django view rather than a DRF one: it answers from the process's ready-made layers, and counting
it against the API throttles (a database write per call) would cost more than the answer."""

import math

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .layers import LAYERS, layer_collection


def _bbox(text: str) -> tuple[float, float, float, float] | None:
    parts = text.split(",")
    if len(parts) != 4:
        raise ValueError
    west, south, east, north = (float(p) for p in parts)
    if not all(math.isfinite(v) for v in (west, south, east, north)) or west > east or south > north:
        raise ValueError
    return west, south, east, north


@require_GET
@cache_control(public=True, max_age=60)
def layer_view(request, layer: str):
    if layer not in LAYERS:
        return JsonResponse({"code": "unknown_layer", "message": gettext("No such map layer.")}, status=404)
    try:
        zoom = int(request.GET.get("z", "15"))
        bbox = _bbox(request.GET["bbox"]) if request.GET.get("bbox") else None
    except ValueError:
        message = gettext("z must be a whole number and bbox four numbers: west,south,east,north.")
        return JsonResponse({"code": "invalid", "message": message}, status=400)
    return HttpResponse(layer_collection(layer, zoom=zoom, bbox=bbox), content_type="application/geo+json")
