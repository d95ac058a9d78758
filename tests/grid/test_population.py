"""Areas carry their residents (for officers per 10,000 residents): imported from a `population` property,
kept when a later file leaves it out, refused when it is no whole number or given on a cell."""

from functools import partial

import pytest

from chengguan.core.actors import SystemActor
from chengguan.grid import services as grid_services
from chengguan.grid.models import Area
from chengguan.grid.services import GridImportError

from .conftest import COMMUNITY, STREET, grid_features

import_grid = partial(grid_services.import_grid, actor=SystemActor("test"))

pytestmark = pytest.mark.django_db


def _with_population(**populations):
    features = grid_features()
    for feature in features:
        code = feature["properties"]["code"]
        if code in populations:
            feature["properties"]["population"] = populations[code]
    return {"type": "FeatureCollection", "features": features}


def test_population_is_imported_and_kept():
    import_grid(_with_population(**{COMMUNITY: 8200, STREET: "15000"}))
    assert Area.objects.get(code=COMMUNITY).population == 8200
    assert Area.objects.get(code=STREET).population == 15000
    report = import_grid(_with_population())  # no population in this file: nothing changes
    assert report.areas_updated == 0
    assert Area.objects.get(code=COMMUNITY).population == 8200
    import_grid(_with_population(**{COMMUNITY: 9100}))
    assert Area.objects.get(code=COMMUNITY).population == 9100


@pytest.mark.parametrize("value", [-3, "many", 1.5, True])
def test_a_population_that_is_no_whole_number_is_refused(value):
    with pytest.raises(GridImportError) as refused:
        import_grid(_with_population(**{COMMUNITY: value}))
    assert "population" in str(refused.value.problems[0])
    assert not Area.objects.filter(code=COMMUNITY).exists()


def test_a_cell_has_no_population():
    cell = next(f["properties"]["code"] for f in grid_features() if len(f["properties"]["code"]) == 15)
    with pytest.raises(GridImportError) as refused:
        import_grid(_with_population(**{cell: 10}))
    assert "population" in str(refused.value.problems[0])
