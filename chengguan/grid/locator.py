"""Point → cell: which active grid cell a position falls in.

Every process keeps one `Locator` in memory, built from all active cells and rebuilt when the grid
version changes (`VersionedCache("grid", …)`; the version is bumped by the grid signals and by the
importer). Cells are held as prepared shapely geometries in code order:

- `locate_many` queries a shapely `STRtree` with an array of points at once;
- single `locate` calls create no shapely object: a bucket grid (buckets half a typical cell wide) maps a
  position to the few cells whose polygons touch its bucket — or straight to the cell covering the whole
  bucket — and `shapely.intersects_xy` on the prepared polygons decides between candidates.

A point on the edge shared by two cells belongs to both polygons; it goes to the cell with the lowest
code, in both paths, in every process."""

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import intersects_xy
from shapely.geometry import shape

from chengguan.core import geo
from chengguan.core.versioning import VersionedCache

from .models import Cell
from .signals import GRID_VERSION_KEY

logger = logging.getLogger(__name__)

_BUCKETS_PER_CELL_SIDE = 2  # bucket side = median cell extent / 2
_MAX_PAIRS_PER_CELL = 64  # coarser buckets when a few huge cells would need too many


@dataclass(frozen=True, slots=True)
class CellHit:
    cell_id: int
    code: str


class Locator:
    """An immutable index over cells; `cells` are (id, code, shapely geometry) in code order."""

    def __init__(self, cells: list[tuple[int, str, object]]):
        self.hits = [CellHit(cell_id, code) for cell_id, code, _ in cells]
        self.geometries = np.array([geom for _, _, geom in cells] or [], dtype=object)
        shapely.prepare(self.geometries)
        self.tree = shapely.STRtree(self.geometries)
        self._build_buckets()
        # GEOS builds a prepared polygon's point-in-area index on first use, and that lazy step is not
        # thread-safe (libgeos/geos#825): do it now, before any request thread sees this locator.
        corners = shapely.bounds(self.geometries)
        shapely.intersects_xy(self.geometries, corners[:, 0], corners[:, 1])

    def __len__(self) -> int:
        return len(self.hits)

    def _build_buckets(self) -> None:
        self._buckets: dict[int, object] = {}
        self._x0 = self._y0 = 0.0
        self._inv = 1.0
        self._nx = 0
        n = len(self.hits)
        if not n:
            return
        bounds = shapely.bounds(self.geometries)
        extent = np.maximum(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1])
        size = max(float(np.median(extent)) / _BUCKETS_PER_CELL_SIDE, 1e-7)
        x0, y0 = float(bounds[:, 0].min()), float(bounds[:, 1].min())
        while True:  # (cell, bucket) pairs of every cell with each bucket its bounding box touches
            inv = 1.0 / size
            gx0, gx1 = np.floor((bounds[:, 0] - x0) * inv), np.floor((bounds[:, 2] - x0) * inv)
            gy0, gy1 = np.floor((bounds[:, 1] - y0) * inv), np.floor((bounds[:, 3] - y0) * inv)
            wx, wy = (gx1 - gx0 + 1).astype(np.int64), (gy1 - gy0 + 1).astype(np.int64)
            if int((wx * wy).sum()) <= _MAX_PAIRS_PER_CELL * n:
                break
            size *= 2
        nx = int(math.floor((bounds[:, 2].max() - x0) * inv)) + 1
        count = wx * wy
        cell = np.repeat(np.arange(n), count)
        offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        px = gx0.astype(np.int64)[cell] + offset % wx[cell]
        py = gy0.astype(np.int64)[cell] + offset // wx[cell]
        pad = size * 1e-6  # buckets are tested a little larger than they are, against rounding
        boxes = shapely.box(
            x0 + px * size - pad, y0 + py * size - pad, x0 + (px + 1) * size + pad, y0 + (py + 1) * size + pad
        )
        touches = shapely.intersects(self.geometries[cell], boxes)
        covers = shapely.contains_properly(self.geometries[cell], boxes)
        cell, key, covers = cell[touches], (py * nx + px)[touches], covers[touches]
        order = np.lexsort((cell, key))
        cell, key, covers = cell[order], key[order], covers[order]
        keys, starts, counts = np.unique(key, return_index=True, return_counts=True)
        geoms, hits = self.geometries, self.hits
        for k, start, c in zip(keys.tolist(), starts.tolist(), counts.tolist(), strict=True):
            if covers[start]:  # the bucket lies inside the lowest-coded cell touching it: no test needed
                self._buckets[k] = hits[cell[start]]
            else:
                self._buckets[k] = tuple(
                    (*bounds[i].tolist(), geoms[i], hits[i]) for i in cell[start : start + c].tolist()
                )
        self._x0, self._y0, self._inv, self._nx = x0, y0, inv, nx

    def locate(self, lng: float, lat: float) -> CellHit | None:
        """The cell at a WGS-84 point (not range-checked: use the module's `locate` for input)."""
        gx = math.floor((lng - self._x0) * self._inv)
        if gx < 0 or gx >= self._nx:
            return None
        entry = self._buckets.get(math.floor((lat - self._y0) * self._inv) * self._nx + gx)
        if entry is None or type(entry) is CellHit:
            return entry
        for west, south, east, north, geom, hit in entry:
            if west <= lng <= east and south <= lat <= north and intersects_xy(geom, lng, lat):
                return hit
        return None

    def locate_many(self, lng: np.ndarray, lat: np.ndarray) -> list[CellHit | None]:
        """The cells at arrays of WGS-84 points, by one STRtree query."""
        found: list[CellHit | None] = [None] * len(lng)
        if not len(lng) or not len(self.hits):
            return found
        points, cells = self.tree.query(shapely.points(lng, lat), predicate="intersects")
        order = np.lexsort((cells, points))  # per point, the lowest cell index (= lowest code) first
        points, cells = points[order], cells[order]
        first = np.unique(points, return_index=True)[1]
        for point, cell in zip(points[first].tolist(), cells[first].tolist(), strict=True):
            found[point] = self.hits[cell]
        return found


