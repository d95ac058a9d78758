from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import shapely
from django.db.models import F

from chengguan.core import geo
from chengguan.core.models import DataVersion
from chengguan.grid import locator
from chengguan.grid.models import Cell

from .conftest import CELLS, COMMUNITY, DLAT, DLNG, LAT0, LNG0, cell_centre, cell_corner, square


@pytest.mark.django_db
def test_finds_the_cell_of_each_centre_and_nothing_outside(imported_grid):
    for code, pos in CELLS.items():
        hit = locator.locate(*cell_centre(*pos))
        assert hit.code == code and hit.cell_id == Cell.objects.get(code=code).pk
    assert locator.locate(LNG0 - DLNG / 2, LAT0) is None
    assert locator.locate(LNG0 + 10 * DLNG, LAT0 + 10 * DLAT) is None
    assert locator.locate(0.0, 0.0) is None


@pytest.mark.django_db
def test_points_on_shared_edges_go_to_the_lowest_code(imported_grid):
    lng, lat = cell_corner(1, 1)  # the corner all four cells share
    assert locator.locate(lng, lat).code == f"{COMMUNITY}001"
    assert locator.locate(lng, lat - DLAT / 2).code == f"{COMMUNITY}001"  # edge between 001 and 002
    assert locator.locate(lng, lat + DLAT / 2).code == f"{COMMUNITY}003"  # edge between 003 and 004
    assert locator.locate(LNG0, LAT0).code == f"{COMMUNITY}001"  # the block's outer corner is still in


@pytest.mark.django_db
def test_gcj02_input_is_converted(imported_grid):
    wgs = cell_centre(1, 0)
    gcj = geo.wgs84_to_gcj02(*wgs)
    assert locator.locate(*gcj, crs="gcj02").code == f"{COMMUNITY}002"
    assert locator.locate(*gcj) is None  # read as WGS-84 it is a few hundred metres off the block
    assert [h and h.code for h in locator.locate_many([gcj, wgs], crs="gcj02")] == [f"{COMMUNITY}002", None]


@pytest.mark.django_db
def test_many_points_at_once_agree_with_single_calls(imported_grid):
    rng = np.random.default_rng(7)
    points = np.column_stack(
        [LNG0 - DLNG + rng.random(500) * 4 * DLNG, LAT0 - DLAT + rng.random(500) * 4 * DLAT]
    )
    corners = np.array([cell_corner(c, r) for c in range(3) for r in range(3)])
    points = np.vstack([points, corners])
    many = locator.locate_many(points)
    assert many == [locator.locate(float(x), float(y)) for x, y in points]
    assert sum(hit is not None for hit in many) > 100
    assert locator.locate_many([]) == []


@pytest.mark.django_db
def test_inactive_cells_are_not_found(imported_grid):
    Cell.objects.filter(code=f"{COMMUNITY}001").update(is_active=False)
    DataVersion.objects.filter(key="grid").update(version=F("version") + 1)
    assert locator.locate(*cell_centre(0, 0)) is None


@pytest.mark.django_db
def test_bad_input_is_a_value_error(imported_grid):
    for args in [(181.0, 30.0), (117.0, -91.0), (float("nan"), 30.0), (117, 30, "epsg3857")]:
        with pytest.raises(ValueError):
            locator.locate(*args)
    with pytest.raises(ValueError):
        locator.locate_many([(117.0, 95.0)])


@pytest.mark.django_db
def test_a_cell_saved_after_the_locator_was_built_is_found(imported_grid):
    far = (LNG0 + 5 * DLNG, LAT0)
    assert locator.locate(far[0] + DLNG / 2, far[1] + DLAT / 2) is None  # builds the locator
    community = Cell.objects.first().community

    Cell.objects.create(
        code=f"{COMMUNITY}005",
        community=community,
        geometry=square(*far),
        min_lng=0,
        min_lat=0,
        max_lng=0,
        max_lat=0,
        center_lng=0,
        center_lat=0,
    )

    assert locator.locate(far[0] + DLNG / 2, far[1] + DLAT / 2).code == f"{COMMUNITY}005"


