"""Reads of the gazetteer: place search (names, aliases, traditional characters, pinyin initials) and
reverse lookup (the community, street and nearest landmark or road at a point).

Every process keeps one `Gazetteer` in memory, rebuilt when the places or the grid change
(`VersionedCache`); searches are answered from it (and remembered per query), so neither needs a query."""

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import shapely
from django.utils.translation import gettext
from pypinyin import Style, lazy_pinyin
from shapely.geometry import shape

from chengguan.core import geo
from chengguan.core.text import normalize
from chengguan.core.versioning import VersionedCache

from . import locator
from .models import Area, Place, PlaceKind, split_aliases
from .selectors import active_cell
from .signals import GRID_VERSION_KEY, PLACES_VERSION_KEY

METRES_PER_DEGREE = 111_195.0
NEAREST_WITHIN_M = 600  # a landmark farther than this from the pin does not describe where it is
SEARCH_LIMIT = 10
_REMEMBERED_QUERIES = 2000
_KIND_ORDER = {
    kind: i
    for i, kind in enumerate(
        [
            PlaceKind.LANDMARK,
            PlaceKind.SCHOOL,
            PlaceKind.MARKET,
            PlaceKind.COMPOUND,
            PlaceKind.ROAD,
            PlaceKind.OTHER,
        ]
    )
}


def initials(text: str) -> str:
    """Pinyin initials of the Chinese characters, other letters and digits kept: 贵池中学 → gczx."""
    return "".join(part[0] for part in lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default") if part)


def search_key(text: str) -> str:
    return normalize(text).lower().replace(" ", "")


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    name: str
    kind: str
    aliases: tuple[str, ...]
    lng: float
    lat: float
    bounds: tuple[float, float, float, float]
    street_id: int | None
    community_id: int | None
    keys: tuple[str, ...]  # normalised name and aliases
    letters: tuple[str, ...]  # their pinyin initials

    def as_dict(self, area_names: dict[int, str]) -> dict:
        street, community = area_names.get(self.street_id, ""), area_names.get(self.community_id, "")
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "kind_label": str(PlaceKind(self.kind).label),
            "aliases": list(self.aliases),
            "lng": self.lng,
            "lat": self.lat,
            "bounds": list(self.bounds),
            "street": street,
            "community": community,
            "line": " · ".join(part for part in (self.name, community, street) if part),
        }


class Gazetteer:
    def __init__(self, entries: list[Entry], geometries: list):
        self.entries = entries
        self._haystack = ["\x00".join(e.keys + e.letters) for e in entries]
        self._lat0 = float(np.mean([e.lat for e in entries])) if entries else 30.0
        self._kx = math.cos(math.radians(self._lat0))
        projected = [shapely.transform(g, self._project) for g in geometries]
        self.tree = shapely.STRtree(projected) if projected else None
        self._results: OrderedDict[tuple[str, int], list[Entry]] = OrderedDict()
        self._lock = threading.Lock()

    def _project(self, coords: np.ndarray) -> np.ndarray:
        """Local equirectangular metres-like units (degrees of latitude): distances are isotropic."""
        return np.column_stack((coords[:, 0] * self._kx, coords[:, 1]))

    def search(self, query: str, limit: int = SEARCH_LIMIT) -> list[Entry]:
        key = search_key(query)
        if not key:
            return []
        remembered = self._results.get((key, limit))
        if remembered is not None:
            return remembered
        ascii_letters = key.isascii() and key.isalpha()
        scored = []
        for i, haystack in enumerate(self._haystack):
            if key not in haystack:
                continue
            entry = self.entries[i]
            best = min(_score(key, k) for k in entry.keys)
            if ascii_letters:
                best = min(best, *(_score(key, k) + 0.5 for k in entry.letters))
            scored.append((best, _KIND_ORDER.get(entry.kind, 9), len(entry.name), entry.name, entry))
        scored.sort(key=lambda row: row[:4])
        results = [row[-1] for row in scored[:limit]]
        with self._lock:
            self._results[(key, limit)] = results
            if len(self._results) > _REMEMBERED_QUERIES:
                self._results.popitem(last=False)
        return results

    def nearest(
        self, lng: float, lat: float, within_m: float = NEAREST_WITHIN_M
    ) -> tuple[Entry, float] | None:
        if self.tree is None:
            return None
        point = shapely.Point(lng * self._kx, lat)
        found, distances = self.tree.query_nearest(
            point, max_distance=within_m / METRES_PER_DEGREE, return_distance=True, all_matches=True
        )
        if not len(found):
            return None
        best = min(
            range(len(found)), key=lambda i: (distances[i], _KIND_ORDER.get(self.entries[found[i]].kind, 9))
        )
        return self.entries[int(found[best])], float(distances[best]) * METRES_PER_DEGREE


