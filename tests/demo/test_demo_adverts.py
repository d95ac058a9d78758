"""The demo city's outdoor-advertising register: permits in every state, one expiring soon, and the
inspector's patrol with a covered sign and two that became cases; a rebuild replaces it all."""

import pytest
from django.utils import timezone

from chengguan.adverts.models import CheckOutcome, Permit, PermitState, SignCheck
from chengguan.cases.models import Case
from chengguan.demo.builder import build_demo_city

pytestmark = pytest.mark.django_db
SMALL = {"cells": 200, "streets": 3}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_demo_register_shows_every_state_and_a_patrol_finding_that_became_a_case():
    build_demo_city(seed=2026, **SMALL)
    states = set(Permit.objects.values_list("state", flat=True))
    assert states == set(PermitState.values)
    today = timezone.localdate()
    soon = Permit.objects.get(content_text="老街茶馆")
    assert soon.state == PermitState.APPROVED and 0 < (soon.valid_until - today).days <= 30
    assert soon.reminded_at is not None
    assert Permit.objects.filter(amends__isnull=False, state=PermitState.APPLIED).count() == 1
    assert Permit.objects.get(amends__content_text="徽州菜馆", state=PermitState.APPROVED).width_m == 6
    outcomes = dict(SignCheck.objects.values_list("content_text", "outcome"))
    assert outcomes == {
        "百牙超市": CheckOutcome.COVERED,
        "鸿运烟酒 批发零售": CheckOutcome.UNPERMITTED,
        "老街茶馆": CheckOutcome.CHANGED,
    }
    raised = Case.objects.filter(origin_type="adverts.sign_check")
    assert raised.count() == 2 and {c.category.code for c in raised} == {"S0202"}

    build_demo_city(seed=2026, reset=True, **SMALL)
    assert Permit.objects.count() == 10 and SignCheck.objects.count() == 3