@pytest.mark.django_db
def test_a_change_made_by_another_process_is_noticed_through_the_stored_version(imported_grid):
    inside = (LNG0 + 5.5 * DLNG, LAT0 + 0.5 * DLAT)
    assert locator.locate(*inside) is None
    community = Cell.objects.first().community
    # Another process writing in bulk: no signal here, only its version bump reaches this process.
    Cell.objects.bulk_create(
        [
            Cell(
                code=f"{COMMUNITY}006",
                community=community,
                geometry=square(LNG0 + 5 * DLNG, LAT0),
                min_lng=0,
                min_lat=0,
                max_lng=0,
                max_lat=0,
                center_lng=0,
                center_lat=0,
            )
        ]
    )
    assert locator.locate(*inside) is None  # still the locator built for the old version

    DataVersion.objects.filter(key="grid").update(version=F("version") + 1)

    assert locator.locate(*inside).code == f"{COMMUNITY}006"


def _voronoi_cells(n: int, seed: int) -> list:
    rng = np.random.default_rng(seed)
    frame = shapely.box(117.4, 30.6, 117.5, 30.7)
    seeds = shapely.multipoints(np.column_stack([117.4 + rng.random(n) * 0.1, 30.6 + rng.random(n) * 0.1]))
    parts = shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=frame))
    return [shapely.intersection(part, frame) for part in parts]


@pytest.mark.parametrize("huge_cell", [False, True])
def test_the_bucket_index_agrees_with_the_polygons(huge_cell):
    """Irregular cells, points anywhere including on vertices and edges: the single-call index, the bulk
    query and a brute-force search over all polygons give the same answer."""
    geoms = _voronoi_cells(300, seed=3)
    if huge_cell:  # one cell a hundred times the others: the index must coarsen, not explode
        geoms.append(shapely.box(116.0, 29.0, 117.0, 30.0))
    cells = [(i + 1, f"{i:015d}", g) for i, g in enumerate(geoms)]
    index = locator.Locator(cells)
    rng = np.random.default_rng(11)
    points = np.vstack(
        [
            np.column_stack([116.5 + rng.random(3000) * 1.1, 29.5 + rng.random(3000) * 1.3]),
            shapely.get_coordinates(np.array(geoms[:50], dtype=object)),  # vertices, shared by 2-3 cells
        ]
    )
    singles = [index.locate(float(x), float(y)) for x, y in points]
    assert singles == index.locate_many(points[:, 0], points[:, 1])
    for (x, y), hit in zip(points[::7], singles[::7], strict=True):
        expected = next((c for c in cells if shapely.intersects_xy(c[2], x, y)), None)
        assert (hit and hit.code) == (expected and expected[1])


def test_overlapping_cells_resolve_to_the_lowest_code_in_both_paths():
    low, high = shapely.box(117.40, 30.60, 117.42, 30.62), shapely.box(117.41, 30.61, 117.43, 30.63)
    index = locator.Locator([(1, "341702001001001", low), (2, "341702001001002", high)])
    points = np.array([(117.415, 30.615), (117.405, 30.605), (117.425, 30.625), (117.41, 30.61)])
    singles = [index.locate(float(x), float(y)).code[-1] for x, y in points]
    assert singles == ["1", "1", "2", "1"]
    assert [h.code[-1] for h in index.locate_many(points[:, 0], points[:, 1])] == singles


def test_an_empty_grid_finds_nothing():
    index = locator.Locator([])
    assert index.locate(117.49, 30.66) is None
    assert index.locate_many(np.array([117.49]), np.array([30.66])) == [None]


def test_one_locator_answers_many_threads_at_once():
    index = locator.Locator([(i + 1, f"{i:015d}", g) for i, g in enumerate(_voronoi_cells(400, seed=5))])
    rng = np.random.default_rng(2)
    points = [(117.4 + x * 0.1, 30.6 + y * 0.1) for x, y in rng.random((4000, 2))]
    expected = [index.locate(x, y) for x, y in points]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda chunk: [index.locate(x, y) for x, y in chunk], [points] * 8))
    assert all(answer == expected for answer in answers)
