"""The abuse guard on anonymous submissions: per-device and per-address limits (429 with a clear message,
earlier reports intact), the honeypot and the minimum fill time."""

import pytest
from django.urls import reverse

from chengguan.cases.models import Case
from chengguan.cases.states import State

from .conftest import report_data, stamp

pytestmark = pytest.mark.django_db
REPORT = "/report/"


@pytest.fixture
def limits(settings):
    settings.CHENGGUAN_PORTAL_RATE = {"device": (2, 600), "ip": (3, 3600), "min_fill_seconds": 3}


def test_a_device_over_its_limit_is_refused_and_earlier_reports_stay(client, world, limits):
    sent = [report_data(description=f"第{i}处垃圾") for i in range(3)]
    for data in sent[:2]:
        assert client.post(REPORT, data).status_code == 302
    refused = client.post(REPORT, sent[2])
    html = refused.content.decode()
    assert refused.status_code == 429
    assert "data-refused" in html and "提交次数过多" in html
    assert sorted(Case.objects.values_list("description", flat=True)) == ["第0处垃圾", "第1处垃圾"]
    assert refused.context["form"]["description"].value() == "第2处垃圾"  # what was typed is kept
    # A retry of an accepted report is still answered with its case, limit or not.
    assert client.post(REPORT, sent[0]).status_code == 302
    assert Case.objects.count() == 2


def test_the_address_limit_holds_across_devices(client, world, limits):
    for i in range(3):
        assert client.post(REPORT, report_data(device_id=f"device-{i}")).status_code == 302
    assert client.post(REPORT, report_data(device_id="device-new")).status_code == 429
    assert Case.objects.count() == 3


def test_the_cookie_stands_in_for_a_missing_device_id(client, world, limits):
    client.cookies["cg_device"] = "cookie-device"
    for _ in range(2):
        assert client.post(REPORT, report_data(device_id="")).status_code == 302
    assert client.post(REPORT, report_data(device_id="")).status_code == 429


def test_supports_count_against_the_same_limits(client, world, limits):
    cases = [world(State.ACCEPTED) for _ in range(3)]
    for case in cases[:2]:
        assert (
            client.post(reverse("portal:support"), report_data(support_case=case.number)).status_code == 200
        )
    over = client.post(reverse("portal:support"), report_data(support_case=cases[2].number))
    assert over.status_code == 429 and "data-refused" in over.content.decode()
    assert Case.objects.get(pk=cases[2].pk).support_count == 0


@pytest.mark.parametrize(
    "overrides",
    [
        lambda: {"website": "http://spam.example"},  # the honeypot
        lambda: {"form_stamp": stamp(seconds_ago=0)},  # sent faster than a person can
        lambda: {"form_stamp": ""},
        lambda: {"form_stamp": "forged:value"},
        lambda: {"form_stamp": stamp(seconds_ago=2 * 86400)},  # a day-old form
    ],
    ids=["honeypot", "too-fast", "no-stamp", "forged", "expired"],
)
def test_bots_are_refused_and_nothing_is_stored(client, world, overrides):
    response = client.post(REPORT, report_data(**overrides()))
    assert response.status_code == 400 and "data-refused" in response.content.decode()
    assert not Case.objects.exists()


def test_staff_signed_in_are_not_limited(client, world, people, limits):
    client.force_login(people.intake)
    for _ in range(4):
        assert client.post(REPORT, report_data(form_stamp="")).status_code == 302
    assert Case.objects.count() == 4


def test_nearby_lookups_are_limited_per_address(client, world, settings):
    from django.core.cache import cache

    cache.clear()
    settings.CHENGGUAN_PORTAL_RATE = {"lookup": (3, 60)}
    url = reverse("portal:nearby")
    answers = [
        client.get(url, {"lng": 117.49, "lat": 30.66, "category": "S0102"}).status_code for _ in range(4)
    ]
    assert answers == [200, 200, 200, 429]


def test_a_form_stamp_is_good_for_one_submission(client, world, limits):
    data = report_data()
    assert client.post(REPORT, data).status_code == 302
    again = report_data(form_stamp=data["form_stamp"], device_id="device-bbb")  # a new report, old stamp
    refused = client.post(REPORT, again)
    assert refused.status_code == 400 and "data-refused" in refused.content.decode()
    assert Case.objects.count() == 1


def test_a_refused_form_gives_its_count_back(client, world, limits):
    for _ in range(5):
        assert client.post(REPORT, report_data(description="")).status_code == 400  # invalid: not counted
    for i in range(2):
        assert client.post(REPORT, report_data(description=f"第{i}处")).status_code == 302
    assert Case.objects.count() == 2
