"""A point outside the bureau's area is refused with a message naming the area."""

import pytest
from django.core.exceptions import ValidationError

from chengguan.grid.bounds import check_in_area

from .conftest import LAT0, LNG0, cell_centre

pytestmark = pytest.mark.django_db


def test_a_point_in_a_cell_or_just_across_the_boundary_is_in_the_area(imported_grid):
    check_in_area(*cell_centre(0, 0))
    check_in_area(LNG0 - 0.01, LAT0 - 0.01)  # within the margin


@pytest.mark.parametrize(("lng", "lat"), [(0, 0), (180, 90), (LNG0, LAT0 + 1), (116.40, 39.90)])
def test_a_point_elsewhere_is_refused_naming_the_area(imported_grid, lng, lat):
    with pytest.raises(ValidationError) as err:
        check_in_area(lng, lat, field="lng")
    assert "贵池区" in err.value.message_dict["lng"][0]


@pytest.mark.parametrize(
    ("lng", "lat"), [(181, 0), (0, -91), (float("inf"), 0), (float("nan"), 0), (LAT0, LNG0)]
)
def test_impossible_coordinates_are_refused_even_without_a_grid(db, lng, lat):
    with pytest.raises(ValidationError, match="180"):
        check_in_area(lng, lat)
