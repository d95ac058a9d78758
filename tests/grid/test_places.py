"""The gazetteer: import_places (CSV, GeoJSON, refused rows, malformed files), search and reverse lookup."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chengguan.core import geo
from chengguan.core.models import AuditEntry
from chengguan.grid import gazetteer
from chengguan.grid.models import Place

from .conftest import DLAT, DLNG, LAT0, LNG0, cell_centre

pytestmark = pytest.mark.django_db

SCHOOL_LNG, SCHOOL_LAT = cell_centre(1, 1)
ROAD = [[LNG0, LAT0 + DLAT], [LNG0 + 2 * DLNG, LAT0 + DLAT]]  # along the middle of the 2 × 2 block

CSV = f"""name,kind,aliases,code,lng,lat,geometry
贵池中学,school,池中、贵池一中,S1,{SCHOOL_LNG},{SCHOOL_LAT},
长江路,road,,R1,,,"{json.dumps({"type": "LineString", "coordinates": ROAD}).replace('"', '""')}"
,school,,,{SCHOOL_LNG},{SCHOOL_LAT},
百牙农贸市场,market,,M1,abc,30.66,
清溪小区,小区,,C1,{LNG0 + 0.2 * DLNG},{LAT0 + 0.2 * DLAT},
九华楼,palace,,,{SCHOOL_LNG},{SCHOOL_LAT},
"""


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_places", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def places(imported_grid, tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(CSV, encoding="utf-8")
    run(path)
    return Place.objects.all()


def test_csv_imports_good_rows_and_refuses_bad_ones_with_line_numbers(imported_grid, tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(CSV, encoding="utf-8")
    out, err = run(path)
    assert "3 created, 0 updated, 3 refused" in out
    assert "line 4: a place needs a name" in err
    assert "line 5 (百牙农贸市场): lng 'abc' and lat '30.66' are not numbers" in err
    assert "line 7 (九华楼): unknown kind 'palace'" in err
    school = Place.objects.get(code="S1")
    assert (school.kind, school.aliases) == ("school", "池中,贵池一中")
    assert school.community.name == "百牙社区" and school.street.name == "秋浦街道"
    road = Place.objects.get(code="R1")
    assert road.geometry["type"] == "LineString" and road.min_lng == pytest.approx(LNG0)
    assert Place.objects.get(code="C1").kind == "compound"
    assert AuditEntry.objects.filter(data__what="places").count() == 1


def test_reimport_updates_by_code(places, tmp_path):
    path = tmp_path / "again.csv"
    path.write_text(
        f"name,code,kind,lng,lat\n贵池中学（本部）,S1,school,{SCHOOL_LNG},{SCHOOL_LAT}\n", "utf-8"
    )
    out, _ = run(path)
    assert "0 created, 1 updated" in out
    assert Place.objects.get(code="S1").name == "贵池中学(本部)"  # full-width brackets normalised


def test_geojson_imports_points_and_lines_with_line_numbers_for_bad_features(imported_grid, tmp_path):
    features = [
        {
            "type": "Feature",
            "properties": {"name": "秋浦路", "kind": "road"},
            "geometry": {"type": "LineString", "coordinates": ROAD},
        },
        {
            "type": "Feature",
            "properties": {"name": "杏花村"},
            "geometry": {"type": "Point", "coordinates": [SCHOOL_LNG, SCHOOL_LAT]},
        },
        {
            "type": "Feature",
            "properties": {"name": "坏点"},
            "geometry": {"type": "Point", "coordinates": [500, 30]},
        },
        {"type": "Feature", "properties": {"name": "面"}, "geometry": {"type": "Polygon", "coordinates": []}},
    ]
    path = tmp_path / "places.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)
    )
    out, err = run(path)
    assert "2 created, 0 updated, 2 refused" in out
    text = path.read_text()
    line_of = {name: text[: text.index(name)].count("\n") + 1 for name in ("坏点", "面")}
    # each refusal names the line its feature starts on (a line or two above its name)
    bad_point = next(line for line in err.splitlines() if "坏点" in line)
    assert "coordinates out of range" in bad_point
    assert 0 < line_of["坏点"] - int(bad_point.split("line ")[1].split(" ")[0]) <= 3
    assert "is not Point or LineString" in next(line for line in err.splitlines() if "(面)" in line)
    assert Place.objects.get(name="杏花村").kind == "landmark"


def test_gcj02_file_is_converted(imported_grid, tmp_path):
    g_lng, g_lat = geo.wgs84_to_gcj02(SCHOOL_LNG, SCHOOL_LAT)
    path = tmp_path / "gcj.csv"
    path.write_text(f"name,lng,lat\n学校门口,{g_lng},{g_lat}\n", "utf-8")
    run(path, "--crs", "gcj02")
    place = Place.objects.get()
    assert place.anchor_lng == pytest.approx(SCHOOL_LNG, abs=1e-6)
    assert place.anchor_lat == pytest.approx(SCHOOL_LAT, abs=1e-6)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        (
            "broken.geojson",
            '{"type": "FeatureCollection", "features": [{"type": "Feature",',
            "is not valid JSON",
        ),
        ("list.geojson", '{"type": "Feature"}', "is not a GeoJSON FeatureCollection"),
        ("noname.csv", "title,lng,lat\n贵池中学,117.49,30.66\n", "has no 'name' column"),
        ("nopoint.csv", "name,kind\n贵池中学,school\n", "needs 'lng' and 'lat' columns"),
        ("places.txt", "name,lng,lat\n", "is neither .csv nor .geojson"),
    ],
)
def test_malformed_file_changes_nothing(places, tmp_path, name, content, reason):
    before = list(Place.objects.order_by("pk").values())
    audits = AuditEntry.objects.count()
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=reason):
        run(path)
    assert list(Place.objects.order_by("pk").values()) == before
    assert AuditEntry.objects.count() == audits


def test_not_utf8_changes_nothing(imported_grid, tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("name,lng,lat\n贵池中学,117.49,30.66\n".encode("gbk"))
    with pytest.raises(CommandError, match="is not UTF-8"):
        run(path)
    assert not Place.objects.exists()


def test_dry_run_saves_nothing(imported_grid, tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(CSV, encoding="utf-8")
    out, _ = run(path, "--dry-run")
    assert "dry run" in out and not Place.objects.exists()


# --- search ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["贵池中学", "貴池中學", "池中", "贵池一", "ＧＣＺＸ", "gczx", "gc"])
def test_search_by_name_alias_traditional_and_pinyin_initials(places, query):
    results = gazetteer.search_places(query)
    assert results and results[0]["name"] == "贵池中学", results
    first = results[0]
    assert first["community"] == "百牙社区" and first["street"] == "秋浦街道"
    assert first["lng"] == pytest.approx(SCHOOL_LNG) and first["line"] == "贵池中学 · 百牙社区 · 秋浦街道"


def test_search_ranks_exact_before_partial_and_finds_nothing_for_nonsense(places):
    assert [r["name"] for r in gazetteer.search_places("长江")] == ["长江路"]
    assert gazetteer.search_places("不存在的地方") == []
    assert gazetteer.search_places("   ") == []


def test_search_sees_admin_edits(places):
    school = Place.objects.get(code="S1")
    school.aliases = "一中"
    school.save()
    assert gazetteer.search_places("一中")[0]["name"] == "贵池中学"


# --- reverse lookup ----------------------------------------------------------------------------------


def test_describe_point_names_community_street_and_nearest_place(places):
    there = gazetteer.describe_point(SCHOOL_LNG + DLNG * 0.1, SCHOOL_LAT + DLAT * 0.1)
    assert there["community"] == "百牙社区" and there["street"] == "秋浦街道"
    assert there["nearest"]["name"] == "贵池中学" and there["nearest"]["distance_m"] < 20
    assert there["cell"]["code"].startswith("341702001001")
    assert there["line"].startswith("百牙社区 · 秋浦街道 · ") and "贵池中学" in there["line"]


def test_describe_point_finds_the_nearest_road(places):
    lng, lat = LNG0 + 1.5 * DLNG, LAT0 + DLAT * 1.05  # 5 m off the road, 50 m from the school
    assert gazetteer.describe_point(lng, lat)["nearest"]["name"] == "长江路"


def test_describe_point_in_gcj02_and_outside_the_grid(places):
    g_lng, g_lat = geo.wgs84_to_gcj02(SCHOOL_LNG, SCHOOL_LAT)
    assert gazetteer.describe_point(g_lng, g_lat, geo.GCJ02)["nearest"]["name"] == "贵池中学"
    far = gazetteer.describe_point(118.5, 31.5)
    assert far == {
        "lng": 118.5,
        "lat": 31.5,
        "cell": None,
        "community": None,
        "street": None,
        "nearest": None,
        "line": "",
    }
