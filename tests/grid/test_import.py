from functools import partial

import pytest
from shapely.geometry import Point, shape

from chengguan.core import audit, geo, versioning
from chengguan.core.actors import SystemActor
from chengguan.core.models import AuditEntry
from chengguan.grid import services as grid_services
from chengguan.grid.models import Area, AreaLevel, Cell
from chengguan.grid.services import GridImportError

from .conftest import (
    CELLS,
    COMMUNITY,
    DISTRICT,
    DLAT,
    DLNG,
    LAT0,
    LNG0,
    STREET,
    cell_corner,
    collection,
    feature,
    grid_features,
    square,
    write_geojson,
)

import_grid = partial(grid_services.import_grid, actor=SystemActor("test"))

pytestmark = pytest.mark.django_db

BOW_TIE = {
    "type": "Polygon",
    "coordinates": [
        [
            [LNG0, LAT0],
            [LNG0 + DLNG, LAT0 + DLAT],
            [LNG0 + DLNG, LAT0],
            [LNG0, LAT0 + DLAT],
            [LNG0, LAT0],
        ]
    ],
}


def test_imports_areas_and_cells_with_derived_columns(grid_file):
    report = import_grid(grid_file)

    assert (report.areas_created, report.cells_created) == (3, 4)
    district, street, community = Area.objects.order_by("code")
    assert (district.code, district.level, district.parent) == (DISTRICT, AreaLevel.DISTRICT, None)
    assert (street.level, street.parent, street.name) == (AreaLevel.STREET, district, "秋浦街道")
    assert (community.level, community.parent) == (AreaLevel.COMMUNITY, street)
    assert community.geometry["type"] == "Polygon"
    cells = {cell.code: cell for cell in Cell.objects.all()}
    assert set(cells) == set(CELLS)
    cell = cells[f"{COMMUNITY}004"]  # the north-east square
    west, south = cell_corner(1, 1)
    assert cell.community == community and cell.is_active
    assert (cell.min_lng, cell.min_lat) == pytest.approx((west, south), abs=1e-9)
    assert (cell.max_lng, cell.max_lat) == pytest.approx((west + DLNG, south + DLAT), abs=1e-9)
    assert shape(cell.geometry).contains(Point(cell.center_lng, cell.center_lat))
    assert cell.area_m2 == pytest.approx(10_000, rel=0.01)
    assert versioning.current("grid") >= 1
    entry = AuditEntry.objects.get(action=audit.Action.IMPORT)
    assert entry.data["what"] == "grid" and entry.data["source"] == str(grid_file)
    assert "cells: 4 created" in entry.data["summary"]


def test_reimport_updates_by_code_and_leaves_the_rest(grid_file, tmp_path):
    import_grid(grid_file)
    again = import_grid(grid_file)
    assert (again.areas_created, again.areas_updated, again.areas_unchanged) == (0, 0, 3)
    assert (again.cells_created, again.cells_updated, again.cells_unchanged) == (0, 0, 4)

    features = grid_features()
    features[1]["properties"]["name"] = "秋浦街道办事处"
    features[3]["geometry"] = square(LNG0 - DLNG, LAT0, 2 * DLNG)  # cell 001 grows westwards
    changed = import_grid(write_geojson(tmp_path / "changed.geojson", features))

    assert (changed.areas_updated, changed.cells_updated) == (1, 1)
    assert Area.objects.get(code=STREET).name == "秋浦街道办事处"
    cell = Cell.objects.get(code=f"{COMMUNITY}001")
    assert cell.min_lng == pytest.approx(LNG0 - DLNG) and cell.area_m2 == pytest.approx(20_000, rel=0.01)
    assert Cell.objects.count() == 4 and Area.objects.count() == 3


def test_self_intersecting_polygon_is_rejected_by_feature_index_and_nothing_imported(tmp_path):
    features = grid_features()
    features[5]["geometry"] = BOW_TIE

    with pytest.raises(GridImportError) as caught:
        import_grid(write_geojson(tmp_path / "bad.geojson", features))

    [problem] = caught.value.problems
    assert (problem.index, problem.code) == (5, f"{COMMUNITY}003")
    assert "Self-intersection" in problem.reason
    assert str(problem).startswith(
        f"feature #5 (code {COMMUNITY}003): polygon is not valid: Self-intersection"
    )
    assert not Area.objects.exists() and not Cell.objects.exists()


