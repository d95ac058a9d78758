import math

import numpy as np
import pytest

from chengguan.core import geo

# Published reference pairs for the eviltransform formulas: (WGS-84 lng, lat) → (GCJ-02 lng, lat).
REFERENCE = [
    ((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),  # Shanghai
    ((113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),  # Shenzhen
    ((116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),  # Beijing
]


def metres(a, b) -> float:
    dlat = math.radians(b[1] - a[1])
    dlng = math.radians(b[0] - a[0]) * math.cos(math.radians(a[1]))
    return 6_371_000 * math.hypot(dlat, dlng)


@pytest.mark.parametrize("wgs, gcj", REFERENCE)
def test_reference_points_are_offset_a_few_hundred_metres(wgs, gcj):
    assert geo.wgs84_to_gcj02(*wgs) == pytest.approx(gcj, abs=1e-9)
    assert 100 < metres(wgs, gcj) < 1000
    assert geo.gcj02_to_wgs84(*gcj) == pytest.approx(wgs, abs=1e-7)
    assert geo.to_wgs84(*gcj, crs="gcj02") == pytest.approx(wgs, abs=1e-7)


def test_round_trip_across_china_is_better_than_1e_7_degrees():
    rng = np.random.default_rng(1)
    lng, lat = 73 + rng.random(2000) * 62, 18 + rng.random(2000) * 35
    back_lng, back_lat = geo.gcj02_to_wgs84_array(*geo.wgs84_to_gcj02_array(lng, lat))
    assert np.abs(back_lng - lng).max() < 1e-7 and np.abs(back_lat - lat).max() < 1e-7
    for x, y in zip(lng[:200], lat[:200], strict=True):
        gx, gy = geo.wgs84_to_gcj02(float(x), float(y))
        assert (gx, gy) != (x, y)
        bx, by = geo.gcj02_to_wgs84(gx, gy)
        assert abs(bx - x) < 1e-7 and abs(by - y) < 1e-7


def test_scalar_and_array_functions_agree():
    lng, lat = np.array([117.49, 121.5, 2.35]), np.array([30.66, 31.2, 48.86])
    arr = np.column_stack(geo.wgs84_to_gcj02_array(lng, lat))
    scalar = [geo.wgs84_to_gcj02(float(x), float(y)) for x, y in zip(lng, lat, strict=True)]
    np.testing.assert_allclose(arr, scalar, rtol=0, atol=1e-12)
    assert arr[2].tolist() == [2.35, 48.86]  # Paris is not offset
    wgs = np.column_stack(geo.to_wgs84_array(arr[:, 0], arr[:, 1], "gcj02"))
    np.testing.assert_allclose(wgs, np.column_stack([lng, lat]), rtol=0, atol=1e-7)


@pytest.mark.parametrize("point", [(2.3522, 48.8566), (139.6917, 35.6895), (-74.006, 40.7128), (0.0, 0.0)])
def test_points_outside_china_pass_through(point):
    assert geo.out_of_china(*point)
    assert geo.wgs84_to_gcj02(*point) == point
    assert geo.gcj02_to_wgs84(*point) == point
    assert geo.to_wgs84(*point, crs="gcj02") == point


def test_wgs84_input_is_returned_as_is():
    assert geo.to_wgs84(117.49, 30.66) == (117.49, 30.66)
    assert geo.to_wgs84("117.49", 30, "wgs84") == (117.49, 30.0)


@pytest.mark.parametrize(
    "lng, lat, crs",
    [
        (117.49, 30.66, "epsg3857"),
        (117.49, 30.66, "WGS84"),
        (180.5, 30.0, "wgs84"),
        (117.0, 91.0, "gcj02"),
        (float("nan"), 30.0, "wgs84"),
        (117.0, float("inf"), "gcj02"),
    ],
)
def test_unknown_crs_or_out_of_range_is_a_value_error(lng, lat, crs):
    with pytest.raises(ValueError):
        geo.to_wgs84(lng, lat, crs)


def test_array_range_check_names_the_point():
    with pytest.raises(ValueError, match="point #1"):
        geo.to_wgs84_array([117.0, 200.0], [30.0, 30.0])
    with pytest.raises(ValueError):
        geo.to_wgs84_array([117.0], [30.0], "mars")


def test_clean_polygon_gives_plain_2d_wgs84_geojson_or_a_reason():
    ring = [[117.49, 30.66, 12.0], [117.491, 30.66, 12.0], [117.491, 30.661, 12.0], [117.49, 30.66, 12.0]]
    cleaned, reason = geo.clean_polygon({"type": "Polygon", "coordinates": [ring]})
    assert reason is None
    assert cleaned == {"type": "Polygon", "coordinates": [[p[:2] for p in ring]]}

    gcj_ring = [list(geo.wgs84_to_gcj02(x, y)) for x, y, _ in ring]
    cleaned, _ = geo.clean_polygon({"type": "Polygon", "coordinates": [gcj_ring]}, crs="gcj02")
    np.testing.assert_allclose(cleaned["coordinates"][0], [p[:2] for p in ring], rtol=0, atol=1e-7)

    bow_tie = [[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]
    assert geo.clean_polygon({"type": "Polygon", "coordinates": [bow_tie]}) == (
        None,
        "polygon is not valid: Self-intersection[0.5 0.5]",
    )
    assert geo.clean_polygon([1, 2])[1] == "geometry is not a GeoJSON object"


# Published pairs (the coordtransform library's documented examples, Beijing): WGS-84 → GCJ-02, GCJ-02 → BD-09
# and BD-09 → GCJ-02 of the point (116.404, 39.915).
def test_known_pairs_between_wgs84_gcj02_and_bd09():
    assert geo.wgs84_to_gcj02(116.404, 39.915) == pytest.approx(
        (116.41024449916938, 39.91640428150164), abs=1e-9
    )
    assert geo.gcj02_to_bd09(116.404, 39.915) == pytest.approx(
        (116.41036949371029, 39.92133699351021), abs=1e-9
    )
    assert geo.bd09_to_gcj02(116.404, 39.915) == pytest.approx(
        (116.39762729119315, 39.90865673957631), abs=1e-9
    )


def test_bd09_round_trips_through_to_wgs84_and_from_wgs84():
    bd = geo.from_wgs84(117.49, 30.66, geo.BD09)
    assert bd != (117.49, 30.66)
    assert geo.to_wgs84(*bd, geo.BD09) == pytest.approx((117.49, 30.66), abs=2e-6)
    lng, lat = geo.to_wgs84_array(np.array([bd[0]]), np.array([bd[1]]), geo.BD09)
    assert (lng[0], lat[0]) == pytest.approx((117.49, 30.66), abs=2e-6)
    assert geo.from_wgs84(117.49, 30.66, geo.WGS84) == (117.49, 30.66)
    assert geo.from_wgs84(117.49, 30.66, geo.GCJ02) == geo.wgs84_to_gcj02(117.49, 30.66)


@pytest.mark.parametrize("crs", [geo.WGS84, geo.GCJ02, geo.BD09])
def test_a_point_on_the_edge_of_the_world_stays_inside_it(crs):
    lng, lat = geo.to_wgs84(-180, -90, crs)
    assert -180 <= lng <= 180 and -90 <= lat <= 90
    lngs, lats = geo.to_wgs84_array([-180, 180], [-90, 90], crs)
    assert (abs(lngs) <= 180).all() and (abs(lats) <= 90).all()
