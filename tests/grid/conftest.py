"""A small grid near Chizhou (贵池区, lng 117.49, lat 30.66): one district, street and community and four
100 m square cells in a 2 × 2 block sharing edges, written as GeoJSON the way an operator would."""

import json
import math
from functools import partial

import pytest

from chengguan.core.actors import SystemActor
from chengguan.grid import services as grid_services

import_grid = partial(grid_services.import_grid, actor=SystemActor("test"))

LNG0, LAT0 = 117.49, 30.66
DLAT = 100 / 111_320  # 100 m in degrees of latitude
DLNG = 100 / (111_320 * math.cos(math.radians(LAT0)))  # … and of longitude here
DISTRICT, STREET, COMMUNITY = "341702", "341702001", "341702001001"


def square(lng: float, lat: float, dlng: float = DLNG, dlat: float = DLAT) -> dict:
    """A GeoJSON polygon with its south-west corner at (lng, lat)."""
    ring = [[lng, lat], [lng + dlng, lat], [lng + dlng, lat + dlat], [lng, lat + dlat], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(code, name=None, geometry=None) -> dict:
    props = {"code": code}
    if name is not None:
        props["name"] = name
    return {"type": "Feature", "properties": props, "geometry": geometry}


def cell_corner(col: int, row: int) -> tuple[float, float]:
    return LNG0 + col * DLNG, LAT0 + row * DLAT


def cell_centre(col: int, row: int) -> tuple[float, float]:
    lng, lat = cell_corner(col, row)
    return lng + DLNG / 2, lat + DLAT / 2


# cell code → (column, row) of the 2 × 2 block
CELLS = {f"{COMMUNITY}00{i + 1}": (i % 2, i // 2) for i in range(4)}


def grid_features() -> list[dict]:
    return [
        feature(DISTRICT, "贵池区"),
        feature(STREET, "秋浦街道"),
        feature(COMMUNITY, "百牙社区", square(LNG0, LAT0, 2 * DLNG, 2 * DLAT)),
        *(feature(code, geometry=square(*cell_corner(*pos))) for code, pos in CELLS.items()),
    ]


def collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def write_geojson(path, features: list[dict]):
    path.write_text(json.dumps(collection(features), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def grid_file(tmp_path):
    return write_geojson(tmp_path / "grid.geojson", grid_features())


@pytest.fixture
def imported_grid(db):
    return import_grid(collection(grid_features()))
