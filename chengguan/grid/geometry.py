"""GeoJSON polygons in WGS-84 → shapely shapes and the derived columns a Cell stores."""

import math

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

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
