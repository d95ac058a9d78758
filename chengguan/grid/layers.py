"""The map's own base layers: streets, communities, cells (with codes) and gazetteer places as GeoJSON,
simplified for the zoom level, so every map shows the city without a tile server.

Each process keeps the layers in memory (`VersionedCache`: rebuilt when the grid or the places change).
Per layer and zoom, every feature is simplified and serialised once, on first use, and kept with its
bounding box; a request joins the ready-made features that meet its box, so it costs no query and no
geometry work. Coordinates are WGS-84; the browser converts them for a GCJ-02 or BD-09 basemap."""

import json
import threading
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import mapping, shape

from chengguan.core.versioning import VersionedCache

from .models import Area, AreaLevel, Cell, Place
from .signals import GRID_VERSION_KEY, PLACES_VERSION_KEY

LAYERS = ("streets", "communities", "cells", "places")
MIN_ZOOM, MAX_ZOOM = 8, 19
CELLS_FROM_ZOOM = 15  # below this a 100 m cell is a few pixels: the communities say enough
MAX_FEATURES = 4000  # per response; a box wider than this many cells gets the first ones, flagged


def tolerance(zoom: int) -> float:
    """Degrees per half a screen pixel at `zoom` (Web Mercator, 256-pixel tiles): below what one sees."""
    return 360.0 / (256 * 2**zoom) / 2


@dataclass
class _Source:
    """One layer's features before simplification: shapes, properties and bounds (n × 4)."""

    shapes: list
    properties: list[dict]
    bounds: np.ndarray
    simplify: bool = True
    ready: dict[int, list[str]] = field(default_factory=dict)  # zoom → serialised features


def _round(coords: np.ndarray) -> np.ndarray:
    return np.round(coords, 6)


def _serialise(geom, properties: dict) -> str:
    geometry = mapping(shapely.transform(geom, _round))
    feature = {"type": "Feature", "geometry": geometry, "properties": properties}
    return json.dumps(feature, ensure_ascii=False, separators=(",", ":"))


class Layers:
    def __init__(self, sources: dict[str, _Source]):
        self.sources = sources
        self._lock = threading.Lock()

    def features(self, layer: str, zoom: int) -> list[str]:
        source = self.sources[layer]
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        ready = source.ready.get(zoom)
        if ready is None:
            with self._lock:
                ready = source.ready.get(zoom)
                if ready is None:
                    shapes = source.shapes
                    if source.simplify and shapes:
                        shapes = shapely.simplify(
                            np.array(shapes, dtype=object), tolerance(zoom), preserve_topology=True
                        )
                    ready = [_serialise(g, p) for g, p in zip(shapes, source.properties, strict=True)]
                    source.ready[zoom] = ready
        return ready

    def collection(self, layer: str, zoom: int, bbox: tuple[float, float, float, float] | None) -> str:
        """A GeoJSON FeatureCollection (as text) of the layer's features meeting `bbox` (west, south,
        east, north), simplified for `zoom`; cells only from CELLS_FROM_ZOOM."""
        if layer == "cells" and zoom < CELLS_FROM_ZOOM:
            return f'{{"type":"FeatureCollection","features":[],"hidden_below_zoom":{CELLS_FROM_ZOOM}}}'
        source = self.sources[layer]
        features = self.features(layer, zoom)
        if bbox is not None and len(features):
            west, south, east, north = bbox
            b = source.bounds
            meets = (b[:, 0] <= east) & (b[:, 2] >= west) & (b[:, 1] <= north) & (b[:, 3] >= south)
            chosen = np.flatnonzero(meets)
        else:
            chosen = np.arange(len(features))
        truncated = len(chosen) > MAX_FEATURES
        body = ",".join(features[i] for i in chosen[:MAX_FEATURES].tolist())
        extra = ',"truncated":true' if truncated else ""
        return f'{{"type":"FeatureCollection","features":[{body}]{extra}}}'


def _source(shapes: list, properties: list[dict], simplify: bool = True) -> _Source:
    bounds = shapely.bounds(np.array(shapes, dtype=object)) if shapes else np.zeros((0, 4))
    return _Source(shapes=shapes, properties=properties, bounds=bounds.reshape(-1, 4), simplify=simplify)


def _build_grid() -> dict[str, _Source]:
    names = dict(Area.objects.values_list("pk", "name"))
    areas = Area.objects.filter(geometry__isnull=False).order_by("code")
    areas = list(areas.only("id", "code", "name", "level", "parent_id", "geometry"))
    sources = {}
    for layer, level in (("streets", AreaLevel.STREET), ("communities", AreaLevel.COMMUNITY)):
        chosen = [a for a in areas if a.level == level and a.geometry]
        shapes = [shape(a.geometry) for a in chosen]
        props = [
            {
                "layer": layer[:-1] if layer == "streets" else "community",
                "code": a.code,
                "name": a.name,
                **({"street": names.get(a.parent_id, "")} if level == AreaLevel.COMMUNITY else {}),
            }
            for a in chosen
        ]
        sources[layer] = _source(shapes, props)
    shapes, props = [], []
    rows = Cell.objects.filter(is_active=True).order_by("code").values_list("code", "geometry")
    for code, geometry in rows.iterator(chunk_size=2000):
        try:
            shapes.append(shape(geometry))
        except Exception:  # noqa: BLE001 - the locator logs broken cells; the map leaves them out
            continue
        props.append({"layer": "cell", "code": code, "label": code[-3:]})
    sources["cells"] = _source(shapes, props)
    return sources


def _build_places() -> _Source:
    shapes, props = [], []
    for place in Place.objects.filter(is_active=True).order_by("kind", "name").iterator(chunk_size=2000):
        try:
            shapes.append(shape(place.geometry))
        except Exception:  # noqa: BLE001 - one broken row must not take the layer down
            continue
        props.append({"layer": "place", "id": place.pk, "name": place.name, "kind": place.kind})
    return _source(shapes, props)


_grid: VersionedCache[Layers] = VersionedCache(GRID_VERSION_KEY, lambda: Layers(_build_grid()))
_places: VersionedCache[Layers] = VersionedCache(
    PLACES_VERSION_KEY, lambda: Layers({"places": _build_places()})
)


def layer_collection(layer: str, *, zoom: int, bbox: tuple[float, float, float, float] | None = None) -> str:
    """The named layer (one of LAYERS) as GeoJSON text for a map at `zoom` showing `bbox`."""
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}: use one of {', '.join(LAYERS)}")
    layers = _places.get() if layer == "places" else _grid.get()
    return layers.collection(layer, zoom, bbox)
