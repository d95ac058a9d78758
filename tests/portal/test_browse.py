"""The public map and list of recent cases: filters, paging, markers with public fields only; the home
page leads citizens to the portal."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chengguan.cases.models import Case
from chengguan.cases.states import Channel, State
from chengguan.portal import selectors

from .conftest import CELL_1, KIOSK, centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(world):
    lng, lat = centre(CELL_1)
    garbage = world(State.DISPATCHED)
    kiosk = world(State.CLOSED, category=KIOSK)
    old = world(State.ACCEPTED)
    Case.objects.filter(pk=old.pk).update(reported_at=timezone.now() - timedelta(days=120))
    internal = world(State.REPORTED, channel=Channel.CONDUCT)
    return {"garbage": garbage, "kiosk": kiosk, "old": old, "internal": internal}


def _numbers(response) -> set[str]:
    return {row["case"].number for row in response.context["rows"]}


def test_the_list_shows_recent_public_cases_only(client, cases):
    response = client.get(reverse("portal:map"))
    assert response.status_code == 200
    assert _numbers(response) == {cases["garbage"].number, cases["kiosk"].number}


def test_filters_by_category_state_and_area(client, cases):
    url = reverse("portal:map")
    assert _numbers(client.get(url, {"category": KIOSK})) == {cases["kiosk"].number}
    assert _numbers(client.get(url, {"category": "B01"})) == {cases["kiosk"].number}  # a major class
    assert _numbers(client.get(url, {"state": "open"})) == {cases["garbage"].number}
    assert _numbers(client.get(url, {"state": State.CLOSED})) == {cases["kiosk"].number}
    assert len(_numbers(client.get(url, {"area": "341702001"}))) == 2
    assert _numbers(client.get(url, {"area": "341702002"})) == set()


def test_markers_carry_public_fields_only(client, cases):
    data = client.get(reverse("portal:markers"), {"state": "open"}).json()
    assert [f["properties"]["number"] for f in data["features"]] == [cases["garbage"].number]
    props = data["features"][0]["properties"]
    assert set(props) == {"number", "title", "state", "state_label", "url"}
    assert props["url"] == reverse("portal:case", args=[cases["garbage"].number])
    body = client.get(reverse("portal:markers")).content.decode()
    for case in cases.values():
        assert case.reporter_phone not in body and case.description not in body


def test_markers_for_a_bounding_box(client, cases):
    lng, lat = centre(CELL_1)
    around = f"{lng - 0.01},{lat - 0.01},{lng + 0.01},{lat + 0.01}"
    elsewhere = f"{lng + 0.5},{lat + 0.5},{lng + 0.6},{lat + 0.6}"

    def numbers(bbox):
        data = client.get(reverse("portal:markers"), {"bbox": bbox}).json()
        return {feature["properties"]["number"] for feature in data["features"]}

    assert numbers(around) == {cases["garbage"].number, cases["kiosk"].number}
    assert numbers(elsewhere) == set()
    assert client.get(reverse("portal:markers"), {"bbox": "1,2,x"}).status_code == 200  # ignored, not a 500


def test_the_home_page_links_citizens_to_the_portal(client, world):
    html = client.get("/").content.decode()
    for name in ("portal:report", "portal:track", "portal:map"):
        assert f'href="{reverse(name)}"' in html


@pytest.mark.parametrize("limit", [1, 3, 5, 6, 50])
@pytest.mark.parametrize("dense_scan", [0, 10**9], ids=["by cells", "by time"])
def test_the_newest_markers_are_those_of_ninety_days_read_whole(world, limit, dense_scan, monkeypatch):
    """Reading the last few days first, then more, by the box's cells (a sparse box), or reading by time
    alone (a dense one) gives the same newest rows as reading all ninety days."""
    monkeypatch.setattr(selectors, "DENSE_SCAN", dense_scan)
    lng, lat = centre(CELL_1)
    made = [world(State.REPORTED) for _ in range(6)]
    ages = [0.5, 2, 4, 11, 40, 89]  # days back: spread so that several windows are needed
    for case, age in zip(made, ages, strict=True):
        Case.objects.filter(pk=case.pk).update(reported_at=timezone.now() - timedelta(days=age))
    filters = {"bbox": (lng - 0.01, lat - 0.01, lng + 0.01, lat + 0.01)}
    whole = selectors.recent_public_cases(**filters).filter(lng__isnull=False).values("number")[:limit]

    assert selectors.newest_markers(filters, ("number",), limit) == list(whole)
    assert len(list(whole)) == min(limit, 6)


def test_a_case_outside_the_grid_is_still_on_the_map(client, world):
    lng, lat = centre(CELL_1)
    stray = world(State.REPORTED)
    Case.objects.filter(pk=stray.pk).update(cell=None, lng=lng + 1, lat=lat + 1)  # beyond every cell
    bbox = f"{lng + 0.99},{lat + 0.99},{lng + 1.01},{lat + 1.01}"

    features = client.get(reverse("portal:markers"), {"bbox": bbox}).json()["features"]

    assert [f["properties"]["number"] for f in features] == [stray.number]
