"""Done when: a sign found on patrol without a permit becomes a case in the right category; one with a
valid permit does not. Also: a sign that differs from its permit, or stands under a permit not in force,
is not covered either."""

import math
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chengguan.adverts import services
from chengguan.adverts.models import CheckOutcome, SignCheck
from chengguan.cases.models import Attachment, Case
from chengguan.cases.states import Channel

from .conftest import CELL_1, application, approved, centre, sign

pytestmark = pytest.mark.django_db


def check(people, **overrides) -> SignCheck:
    return services.record_sign_check(actor=people.inspector, **sign(**overrides))


def metres_east(metres: float) -> tuple[float, float]:
    lng, lat = centre(CELL_1)
    return lng + metres / (111_320 * math.cos(math.radians(lat))), lat


def test_a_sign_without_a_permit_becomes_a_case_in_the_illegal_advertising_category(people):
    found = check(people)
    assert found.outcome == CheckOutcome.UNPERMITTED and found.permit is None
    case = Case.objects.get(pk=found.case_id)
    assert case.category.code == "S0202" and case.category.name == "违章张贴悬挂广告牌匾"
    assert case.channel == Channel.PATROL
    assert (case.origin_type, case.origin_id) == ("adverts.sign_check", str(found.pk))
    assert found.case_number == case.number and "百牙超市" in case.description
    assert Attachment.objects.filter(case=case).count() == 1  # the sign's photo goes with the case
    assert list(found.events.values_list("action", flat=True)) == ["check", "raise_case"]


def test_a_sign_with_a_valid_permit_does_not(people):
    permit = approved(people)
    found = check(people, content_text="百牙 超市", width_m=Decimal("4.2"))  # within the tolerance
    assert found.outcome == CheckOutcome.COVERED and found.permit == permit
    assert found.case_id is None and not Case.objects.exists()
    assert found.distance_m == 0
    assert permit.events.filter(action="check").exists()


def test_a_permit_covers_only_within_the_radius(people):
    approved(people)
    assert (
        check(people, **dict(zip(("lng", "lat"), metres_east(20), strict=True))).outcome
        == CheckOutcome.COVERED
    )
    far = check(people, **dict(zip(("lng", "lat"), metres_east(45), strict=True)))
    assert far.outcome == CheckOutcome.UNPERMITTED and far.case_id is not None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"width_m": Decimal("6.00")}, "尺寸"),
        ({"material": "led"}, "材质"),
        ({"content_text": "全场五折大促销"}, "内容"),
    ],
)
def test_a_sign_that_differs_from_its_permit_becomes_a_case(people, change, reason, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    permit = approved(people)
    from django.utils import translation

    with translation.override("zh-hans"):
        found = check(people, **change)
    assert found.outcome == CheckOutcome.CHANGED and found.permit == permit
    assert any(reason in text for text in found.reasons)
    assert Case.objects.get(pk=found.case_id).category.code == "S0202"


def test_a_sign_under_a_pending_application_is_not_covered(people):
    pending = application(people)
    found = check(people)
    assert found.outcome == CheckOutcome.UNPERMITTED and found.permit == pending
    assert found.case_id is not None


def test_a_sign_whose_permit_has_expired_or_was_revoked_is_not_covered(people):
    today = timezone.localdate()
    permit = approved(people, valid_until=today + timedelta(days=5))
    services.run_expiry(actor=services.EXPIRY_ACTOR, today=today + timedelta(days=6))
    permit.refresh_from_db()
    assert permit.state == "expired"
    assert check(people).outcome == CheckOutcome.UNPERMITTED
    revoked = approved(people, content_text="另一块招牌")
    services.revoke_permit(actor=people.leader, permit_id=revoked.pk, reason="规划调整")
    assert check(people, content_text="另一块招牌").outcome == CheckOutcome.UNPERMITTED


def test_only_inspectors_record_signs_and_a_photo_is_needed(people):
    with pytest.raises(PermissionDenied):
        services.record_sign_check(actor=people.clerk, **sign())
    with pytest.raises(ValidationError) as caught:
        services.record_sign_check(
            actor=people.inspector, **sign(photo=None, lng=1.0, lat=1.0, content_text="")
        )
    assert set(caught.value.message_dict) == {"photo", "location", "content_text"}
    assert not SignCheck.objects.exists() and not Case.objects.exists()
