"""The register's writes: placing a unit in its cell, street and keeping department; scoping by street;
personal data encrypted and masked; agreements; checks; repeated failure raising one case."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from chengguan.cases.models import Case
from chengguan.core.audit import Action
from chengguan.core.models import AuditEntry
from chengguan.frontage import services
from chengguan.frontage.models import Check, CheckPhoto, FrontageEvent, Unit
from chengguan.grid.models import Area, Cell

from .conftest import CELL_1, CELL_3, STREET_2, make_unit, photo_upload

pytestmark = pytest.mark.django_db


def fail(world, unit, *, now=None, note="门前堆放杂物"):
    return services.record_check(
        actor=world.inspector,
        unit_id=unit.pk,
        clean_ok=False,
        order_ok=True,
        green_ok=True,
        note=note,
        now=now,
    )


def test_a_unit_is_placed_in_its_cell_street_and_keeping_department(world):
    unit = make_unit(world)
    assert unit.cell == Cell.objects.get(code=CELL_1)
    assert unit.street.name == "秋浦街道"
    assert unit.department == world.srhw  # the default department for 门前三包
    other = make_unit(world, name="池阳超市", cell=CELL_3)
    assert other.street == Area.objects.get(code=STREET_2)
    assert other.department == world.office  # the street's own entry in the responsibility list
    assert FrontageEvent.objects.filter(unit=unit, action="register").exists()


def test_the_contact_is_encrypted_at_rest_and_revealed_with_an_audit_entry(world):
    unit = make_unit(world)
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone, contact_name FROM frontage_unit WHERE id = %s", [unit.pk])
        stored_phone, stored_name = cursor.fetchone()
    assert "13800138000" not in stored_phone and "王小明" not in stored_name
    assert Unit.objects.get(pk=unit.pk).contact_phone == "13800138000"
    revealed = services.reveal_contact(actor=world.inspector, unit_id=unit.pk)
    assert revealed == {"name": "王小明", "phone": "13800138000"}
    assert AuditEntry.objects.filter(action=Action.REVEAL, target_id=str(unit.pk)).count() == 1
    with pytest.raises(PermissionDenied):
        services.reveal_contact(actor=world.outsider, unit_id=unit.pk)


def test_points_outside_the_city_or_streets_kept_by_others_are_refused(world):
    with pytest.raises(ValidationError) as error:
        services.register_unit(actor=world.keeper, name="外地店", address="某路", lng=121.47, lat=31.23)
    assert "location" in error.value.message_dict
    with pytest.raises(PermissionDenied):  # 池阳街道 is kept by its street office, not 市容环卫科's keeper
        make_unit(world, name="池阳超市", cell=CELL_3, actor=world.keeper)
    with pytest.raises(PermissionDenied):  # an inspector checks, but does not register
        make_unit(world, actor=world.inspector)
    with pytest.raises(ValidationError) as error:
        make_unit(world, contact_phone="12345")
    assert "contact_phone" in error.value.message_dict
    assert not Unit.objects.exists()


def test_the_same_unit_is_not_registered_twice(world):
    make_unit(world)
    with pytest.raises(services.FrontageRefused) as refused:
        make_unit(world)
    assert refused.value.code == services.FrontageCode.DUPLICATE_UNIT


def test_agreements_record_the_duties_and_term(world):
    unit = make_unit(world)
    today = timezone.localdate()
    agreement = services.record_agreement(
        actor=world.keeper,
        unit_id=unit.pk,
        signed_on=today,
        starts_on=today,
        ends_on=today + timedelta(days=365),
        green=False,
    )
    assert agreement.duties == ["clean", "order"]
    with pytest.raises(ValidationError) as error:
        services.record_agreement(
            actor=world.keeper,
            unit_id=unit.pk,
            signed_on=today,
            starts_on=today,
            ends_on=today - timedelta(days=1),
        )
    assert "ends_on" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.record_agreement(
            actor=world.street_keeper, unit_id=unit.pk, signed_on=today, starts_on=today, ends_on=today
        )


def test_a_failed_duty_needs_a_note_and_only_inspectors_check(world):
    unit = make_unit(world)
    with pytest.raises(ValidationError) as error:
        services.record_check(
            actor=world.inspector, unit_id=unit.pk, clean_ok=True, order_ok=False, green_ok=True
        )
    assert "note" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.record_check(
            actor=world.keeper, unit_id=unit.pk, clean_ok=True, order_ok=True, green_ok=True
        )
    check = services.record_check(
        actor=world.inspector,
        unit_id=unit.pk,
        clean_ok=True,
        order_ok=True,
        green_ok=True,
        photos=[photo_upload()],
    )
    assert check.passed and check.raised_case is None
    assert CheckPhoto.objects.get(check_row=check).content_type.startswith("image/")


def test_two_failures_within_the_window_raise_one_case_in_the_frontage_category(world):
    unit = make_unit(world)
    now = timezone.now()
    first = fail(world, unit, now=now - timedelta(days=10))
    assert first.raised_case is None and not Case.objects.exists()
    second = fail(world, unit, now=now, note="占道经营")
    case = second.raised_case
    assert case is not None
    assert case.category.code == "S0115"
    assert (case.origin_type, case.origin_id) == ("frontage.check", str(second.pk))
    assert unit.name in case.description and "占道经营" in case.description
    third = fail(world, unit, now=now + timedelta(hours=1))  # counts again from the raise
    assert third.raised_case is None
    assert Case.objects.count() == 1


def test_failures_outside_the_window_do_not_count_and_the_threshold_is_configurable(world, settings):
    unit = make_unit(world)
    now = timezone.now()
    fail(world, unit, now=now - timedelta(days=100))
    assert fail(world, unit, now=now).raised_case is None
    settings.CHENGGUAN_FRONTAGE_FAILURES = 3
    other = make_unit(world, name="小李水果")
    fail(world, other, now=now - timedelta(days=2))
    assert fail(world, other, now=now - timedelta(days=1)).raised_case is None
    assert fail(world, other, now=now).raised_case is not None


def test_an_inactive_unit_is_not_checked(world):
    unit = make_unit(world)
    lng, lat = unit.lng, unit.lat
    services.update_unit(
        actor=world.keeper,
        unit_id=unit.pk,
        name=unit.name,
        address=unit.address,
        lng=lng,
        lat=lat,
        kind=unit.kind,
        is_active=False,
    )
    with pytest.raises(services.FrontageRefused):
        fail(world, unit)
    assert not Check.objects.exists()


def test_month_helpers(world):
    from chengguan.frontage.selectors import month_bounds

    start, end = month_bounds(date(2026, 12, 15))
    assert (start.month, end.year, end.month) == (12, 2027, 1)
