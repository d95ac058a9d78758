"""The demo city's 门前三包 register: a few dozen units on the main roads with agreements and checks, one
with two failures and a raised case, last month's red and black list published through 公示; and a
rebuild removes it all first."""

import pytest

from chengguan.cases.models import Case
from chengguan.demo.builder import build_demo_city
from chengguan.frontage import services
from chengguan.frontage.models import Check, MonthlyList, Unit
from chengguan.notices.models import Notice

pytestmark = pytest.mark.django_db
SMALL = {"cells": 200, "streets": 3}


def test_the_demo_register_shows_every_part_at_work():
    build_demo_city(seed=2026, **SMALL)
    units = Unit.objects.all()
    assert units.count() >= 20
    assert all(unit.cell_id and unit.street_id for unit in units)
    assert {unit.department.code for unit in units} == {f"JD-{unit.street.code}" for unit in units}
    assert all(unit.agreements.exists() for unit in units)
    raised = Check.objects.exclude(raised_case=None).get()
    assert raised.raised_case.category.code == "S0115"
    assert raised.unit.checks.filter(passed=False).count() == 2
    monthly = MonthlyList.objects.get()
    assert monthly.entries.filter(board="black", unit=raised.unit, rank=1).exists()
    assert Notice.objects.get(pk=monthly.notice_id).subject_type == services.NOTICE_SUBJECT
    build_demo_city(seed=2026, reset=True, **SMALL)
    assert (
        MonthlyList.objects.count() == 1
        and Case.objects.filter(origin_type=services.CASE_ORIGIN).count() == 1
    )
