"""Reporting through the portal: a case on the web or mobile channel, idempotent on the form's key, the
duplicate suggestion within the category's radius, and supporting an open case instead."""

import re

import pytest
from django.urls import reverse

from chengguan.cases.models import Case, CaseSupporter
from chengguan.cases.states import Channel, State
from chengguan.portal.tokens import tracking_token

from .conftest import GARBAGE, KIOSK, LAT, LNG, M_LAT, M_LNG, photo, report_data

pytestmark = pytest.mark.django_db
REPORT = "/report/"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"


def test_the_form_lists_categories_with_icons_and_the_privacy_note(client, world):
    response = client.get(REPORT)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="S0102"' in html and "暴露垃圾" in html and "🗑️" in html
    assert "data-privacy-note" in html and 'name="website"' in html and 'name="form_stamp"' in html
    assert re.search(r'name="intake_key" value="[0-9a-f-]{36}"', html)
    assert response.cookies["cg_device"].value


def test_a_report_becomes_a_web_case_and_shows_its_number_and_private_link(client, world, media):
    data = report_data(photos=[photo()])
    response = client.post(REPORT, data)
    case = Case.objects.get()
    token = tracking_token(case.number)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:done", args=[case.number, token])
    assert case.channel == Channel.WEB and case.category.code == GARBAGE
    assert case.reporter_phone == "13700001111" and case.created_by is None
    assert case.attachments.count() == 1 and case.cell is not None
    page = client.get(response["Location"]).content.decode()
    assert case.number in page and f"/track/{case.number}/{token}/" in page


def test_a_phone_browser_reports_on_the_mobile_channel_and_anonymous_drops_the_contact(client, world):
    client.post(REPORT, report_data(anonymous="on"), HTTP_USER_AGENT=IPHONE)
    case = Case.objects.get()
    assert case.channel == Channel.MOBILE
    assert case.reporter_name == "" and case.reporter_phone == ""


def test_the_same_form_sent_twice_gives_one_case(client, world):
    data = report_data()
    first = client.post(REPORT, data)
    second = client.post(REPORT, {**data, "form_stamp": report_data()["form_stamp"]})
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert Case.objects.get().intake_key.startswith("portal:")


def test_a_foreign_idempotency_key_reveals_nothing(client, world):
    other = world.report(intake_key="12345678-1234-5678-1234-567812345678")  # another channel's key
    client.post(REPORT, report_data(intake_key="12345678-1234-5678-1234-567812345678"))
    assert Case.objects.count() == 2
    assert Case.objects.exclude(pk=other.pk).get().intake_key.startswith("portal:")


@pytest.mark.parametrize(
    "overrides, field",
    [({"category": ""}, "category"), ({"lng": "", "lat": ""}, "lng"), ({"description": " "}, "description")],
)
def test_incomplete_reports_are_refused_and_store_nothing(client, world, overrides, field):
    response = client.post(REPORT, report_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Case.objects.exists()


def _nearby(client, lng, lat, category=GARBAGE):
    return client.get(
        reverse("portal:nearby"), {"lng": lng, "lat": lat, "category": category}
    ).content.decode()


def test_nearby_finds_an_open_case_of_the_same_category_within_its_radius(client, world):
    near = world(State.DISPATCHED, lng=LNG + 20 * M_LNG, lat=LAT)
    far = world(State.DISPATCHED, lng=LNG, lat=LAT + 200 * M_LAT)  # 暴露垃圾, an event: 150 m
    kiosk = world(State.DISPATCHED, category=KIOSK, lng=LNG, lat=LAT + 10 * M_LAT)
    closed = world(State.CLOSED, lng=LNG, lat=LAT + 5 * M_LAT)
    html = _nearby(client, LNG, LAT)
    assert f'data-nearby-case="{near.number}"' in html and "20" in html
    for other in (far, kiosk, closed):
        assert other.number not in html
    assert kiosk.number in _nearby(client, LNG, LAT, KIOSK)
    assert _nearby(client, "x", LAT).strip() == ""
    for secret in (near.reporter_name, near.reporter_phone, near.description):
        assert secret not in html


def test_support_counts_once_per_device_and_phone(client, world):
    case = world(State.DISPATCHED)
    data = report_data(support_case=case.number, reporter_phone="13600002222")
    response = client.post(reverse("portal:support"), data)
    assert response.status_code == 200 and "data-support-count" in response.content.decode()
    again = client.post(reverse("portal:support"), {**data, "reporter_phone": ""})
    assert again.status_code == 400
    other = client.post(
        reverse("portal:support"),
        report_data(support_case=case.number, device_id="device-bbb", anonymous="on"),
    )
    assert other.status_code == 200
    case.refresh_from_db()
    assert case.support_count == 2
    assert set(CaseSupporter.objects.values_list("phone", flat=True)) == {"13600002222", ""}
    assert Case.objects.count() == 1  # no new report was filed


def test_support_of_a_finished_or_unknown_case_is_refused(client, world):
    closed = world(State.CLOSED)
    assert client.post(reverse("portal:support"), report_data(support_case=closed.number)).status_code == 400
    assert client.post(reverse("portal:support"), report_data(support_case="999999999")).status_code == 404
    assert Case.objects.get(pk=closed.pk).support_count == 0


@pytest.mark.parametrize(
    ("lng", "lat"),
    [("0", "0"), ("180", "90"), ("nan", "nan"), ("inf", "30.66")],
    ids=["zero", "corner", "nan", "inf"],
)
def test_a_pin_outside_the_area_is_a_field_error_and_nothing_is_stored(client, world, lng, lat):
    response = client.post(reverse("portal:report"), report_data(lng=lng, lat=lat))
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        {"category": "\x00", "lng": "117.49", "lat": "30.66"},
        {"category": GARBAGE, "lng": "0", "lat": "0"},
        {"category": GARBAGE, "lng": "180", "lat": "90"},
        {"category": GARBAGE, "lng": "nan", "lat": "nan"},
    ],
    ids=["nul", "zero", "corner", "nan"],
)
def test_nearby_refuses_bad_input_with_a_400(client, world, query):
    response = client.get(reverse("portal:nearby"), query)
    assert response.status_code == 400 and response.content.strip()


def test_nearby_weighs_the_text_typed_and_proposes_a_related_category_when_alike(client, world):
    text = "小区门口有一堆垃圾没人清理，臭气熏天"
    related = world(State.DISPATCHED, category="S0103", description=text, lng=LNG, lat=LAT + 100 * M_LAT)
    assert related.number not in _nearby(client, LNG, LAT)  # a related category 100 m off: not by itself
    html = client.get(
        reverse("portal:nearby"), {"lng": LNG, "lat": LAT, "category": GARBAGE, "text": text}
    ).content.decode()
    assert f'data-nearby-case="{related.number}"' in html
