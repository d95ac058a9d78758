import json

import pytest

from chengguan.grid.models import Area, Cell

from .conftest import COMMUNITY, DLAT, DLNG, LAT0, LNG0, square

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model, imported_grid):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-for-tests-1")
    client.force_login(user)
    return client


def test_lists_search_and_change_pages_load(admin_client):
    cell = Cell.objects.get(code=f"{COMMUNITY}001")
    for url in [
        "/admin/grid/area/",
        "/admin/grid/area/?level__exact=street",
        "/admin/grid/area/?q=秋浦",
        "/admin/grid/cell/",
        f"/admin/grid/cell/?q={COMMUNITY}00",
        f"/admin/grid/cell/{cell.pk}/change/",
        f"/admin/grid/area/{cell.community_id}/change/",
        "/admin/grid/cell/add/",
    ]:
        assert admin_client.get(url).status_code == 200, url
    listing = admin_client.get(f"/admin/grid/cell/?q={COMMUNITY}001").content.decode()
    assert f"{COMMUNITY}001" in listing and f"{COMMUNITY}002" not in listing


def _cell_form(geometry, **extra) -> dict:
    return {
        "code": f"{COMMUNITY}050",
        "community": Area.objects.get(code=COMMUNITY).pk,
        "inspector": "",
        "is_active": "on",
        "geometry": json.dumps(geometry),
        "responsibilities-TOTAL_FORMS": "0",
        "responsibilities-INITIAL_FORMS": "0",
        "responsibilities-MIN_NUM_FORMS": "0",
        "responsibilities-MAX_NUM_FORMS": "1000",
        **extra,
    }


def test_adding_a_cell_computes_its_derived_columns(admin_client):
    response = admin_client.post("/admin/grid/cell/add/", _cell_form(square(LNG0 + 3 * DLNG, LAT0)))
    assert response.status_code == 302, response.content.decode()[:2000]
    cell = Cell.objects.get(code=f"{COMMUNITY}050")
    assert cell.min_lng == pytest.approx(LNG0 + 3 * DLNG) and cell.max_lat == pytest.approx(LAT0 + DLAT)
    assert cell.area_m2 == pytest.approx(10_000, rel=0.01)


def test_an_invalid_boundary_is_refused_with_the_reason(admin_client):
    bow_tie = {
        "type": "Polygon",
        "coordinates": [
            [[LNG0, LAT0], [LNG0 + DLNG, LAT0 + DLAT], [LNG0 + DLNG, LAT0], [LNG0, LAT0 + DLAT], [LNG0, LAT0]]
        ],
    }
    response = admin_client.post("/admin/grid/cell/add/", _cell_form(bow_tie))
    assert response.status_code == 200
    assert "Self-intersection" in response.content.decode()
    assert not Cell.objects.filter(code=f"{COMMUNITY}050").exists()
