"""The register's pages: roles and street scoping, masking, bad input as 4xx, the import's result page and
fixed query counts on the lists."""

import pytest
from django.urls import reverse
from django.utils import timezone

from chengguan.frontage import services
from chengguan.frontage.models import MonthlyList, Unit

from .conftest import CELL_1, CELL_3, centre, make_unit, photo_upload

pytestmark = pytest.mark.django_db


def test_roles_open_the_register_and_keepers_see_only_their_streets(client, world):
    mine, theirs = make_unit(world), make_unit(world, name="池阳超市", cell=CELL_3)
    client.force_login(world.street_keeper)
    page = client.get(reverse("frontage:units"))
    assert page.status_code == 200
    assert "池阳超市" in page.text and "老王面馆" not in page.text
    assert client.get(reverse("frontage:unit", args=[mine.pk])).status_code == 404
    assert client.get(reverse("frontage:unit", args=[theirs.pk])).status_code == 200
    for user in (world.leader, world.inspector):
        client.force_login(user)
        page = client.get(reverse("frontage:units"))
        assert "池阳超市" in page.text and "老王面馆" in page.text
    client.force_login(world.leader)  # leaders read
    assert client.get(reverse("frontage:unit_create")).status_code == 403
    assert client.get(reverse("frontage:import")).status_code == 403
    client.force_login(world.outsider)
    assert client.get(reverse("frontage:units")).text.count("data-unit=") == 0
    client.logout()
    assert client.get(reverse("frontage:units")).status_code == 302


def test_the_unit_page_masks_the_contact_until_revealed(client, world):
    unit = make_unit(world)
    client.force_login(world.keeper)
    page = client.get(reverse("frontage:unit", args=[unit.pk]))
    assert "138****8000" in page.text and "13800138000" not in page.text and "王*" in page.text
    shown = client.post(reverse("frontage:reveal", args=[unit.pk]))
    assert "13800138000" in shown.text


def test_registering_on_the_map_and_bad_input(client, world):
    client.force_login(world.keeper)
    lng, lat = centre(CELL_1)
    url = reverse("frontage:unit_create")
    assert client.get(url).status_code == 200
    missing = client.post(url, {"name": "老王面馆", "kind": "shop", "address": "秋浦路1号"})
    assert missing.status_code == 400 and not Unit.objects.exists()
    outside = client.post(
        url, {"name": "外地店", "kind": "shop", "address": "某路", "lng": 121.47, "lat": 31.23}
    )
    assert outside.status_code == 400
    made = client.post(
        url,
        {
            "name": "老王面馆",
            "kind": "shop",
            "address": "秋浦路1号",
            "lng": lng,
            "lat": lat,
            "contact_phone": "13800138000",
        },
    )
    unit = Unit.objects.get()
    assert made.status_code == 302 and made.url == reverse("frontage:unit", args=[unit.pk])
    agreement = client.post(
        reverse("frontage:agreement_create", args=[unit.pk]),
        {"signed_on": "2026-01-01", "starts_on": "2026-01-01", "ends_on": "2025-12-31"},
    )
    assert agreement.status_code == 400
    assert client.get(reverse("frontage:unit", args=[99999])).status_code == 404
    for month in ("garbage", "9999-12", "2026-13", "0-1"):
        assert client.get(reverse("frontage:lists") + f"?month={month}").status_code == 200
    assert client.get(reverse("frontage:units") + "?street=99999999999999999999&kind=x").status_code == 200
    assert client.post(reverse("frontage:publish"), {"month": "bad"}).status_code == 403  # a keeper
    client.force_login(world.civility)
    assert client.post(reverse("frontage:publish"), {"month": "bad"}).status_code == 400
    refused = client.post(reverse("frontage:publish"), {"month": f"{timezone.localdate():%Y-%m}"})
    assert refused.status_code == 302 and not MonthlyList.objects.exists()


def test_checks_through_the_page_raise_a_case_after_two_failures(client, world):
    unit = make_unit(world)
    client.force_login(world.inspector)
    url = reverse("frontage:check_create", args=[unit.pk])
    no_note = client.post(url, {"clean_ok": "0", "order_ok": "1", "green_ok": "1"})
    assert no_note.status_code == 400
    for _ in range(2):
        done = client.post(
            url,
            {"clean_ok": "0", "order_ok": "1", "green_ok": "1", "note": "杂物堆放", "photos": photo_upload()},
        )
        assert done.status_code == 302
    page = client.get(reverse("frontage:unit", args=[unit.pk]))
    case = unit.checks.exclude(raised_case=None).get().raised_case
    assert f'data-raised-case="{case.number}"' in page.text
    photo = unit.checks.first().photos.first()
    assert client.get(reverse("frontage:photo", args=[photo.pk])).status_code == 200
    client.force_login(world.street_keeper)  # not their street
    assert client.get(reverse("frontage:photo", args=[photo.pk])).status_code == 404
    assert client.post(url, {"clean_ok": "1", "order_ok": "1", "green_ok": "1"}).status_code == 403


def test_import_through_the_page_shows_refused_rows(client, world):
    client.force_login(world.keeper)
    lng, lat = centre(CELL_1)
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = f"名称,地址,经度,纬度\n老王面馆,秋浦路1号,{lng},{lat}\n外地店,某路,121.47,31.23\n".encode()
    response = client.post(reverse("frontage:import"), {"file": SimpleUploadedFile("units.csv", csv)})
    assert response.status_code == 302
    result = client.get(response.url)
    assert 'data-refused-row="3"' in result.text and "外地店" in result.text
    bad = client.post(reverse("frontage:import"), {"file": SimpleUploadedFile("units.txt", b"x")})
    assert bad.status_code == 400
    client.force_login(world.street_keeper)  # another keeper's run
    assert client.get(result.wsgi_request.path).status_code == 404


def _fill(world, start, n):
    for i in range(start, start + n):
        unit = make_unit(world, name=f"商户{i}")
        today = timezone.localdate()
        services.record_agreement(
            actor=world.keeper, unit_id=unit.pk, signed_on=today, starts_on=today, ends_on=today
        )
        services.record_check(
            actor=world.inspector, unit_id=unit.pk, clean_ok=True, order_ok=True, green_ok=True
        )


def test_the_lists_take_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.inspector)
    _fill(world, 0, 2)
    counts = {}
    for url in (
        reverse("frontage:units"),
        reverse("frontage:markers"),
        reverse("frontage:lists") + f"?month={timezone.localdate():%Y-%m}",
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small:
            assert "/frontage/units/" in client.get(url).text
        counts[url] = len(small)
    _fill(world, 2, 6)
    for url, count in counts.items():
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
