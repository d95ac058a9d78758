"""The map's own base layers and the gazetteer endpoints over HTTP."""

import pytest

from chengguan.core import geo
from chengguan.grid.models import Area, Place

from .conftest import DLAT, DLNG, LAT0, LNG0, cell_centre

pytestmark = pytest.mark.django_db

BBOX = f"{LNG0 - 0.01},{LAT0 - 0.01},{LNG0 + 0.01},{LAT0 + 0.01}"


@pytest.fixture
def school(imported_grid):
    lng, lat = cell_centre(1, 1)
    return Place.objects.create(
        name="贵池中学",
        aliases="池中",
        kind="school",
        geometry={"type": "Point", "coordinates": [lng, lat]},
        anchor_lng=lng,
        anchor_lat=lat,
        min_lng=lng,
        min_lat=lat,
        max_lng=lng,
        max_lat=lat,
        community=Area.objects.get(level="community"),
        street=Area.objects.get(level="street"),
    )


def layer(client, name, **params):
    response = client.get(f"/api/v1/grid/layers/{name}", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def test_streets_communities_and_cells_with_names_and_codes(client, imported_grid):
    streets = layer(client, "streets", z=13, bbox=BBOX)
    assert streets["features"] == []  # the test street has no boundary
    communities = layer(client, "communities", z=13, bbox=BBOX)["features"]
    assert [f["properties"]["name"] for f in communities] == ["百牙社区"]
    assert communities[0]["properties"]["street"] == "秋浦街道"
    assert layer(client, "cells", z=13, bbox=BBOX)["features"] == []  # too small to draw at city zoom
    cells = layer(client, "cells", z=17, bbox=BBOX)["features"]
    assert sorted(f["properties"]["code"] for f in cells) == [f"341702001001{i:03d}" for i in range(1, 5)]
    assert cells[0]["geometry"]["type"] == "Polygon"


def test_box_filters_and_zoom_simplifies(client, imported_grid):
    west_cell = f"{LNG0 + 0.1 * DLNG},{LAT0 + 0.1 * DLAT},{LNG0 + 0.2 * DLNG},{LAT0 + 0.2 * DLAT}"
    assert len(layer(client, "cells", z=17, bbox=west_cell)["features"]) == 1
    far = "118.0,31.0,118.1,31.1"
    assert layer(client, "communities", z=13, bbox=far)["features"] == []
    assert len(layer(client, "cells", z=17)["features"]) == 4  # no box: all


def test_places_layer_and_bad_input(client, school):
    places = layer(client, "places", z=15, bbox=BBOX)["features"]
    assert places[0]["properties"] == {
        "layer": "place",
        "id": school.pk,
        "name": "贵池中学",
        "kind": "school",
    }
    assert client.get("/api/v1/grid/layers/roads").status_code == 404
    assert client.get("/api/v1/grid/layers/cells", {"z": "x"}).status_code == 400
    assert client.get("/api/v1/grid/layers/cells", {"bbox": "1,2,3"}).status_code == 400


def test_layers_follow_changes(client, school):
    layer(client, "communities", z=14)
    Area.objects.filter(level="community").update(name="百牙新社区")
    Area.objects.get(level="community").save()  # a save bumps the grid version
    assert layer(client, "communities", z=14)["features"][0]["properties"]["name"] == "百牙新社区"
    school.name = "贵池一中"
    school.save()
    assert layer(client, "places", z=14)["features"][0]["properties"]["name"] == "贵池一中"


def test_search_endpoint(client, school):
    response = client.get("/api/v1/grid/places", {"q": "貴池中學"})
    assert response.status_code == 200
    assert response.json()["results"][0]["name"] == "贵池中学"
    assert client.get("/api/v1/grid/places", {"q": ""}).status_code == 400


def test_describe_endpoint_in_gcj02(client, school):
    g_lng, g_lat = geo.wgs84_to_gcj02(*cell_centre(1, 1))
    data = client.get("/api/v1/grid/describe", {"lng": g_lng, "lat": g_lat, "crs": "gcj02"}).json()
    assert data["community"] == "百牙社区" and data["nearest"]["name"] == "贵池中学"
    assert data["line"].startswith("百牙社区 · 秋浦街道 · ")
