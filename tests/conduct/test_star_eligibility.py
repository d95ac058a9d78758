"""Star of the month eligibility: a full score for the month and no pending or substantiated serious
violation (五个严禁) in it. The picker offers only the eligible and says why the others are not; the service
refuses an ineligible nominee, a pending serious violation included."""

import pytest
from django.urls import reverse
from django.utils import timezone

from chengguan.conduct import selectors, services
from chengguan.conduct.models import Nomination
from chengguan.conduct.services import ConductCode, ConductRefused
from chengguan.org.roles import RoleCode

from .conftest import PASSWORD, make_staff, rule, this_month, user

pytestmark = pytest.mark.django_db


def _serious(org, who, *, decide=False, dismiss=False):
    violation = services.record_violation(
        actor=user(org, "discipline"),
        staff=org[who],
        rule=rule("wu-yanjin", 2),  # 严禁在工作时间饮酒
        occurred_on=timezone.localdate(),
        description="午间饮酒",
    )
    if decide or dismiss:
        services.decide_sanction(
            violation_id=violation.pk,
            actor=user(org, "captain"),
            sanction="" if dismiss else violation.proposed_sanction,
            dismiss=dismiss,
            reasons="查无实据" if dismiss else "",
        )
    return violation


def _nominate(org, who):
    return services.nominate_star(
        actor=user(org, "captain"), staff=org[who], month=this_month(), reason="工作突出"
    )


def test_a_pending_serious_violation_makes_a_nominee_ineligible(org):
    _serious(org, "officer")  # awaiting decision: nothing deducted yet, the score is still full
    row = selectors.eligibility_of(org["officer"], this_month())
    assert row["full"] and not row["eligible"]
    assert any("待处理的严重违规" in reason for reason in row["reasons"])
    with pytest.raises(ConductRefused) as refused:
        _nominate(org, "officer")
    assert refused.value.code == ConductCode.SERIOUS_VIOLATION and "饮酒" in str(refused.value)
    assert not Nomination.objects.exists()


def test_a_substantiated_one_and_a_deduction_refuse_too_a_dismissed_one_does_not(org):
    _serious(org, "officer", decide=True)
    with pytest.raises(ConductRefused) as refused:
        _nominate(org, "officer")
    assert refused.value.code == ConductCode.NOT_FULL_SCORE and "已查实的严重违规" in str(refused.value)
    _serious(org, "partner", dismiss=True)
    assert selectors.eligibility_of(org["partner"], this_month())["eligible"]
    assert _nominate(org, "partner").staff == org["partner"]


def test_a_serious_violation_last_month_does_not_count(org):
    violation = _serious(org, "officer")
    last_month = (this_month() - timezone.timedelta(days=1)).replace(day=1)
    type(violation).objects.filter(pk=violation.pk).update(occurred_on=last_month)
    assert selectors.eligibility_of(org["officer"], this_month())["eligible"]
    assert not selectors.eligibility_of(org["officer"], last_month)["eligible"]


def test_the_decision_rechecks_eligibility(org):
    nomination = _nominate(org, "officer")
    _serious(org, "officer")  # reported after the nomination
    with pytest.raises(ConductRefused) as refused:
        services.decide_star(actor=user(org, "chief"), nomination_id=nomination.pk, citation="x")
    assert refused.value.code == ConductCode.SERIOUS_VIOLATION


def test_the_picker_lists_only_the_eligible_and_says_why_for_the_others(
    client, org, django_assert_max_num_queries
):
    _serious(org, "officer")
    _serious(org, "partner", decide=True)
    client.login(username="captain", password=PASSWORD)
    url = reverse("conduct:stars_manage")
    response = client.get(url)
    assert response.status_code == 200
    offered = set(response.context["form"].fields["staff"].queryset)
    assert org["auxiliary"] in offered
    assert org["officer"] not in offered and org["partner"] not in offered
    body = response.content.decode()
    assert f'data-ineligible-staff="{org["officer"].pk}"' in body
    assert f'data-ineligible-staff="{org["partner"].pk}"' in body
    assert "待处理的严重违规" in body and "已查实的严重违规" in body and "不是满分" in body
    # Posting an ineligible nominee anyway: 400 with the reason, nothing recorded.
    response = client.post(
        reverse("conduct:star_nominate"),
        {"month": f"{this_month():%Y-%m}", "staff": org["officer"].pk, "reason": "工作突出"},
    )
    assert response.status_code == 400 and not Nomination.objects.exists()
    # A fixed number of queries, however many staff the picker weighs and whatever their records.
    with django_assert_max_num_queries(60) as before:
        client.get(url)
    for n in range(4):
        org[f"new{n}"] = make_staff(f"new{n}", org["squad"], RoleCode.AUXILIARY, name=f"新人{n}")
        _serious(org, f"new{n}", decide=n % 2 == 0)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert len(response.context["ineligible"]) == 6
