"""WGS-84 ↔ GCJ-02 ("Mars coordinates") ↔ BD-09 (Baidu) conversion.

Chinese map SDKs (AMap, Tencent, the WeChat location API) report positions in GCJ-02, an obfuscated
datum whose offset from WGS-84 is a few hundred metres inside China. chengguan stores WGS-84 and
converts on input. The formulas are the widely published "eviltransform" ones (Krasovsky ellipsoid
constants); GCJ-02 → WGS-84 has no closed form and is solved by fixed-point iteration to well under
1e-7°. Points outside China's bounding rectangle are not offset by GCJ-02 and pass through unchanged.

BD-09 is Baidu's further shift of GCJ-02 (the published polar formula with the 3000π/180 factor);
its inverse is the published approximate one, good to about 1e-6°. The same formulas are in
web/static/web/crs.js for the browser.

Scalar functions take and return floats; the `*_array` variants take and return numpy arrays.
`clean_polygon` checks (and, from GCJ-02 or BD-09, converts) a GeoJSON boundary."""

import math
from types import ModuleType

import numpy as np
import shapely
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

WGS84 = "wgs84"  # also CGCS2000 (Tianditu): the two differ by centimetres, far below what a map shows
GCJ02 = "gcj02"  # AMap, Tencent, the WeChat location API
BD09 = "bd09"  # Baidu: GCJ-02 shifted once more
CRS_CHOICES = (WGS84, GCJ02, BD09)

EARTH_RADIUS_M = 6_371_008.8  # the mean radius
_A = 6378245.0  # semi-major axis of the Krasovsky 1940 ellipsoid, as in the published formulas
_EE = 0.00669342162296594323  # its first eccentricity squared
_TOLERANCE = 1e-9  # degrees; the iteration stops when the forward transform matches to this
_MAX_ITERATIONS = 30