def test_every_problem_is_reported_at_once():
    features = grid_features() + [
        feature("34170200100100", geometry=square(LNG0, LAT0)),  # 14 digits
        feature("34170200100100A", geometry=square(LNG0, LAT0)),  # a letter
        feature(f"{COMMUNITY}001", geometry=square(LNG0, LAT0)),  # duplicate
        feature("341702009009001", geometry=square(LNG0, LAT0)),  # no such community anywhere
        feature("341702001002", geometry=None),  # an area without a name
        feature(f"{COMMUNITY}009"),  # a cell without geometry
        feature(f"{COMMUNITY}010", geometry={"type": "Point", "coordinates": [LNG0, LAT0]}),
        feature(f"{COMMUNITY}011", geometry=square(190.0, LAT0)),
        {"type": "Feature", "geometry": None},
        ["not", "a", "feature"],
    ]

    with pytest.raises(GridImportError) as caught:
        import_grid(collection(features))

    reasons = {}
    for p in caught.value.problems:
        reasons[p.index] = reasons.get(p.index, "") + p.reason + "; "
    assert sorted(reasons) == list(range(7, 17))
    assert "14 digits" in reasons[7]
    assert "not all digits" in reasons[8]
    assert "first at feature #3" in reasons[9]
    assert "parent area 341702009009 is neither in the file nor in the database" in reasons[10]
    assert "needs a name" in reasons[11]
    assert "needs a geometry" in reasons[12]
    assert "'Point' is not Polygon or MultiPolygon" in reasons[13]
    assert "out of range" in reasons[14]
    assert "no properties" in reasons[15]
    assert "not a GeoJSON Feature" in reasons[16]
    assert not Area.objects.exists() and not Cell.objects.exists()


def test_skip_invalid_imports_the_good_features_and_the_children_of_none_of_the_bad():
    features = grid_features() + [
        feature("341702002", "", None),  # a street without a name …
        feature("341702002001", "江口社区"),  # … so its community cannot be imported either
        feature("341702002001001", geometry=square(LNG0 + 1, LAT0)),
    ]
    features[4]["geometry"] = BOW_TIE

    report = import_grid(collection(features), skip_invalid=True)

    assert (report.areas_created, report.cells_created) == (3, 3)
    assert sorted(p.index for p in report.skipped) == [4, 7, 8, 9]
    assert "parent area 341702002 (feature #7) is skipped" in report.skipped[2].reason
    assert f"{COMMUNITY}002" not in set(Cell.objects.values_list("code", flat=True))
    assert "3 created" in report.summary() and "4 invalid feature(s) skipped" in report.summary()


def test_parents_already_in_the_database_are_enough():
    import_grid(collection(grid_features()[:3]))
    report = import_grid(collection([feature(f"{COMMUNITY}777", geometry=square(LNG0, LAT0))]))
    assert report.cells_created == 1
    assert Cell.objects.get(code=f"{COMMUNITY}777").community.code == COMMUNITY


def test_gcj02_coordinates_are_stored_as_wgs84():
    features = grid_features()
    wgs_ring = features[3]["geometry"]["coordinates"][0]
    features[3]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[list(geo.wgs84_to_gcj02(*p)) for p in wgs_ring]],
    }
    for f in features[4:]:  # keep the block consistent: all of the file is GCJ-02
        f["geometry"]["coordinates"] = [
            [list(geo.wgs84_to_gcj02(*p)) for p in f["geometry"]["coordinates"][0]]
        ]
    features[2]["geometry"] = None

    import_grid(collection(features), crs="gcj02")

    stored = Cell.objects.get(code=f"{COMMUNITY}001").geometry["coordinates"][0]
    for (lng, lat), (want_lng, want_lat) in zip(stored, wgs_ring, strict=True):
        assert lng == pytest.approx(want_lng, abs=1e-7) and lat == pytest.approx(want_lat, abs=1e-7)


def test_progress_adds_up_to_the_number_of_features_and_dry_run_saves_nothing():
    calls = []
    report = import_grid(collection(grid_features()), progress=calls.append, dry_run=True)
    assert sum(calls) == 7
    assert report.cells_created == 4 and "dry run" in report.summary()
    assert not Area.objects.exists() and not Cell.objects.exists() and not AuditEntry.objects.exists()


def test_unreadable_input_is_a_clear_problem(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(GridImportError, match="problem"):
        import_grid(bad)
    with pytest.raises(GridImportError) as caught:
        import_grid({"type": "Feature"})
    assert "FeatureCollection" in str(caught.value.problems[0])