def build() -> Locator:
    cells = []
    rows = Cell.objects.filter(is_active=True).order_by("code").values_list("id", "code", "geometry")
    for cell_id, code, geometry in rows.iterator(chunk_size=2000):
        try:
            geom = shape(geometry)
        except Exception as exc:  # a broken row must not take the whole grid down
            logger.error("grid cell %s has an unreadable geometry and is left out: %s", code, exc)
            continue
        cells.append((cell_id, code, geom))
    return Locator(cells)


_cache: VersionedCache[Locator] = VersionedCache(GRID_VERSION_KEY, build)


def get_locator() -> Locator:
    return _cache.get()


def reset() -> None:
    """Forget the in-memory locator: the next call rebuilds it."""
    _cache.invalidate()


def locate(lng: float, lat: float, crs: str = geo.WGS84) -> CellHit | None:
    """The active cell containing a point given in `crs`, or None outside the grid.

    ValueError for an unknown crs or coordinates out of range."""
    if crs == geo.WGS84 and type(lng) is float and type(lat) is float:  # the hot path
        if not (-180.0 <= lng <= 180.0 and -90.0 <= lat <= 90.0):
            geo.check_lng_lat(lng, lat)
        return _cache.get().locate(lng, lat)
    lng, lat = geo.to_wgs84(lng, lat, crs)
    return _cache.get().locate(lng, lat)


def locate_many(points: Iterable[tuple[float, float]], crs: str = geo.WGS84) -> list[CellHit | None]:
    """`locate` for many (lng, lat) points at once (a sequence of pairs or an (n, 2) array)."""
    coords = np.asarray(points if isinstance(points, np.ndarray) else list(points), dtype=float)
    if coords.size == 0:
        return []
    if coords.ndim != 2 or coords.shape[1] != 2:
        raise ValueError("points must be (lng, lat) pairs")
    lng, lat = geo.to_wgs84_array(coords[:, 0], coords[:, 1], crs)
    return _cache.get().locate_many(lng, lat)