def haversine_m(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    """The great-circle distance in metres between two WGS-84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def out_of_china(lng: float, lat: float) -> bool:
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _delta(lng, lat, m: ModuleType):
    """The GCJ-02 offset (dlng, dlat) in degrees at a WGS-84 point; `m` is `math` or `numpy`."""
    x, y = lng - 105.0, lat - 35.0
    x_pi, y_pi = x * m.pi, y * m.pi
    common = (20.0 * m.sin(6.0 * x_pi) + 20.0 * m.sin(2.0 * x_pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * m.sqrt(abs(x)) + common
    dlat += (20.0 * m.sin(y_pi) + 40.0 * m.sin(y_pi / 3.0)) * 2.0 / 3.0
    dlat += (160.0 * m.sin(y_pi / 12.0) + 320.0 * m.sin(y_pi / 30.0)) * 2.0 / 3.0
    dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * m.sqrt(abs(x)) + common
    dlng += (20.0 * m.sin(x_pi) + 40.0 * m.sin(x_pi / 3.0)) * 2.0 / 3.0
    dlng += (150.0 * m.sin(x_pi / 12.0) + 300.0 * m.sin(x_pi / 30.0)) * 2.0 / 3.0
    rad_lat = lat / 180.0 * m.pi
    magic = 1.0 - _EE * m.sin(rad_lat) ** 2
    sqrt_magic = m.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * m.pi)
    dlng = (dlng * 180.0) / (_A / sqrt_magic * m.cos(rad_lat) * m.pi)
    return dlng, dlat


def wgs84_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    if out_of_china(lng, lat):
        return lng, lat
    dlng, dlat = _delta(lng, lat, math)
    return lng + dlng, lat + dlat


def gcj02_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    """The WGS-84 point whose GCJ-02 image is (lng, lat), to better than 1e-7°."""
    if out_of_china(lng, lat):
        return lng, lat
    dlng, dlat = _delta(lng, lat, math)
    w_lng, w_lat = lng - dlng, lat - dlat
    for _ in range(_MAX_ITERATIONS):
        dlng, dlat = _delta(w_lng, w_lat, math)
        err_lng, err_lat = w_lng + dlng - lng, w_lat + dlat - lat
        if abs(err_lng) < _TOLERANCE and abs(err_lat) < _TOLERANCE:
            break
        w_lng, w_lat = w_lng - err_lng, w_lat - err_lat
    return w_lng, w_lat


_X_PI = math.pi * 3000.0 / 180.0


def gcj02_to_bd09(lng, lat, m: ModuleType = math):
    z = m.sqrt(lng * lng + lat * lat) + 0.00002 * m.sin(lat * _X_PI)
    theta = m.arctan2(lat, lng) if m is np else m.atan2(lat, lng)
    theta = theta + 0.000003 * m.cos(lng * _X_PI)
    return z * m.cos(theta) + 0.0065, z * m.sin(theta) + 0.006


def bd09_to_gcj02(lng, lat, m: ModuleType = math):
    x, y = lng - 0.0065, lat - 0.006
    z = m.sqrt(x * x + y * y) - 0.00002 * m.sin(y * _X_PI)
    theta = (m.arctan2(y, x) if m is np else m.atan2(y, x)) - 0.000003 * m.cos(x * _X_PI)
    return z * m.cos(theta), z * m.sin(theta)


def wgs84_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    return gcj02_to_bd09(*wgs84_to_gcj02(lng, lat))


def bd09_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    return gcj02_to_wgs84(*bd09_to_gcj02(lng, lat))


def from_wgs84(lng: float, lat: float, crs: str) -> tuple[float, float]:
    """A WGS-84 point as shown on a map in `crs` (what a provider in that system needs)."""
    check_crs(crs)
    if crs == GCJ02:
        return wgs84_to_gcj02(lng, lat)
    if crs == BD09:
        return wgs84_to_bd09(lng, lat)
    return lng, lat


def _out_of_china_array(lng: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return ~((lng >= 72.004) & (lng <= 137.8347) & (lat >= 0.8293) & (lat <= 55.8271))


def wgs84_to_gcj02_array(lng, lat) -> tuple[np.ndarray, np.ndarray]:
    lng, lat = np.array(lng, dtype=float), np.array(lat, dtype=float)
    inside = ~_out_of_china_array(lng, lat)
    dlng, dlat = _delta(lng[inside], lat[inside], np)
    lng[inside] += dlng
    lat[inside] += dlat
    return lng, lat


def gcj02_to_wgs84_array(lng, lat) -> tuple[np.ndarray, np.ndarray]:
    lng, lat = np.array(lng, dtype=float), np.array(lat, dtype=float)
    inside = ~_out_of_china_array(lng, lat)
    g_lng, g_lat = lng[inside], lat[inside]
    dlng, dlat = _delta(g_lng, g_lat, np)
    w_lng, w_lat = g_lng - dlng, g_lat - dlat
    for _ in range(_MAX_ITERATIONS):
        if not w_lng.size:
            break
        dlng, dlat = _delta(w_lng, w_lat, np)
        err_lng, err_lat = w_lng + dlng - g_lng, w_lat + dlat - g_lat
        if max(np.abs(err_lng).max(), np.abs(err_lat).max()) < _TOLERANCE:
            break
        w_lng, w_lat = w_lng - err_lng, w_lat - err_lat
    lng[inside], lat[inside] = w_lng, w_lat
    return lng, lat


def check_lng_lat(lng: float, lat: float) -> None:
    """Raise ValueError unless lng is in [-180, 180] and lat in [-90, 90] (NaN is out of range)."""
    if not -180.0 <= lng <= 180.0:
        raise ValueError(f"longitude {lng!r} is outside [-180, 180]")
    if not -90.0 <= lat <= 90.0:
        raise ValueError(f"latitude {lat!r} is outside [-90, 90]")


def check_crs(crs: str) -> None:
    if crs not in CRS_CHOICES:
        raise ValueError(f"unknown coordinate system {crs!r}: use one of {', '.join(CRS_CHOICES)}")


def to_wgs84(lng: float, lat: float, crs: str = WGS84) -> tuple[float, float]:
    """A point given in `crs` ("wgs84", "gcj02" or "bd09") as WGS-84; ValueError for an unknown crs or a point
    outside the valid coordinate range."""
    check_crs(crs)
    lng, lat = float(lng), float(lat)
    check_lng_lat(lng, lat)
    if crs == BD09:
        lng, lat = bd09_to_wgs84(lng, lat)
    elif crs == GCJ02:
        lng, lat = gcj02_to_wgs84(lng, lat)
    # Baidu's fixed offset can carry a point at the edge of the world just past it: keep it on the edge.
    return min(max(lng, -180.0), 180.0), min(max(lat, -90.0), 90.0)


def to_wgs84_array(lng, lat, crs: str = WGS84) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised `to_wgs84`: arrays of longitudes and latitudes in `crs` → WGS-84 arrays."""
    check_crs(crs)
    lng, lat = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    if lng.shape != lat.shape:
        raise ValueError("longitudes and latitudes differ in number")
    bad = ~((lng >= -180.0) & (lng <= 180.0) & (lat >= -90.0) & (lat <= 90.0))
    if bad.any():
        i = int(np.flatnonzero(bad.ravel())[0])
        point = (lng.ravel()[i], lat.ravel()[i])
        raise ValueError(f"point #{i} ({point[0]!r}, {point[1]!r}) is outside the coordinate range")
    if crs == BD09:
        lng, lat = gcj02_to_wgs84_array(*bd09_to_gcj02(lng, lat, np))
    elif crs == GCJ02:
        lng, lat = gcj02_to_wgs84_array(lng, lat)
    return np.clip(lng, -180.0, 180.0), np.clip(lat, -90.0, 90.0)


# --- GeoJSON polygons -------------------------------------------------------------------------------


def _plain(value):
    return [_plain(v) for v in value] if isinstance(value, list | tuple) else value


def _coords_to_wgs84(crs: str):
    return lambda coords: np.column_stack(to_wgs84_array(coords[:, 0], coords[:, 1], crs))


def clean_polygon(geometry, *, crs: str = WGS84) -> tuple[dict | None, str | None]:
    """A GeoJSON Polygon/MultiPolygon checked for use as a boundary: (the polygon as plain 2-D WGS-84
    GeoJSON, None), or (None, why not): wrong type, malformed, empty, coordinates out of range, or not
    valid (self-intersection and the like, with shapely's explanation and the place)."""
    check_crs(crs)
    if not isinstance(geometry, dict):
        return None, "geometry is not a GeoJSON object"
    if geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return None, f"geometry type {geometry.get('type')!r} is not Polygon or MultiPolygon"
    try:
        geom = shape(geometry)
        coords = shapely.get_coordinates(geom)
    except Exception as exc:  # shapely/GEOS raise several kinds for malformed coordinates
        return None, f"geometry is malformed: {exc}"
    if geom.is_empty:
        return None, "geometry is empty"
    lng, lat = coords[:, 0], coords[:, 1]
    bad = ~((lng >= -180) & (lng <= 180) & (lat >= -90) & (lat <= 90))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        return None, f"coordinates out of range: ({lng[i]}, {lat[i]}) is not a longitude, latitude pair"
    geom = shapely.force_2d(geom)
    if crs != WGS84:
        geom = shapely.transform(geom, _coords_to_wgs84(crs))
    if not geom.is_valid:
        return None, f"polygon is not valid: {explain_validity(geom)}"
    return {"type": geom.geom_type, "coordinates": _plain(mapping(geom)["coordinates"])}, None
