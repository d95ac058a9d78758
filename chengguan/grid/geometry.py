"""GeoJSON polygons in WGS-84 → shapely shapes and the derived columns a Cell stores."""

import json
import math

import numpy as np
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from chengguan.core import geo

EARTH_RADIUS_M = 6_371_008.8


def to_shape(geometry: dict) -> BaseGeometry:
    return shape(geometry)


def approx_area_m2(geom: BaseGeometry) -> float:
    """Area in square metres by a local equirectangular projection: good to well under 1% for cells."""
    lat0 = math.radians(geom.centroid.y)
    scale = (math.pi / 180 * EARTH_RADIUS_M) ** 2 * math.cos(lat0)
    return abs(geom.area) * scale


def cell_fields(geometry: dict) -> dict:
    """The bounding box, centre and area columns of a Cell for a GeoJSON (Multi)Polygon."""
    geom = to_shape(geometry)
    min_lng, min_lat, max_lng, max_lat = geom.bounds
    center = geom.representative_point() if not geom.centroid.within(geom) else geom.centroid
    return {
        "min_lng": min_lng,
        "min_lat": min_lat,
        "max_lng": max_lng,
        "max_lat": max_lat,
        "center_lng": round(center.x, 7),
        "center_lat": round(center.y, 7),
        "area_m2": round(approx_area_m2(geom), 1),
    }


PLACE_GEOMETRY_TYPES = ("Point", "LineString", "MultiLineString")


def clean_place_geometry(geometry, *, crs: str = geo.WGS84) -> tuple[dict | None, dict | None, str | None]:
    """A gazetteer place's GeoJSON Point or (Multi)LineString, checked and converted to WGS-84:
    (geometry, derived fields: anchor point and bounding box, None) or (None, None, why not)."""
    if not isinstance(geometry, dict):
        return None, None, "geometry is not a GeoJSON object"
    if geometry.get("type") not in PLACE_GEOMETRY_TYPES:
        return None, None, f"geometry type {geometry.get('type')!r} is not Point or LineString"
    try:
        geom = shapely.force_2d(shape(geometry))
        coords = shapely.get_coordinates(geom)
    except Exception as exc:  # shapely/GEOS raise several kinds for malformed coordinates
        return None, None, f"geometry is malformed: {exc}"
    if geom.is_empty or not len(coords):
        return None, None, "geometry is empty"
    if not np.isfinite(coords).all():
        return None, None, "coordinates are not numbers"
    lng, lat = coords[:, 0], coords[:, 1]
    if ((lng < -180) | (lng > 180) | (lat < -90) | (lat > 90)).any():
        return None, None, "coordinates out of range: not longitude, latitude pairs"
    if crs != geo.WGS84:
        geom = shapely.transform(geom, lambda c: np.column_stack(geo.to_wgs84_array(c[:, 0], c[:, 1], crs)))
    anchor = geom if geom.geom_type == "Point" else geom.interpolate(0.5, normalized=True)
    if geom.geom_type == "MultiLineString":
        anchor = max(geom.geoms, key=lambda part: part.length).interpolate(0.5, normalized=True)
    min_lng, min_lat, max_lng, max_lat = geom.bounds
    plain = json.loads(json.dumps(mapping(shapely.set_precision(geom, 1e-7))))
    fields = {
        "anchor_lng": round(anchor.x, 7),
        "anchor_lat": round(anchor.y, 7),
        "min_lng": min_lng,
        "min_lat": min_lat,
        "max_lng": max_lng,
        "max_lat": max_lat,
    }
    return {"type": plain["type"], "coordinates": plain["coordinates"]}, fields, None
