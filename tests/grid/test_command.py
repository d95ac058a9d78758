from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chengguan.core.models import AuditEntry
from chengguan.grid.models import Area, Cell

from .conftest import COMMUNITY, DLAT, DLNG, LAT0, LNG0, grid_features, write_geojson

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


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_grid", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def bad_file(tmp_path):
    features = grid_features()
    features[6]["geometry"] = BOW_TIE
    features[5]["properties"]["code"] = "34170200100100"
    return write_geojson(tmp_path / "bad.geojson", features)


def test_imports_a_file_and_prints_a_summary(grid_file):
    out, _ = run(grid_file)
    assert "Areas: 3 created, 0 updated, 0 unchanged; cells: 4 created, 0 updated, 0 unchanged." in out
    assert Cell.objects.count() == 4
    assert AuditEntry.objects.get().data["source"] == str(grid_file)


def test_lists_every_bad_feature_and_fails_without_importing(bad_file):
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_grid", str(bad_file), stdout=StringIO(), stderr=err)

    assert "2 of 7 features" in str(caught.value) and "nothing was imported" in str(caught.value)
    assert "--skip-invalid" in str(caught.value)
    lines = err.getvalue()
    assert "feature #5 (code 34170200100100): code has 14 digits" in lines
    assert f"feature #6 (code {COMMUNITY}004): polygon is not valid: Self-intersection[" in lines
    assert not Area.objects.exists() and not Cell.objects.exists()


def test_skip_invalid_imports_the_rest_and_warns(bad_file):
    out, err = run(bad_file, "--skip-invalid")
    assert "cells: 2 created" in out and "2 invalid feature(s) skipped" in out
    assert "skipped feature #6" in err
    assert Cell.objects.count() == 2


def test_dry_run_counts_but_saves_nothing(grid_file):
    out, _ = run(grid_file, "--dry-run")
    assert "cells: 4 created" in out and "dry run" in out
    assert not Cell.objects.exists()


def test_missing_or_broken_file_is_a_sentence(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        run(tmp_path / "nowhere.geojson")
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(CommandError, match="is not valid JSON"):
        run(broken)


def test_unknown_crs_is_refused(grid_file):
    with pytest.raises(CommandError, match="invalid choice"):
        run(grid_file, "--crs", "epsg3857")