def _score(query: str, key: str) -> float:
    if key == query:
        return 0
    if key.startswith(query):
        return 1
    return 2 if query in key else 99


def _build() -> Gazetteer:
    entries, geometries = [], []
    rows = Place.objects.filter(is_active=True).order_by("pk")
    for place in rows.iterator(chunk_size=2000):
        try:
            geom = shape(place.geometry)
        except Exception:  # noqa: BLE001 - a broken row must not take the gazetteer down
            continue
        labels = [place.name, *split_aliases(place.aliases)]
        keys = tuple(dict.fromkeys(search_key(label) for label in labels if search_key(label)))
        entries.append(
            Entry(
                id=place.pk,
                name=place.name,
                kind=place.kind,
                aliases=tuple(split_aliases(place.aliases)),
                lng=place.anchor_lng,
                lat=place.anchor_lat,
                bounds=(place.min_lng, place.min_lat, place.max_lng, place.max_lat),
                street_id=place.street_id,
                community_id=place.community_id,
                keys=keys,
                letters=tuple(dict.fromkeys(initials(k) for k in keys)),
            )
        )
        geometries.append(geom)
    return Gazetteer(entries, geometries)


_places: VersionedCache[Gazetteer] = VersionedCache(PLACES_VERSION_KEY, _build)
_area_names: VersionedCache[dict[int, str]] = VersionedCache(
    GRID_VERSION_KEY, lambda: dict(Area.objects.values_list("pk", "name"))
)


def get_gazetteer() -> Gazetteer:
    return _places.get()


def search_places(query: str, *, limit: int = SEARCH_LIMIT) -> list[dict]:
    """Places whose name or an alias contains the query (simplified or traditional characters, full- or
    half-width), or whose pinyin initials do (gczx → 贵池中学): exact matches first, then prefixes, then the
    rest; landmarks and schools before roads. At most `limit`."""
    names = _area_names.get()
    return [entry.as_dict(names) for entry in get_gazetteer().search(query, limit=max(1, min(limit, 50)))]


def describe_point(lng: float, lat: float, crs: str = geo.WGS84) -> dict:
    """What a pin at a point is: its cell, community and street, the nearest landmark or road, and one
    line naming them ("community · street · near X"). ValueError for an unknown crs or a bad point."""
    lng, lat = geo.to_wgs84(lng, lat, crs)
    hit = locator.locate(lng, lat)
    cell = hit and active_cell(hit.cell_id)
    community = cell.community if cell else None
    street = community.parent if community is not None else None
    near = get_gazetteer().nearest(lng, lat)
    nearest = None
    if near is not None:
        entry, distance = near
        nearest = {"id": entry.id, "name": entry.name, "kind": entry.kind, "distance_m": round(distance)}
    parts = [community.name if community else "", street.name if street else ""]
    if nearest:
        parts.append(gettext("near %(name)s") % {"name": nearest["name"]})
    return {
        "lng": round(lng, 7),
        "lat": round(lat, 7),
        "cell": {"id": cell.pk, "code": cell.code} if cell else None,
        "community": community.name if community else None,
        "street": street.name if street else None,
        "nearest": nearest,
        "line": " · ".join(part for part in parts if part),
    }
