"""Inspection → finding → violation → the leader's decision → the deduction in the month's score; a second
violation of the same rule in the month escalates the proposal; the person states their case."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chengguan.cases.models import Case
from chengguan.conduct import selectors, services
from chengguan.conduct.models import ConductEvent, FindingEvidence, Sanction, Violation, ViolationState
from chengguan.core.actors import SystemActor

from .conftest import png, rule, this_month, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspection(org):
    return services.create_inspection(
        actor=user(org, "discipline"),
        kind="covert",
        title="十一月暗访",
        held_on=timezone.localdate(),
        department=org["office"],
        inspectors=[org["discipline"]],
        scope_departments=[org["squad"]],
        checklist=["着装", "文明用语"],
    )


def finding_against(org, inspection, who="officer", set_code="wu-buzhun", number=1, **extra):
    return services.record_finding(
        actor=user(org, "discipline"),
        inspection_id=inspection.pk,
        target="person",
        staff=org[who],
        rule=rule(set_code, number),
        description="对摊主使用不文明用语",
        **extra,
    )


def test_a_finding_against_a_person_becomes_a_violation_with_the_mildest_sanction(org, inspection):
    finding = finding_against(org, inspection, evidence=[png()])
    violation = finding.violation
    assert violation.staff == org["officer"] and violation.state == ViolationState.PROPOSED
    assert violation.proposed_sanction == Sanction.CRITICISM and not violation.escalated
    evidence = FindingEvidence.objects.get(finding=finding)
    assert len(evidence.sha256) == 64
    assert ConductEvent.objects.filter(
        subject_type="violation", subject_id=violation.pk, action="record"
    ).exists()


def test_the_second_violation_of_the_same_rule_in_the_month_escalates(org, inspection):
    first = finding_against(org, inspection).violation
    second = finding_against(org, inspection).violation
    third = finding_against(org, inspection).violation
    fourth = finding_against(org, inspection).violation
    assert first.proposed_sanction == Sanction.CRITICISM
    assert (second.proposed_sanction, second.repeat_count) == (Sanction.ADMONISHING_TALK, 1)
    assert third.proposed_sanction == Sanction.CIRCULATED_CRITICISM
    assert fourth.proposed_sanction == Sanction.CIRCULATED_CRITICISM  # never beyond the gravest allowed
    other_rule = finding_against(org, inspection, number=2).violation
    assert other_rule.proposed_sanction == Sanction.CRITICISM and not other_rule.escalated
    someone_else = finding_against(org, inspection, who="partner").violation
    assert not someone_else.escalated


def test_a_dismissed_violation_does_not_escalate_the_next(org, inspection):
    first = finding_against(org, inspection).violation
    services.decide_sanction(
        violation_id=first.pk, actor=user(org, "captain"), sanction="", dismiss=True, reasons="查无实据"
    )
    second = finding_against(org, inspection).violation
    assert second.proposed_sanction == Sanction.CRITICISM


def test_the_leader_decides_and_the_deduction_shows_in_the_month(org, inspection):
    violation = finding_against(org, inspection).violation
    assert selectors.score_of(org["officer"], this_month())["score"] == 100  # not yet decided
    services.state_case(violation_id=violation.pk, actor=user(org, "officer"), statement="当时摊主先辱骂")
    decided = services.decide_sanction(
        violation_id=violation.pk, actor=user(org, "captain"), sanction=Sanction.CRITICISM
    )
    assert decided.state == ViolationState.DECIDED and decided.decided_by == user(org, "captain")
    row = selectors.score_of(org["officer"], this_month())
    assert (row["score"], row["full"]) == (95, False)
    with pytest.raises(services.ConductRefused):
        services.state_case(violation_id=violation.pk, actor=user(org, "officer"), statement="补充")


def test_the_decision_must_stay_within_the_rule_and_departures_need_reasons(org, inspection):
    violation = finding_against(org, inspection).violation
    captain = user(org, "captain")
    with pytest.raises(ValidationError) as not_allowed:
        services.decide_sanction(violation_id=violation.pk, actor=captain, sanction=Sanction.DISMISSAL)
    assert "sanction" in not_allowed.value.message_dict
    with pytest.raises(ValidationError) as no_reasons:
        services.decide_sanction(violation_id=violation.pk, actor=captain, sanction=Sanction.ADMONISHING_TALK)
    assert "reasons" in no_reasons.value.message_dict
    assert Violation.objects.get(pk=violation.pk).state == ViolationState.PROPOSED


def test_only_a_leader_over_the_persons_department_decides(org, inspection):
    violation = finding_against(org, inspection).violation
    for outsider in ("other_leader", "discipline", "officer"):
        with pytest.raises(PermissionDenied):
            services.decide_sanction(
                violation_id=violation.pk, actor=user(org, outsider), sanction=Sanction.CRITICISM
            )
    services.decide_sanction(violation_id=violation.pk, actor=user(org, "chief"), sanction=Sanction.CRITICISM)
    with pytest.raises(services.ConductRefused):
        services.decide_sanction(
            violation_id=violation.pk, actor=user(org, "chief"), sanction=Sanction.CRITICISM
        )


def test_only_the_person_states_their_case(org, inspection):
    violation = finding_against(org, inspection).violation
    with pytest.raises(PermissionDenied):
        services.state_case(violation_id=violation.pk, actor=user(org, "partner"), statement="不是他")


def test_an_expectation_rule_carries_no_violation(org, inspection):
    with pytest.raises(services.ConductRefused):
        finding_against(org, inspection, set_code="wu-tichang")
    assert not Violation.objects.exists()


def test_only_the_discipline_office_records_findings(org, inspection):
    with pytest.raises(PermissionDenied):
        services.record_finding(
            actor=user(org, "captain"),
            inspection_id=inspection.pk,
            target="person",
            staff=org["officer"],
            rule=rule("wu-buzhun"),
            description="x",
        )


def test_a_finding_against_a_place_raises_a_rectification_case(org, inspection):
    finding = services.record_finding(
        actor=user(org, "discipline"),
        inspection_id=inspection.pk,
        target="place",
        place="人民路菜市场门口",
        description="占道经营无人管理",
        raise_case=True,
    )
    case = Case.objects.get(pk=finding.case_id)
    assert (case.channel, case.origin_type, case.origin_id) == ("conduct", "conduct.finding", str(finding.pk))
    assert case.address == "人民路菜市场门口"


def test_bad_input_changes_nothing(org, inspection):
    with pytest.raises(ValidationError) as exc:
        services.record_finding(
            actor=user(org, "discipline"), inspection_id=inspection.pk, target="person", description=" "
        )
    assert {"description"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        services.record_finding(
            actor=user(org, "discipline"), inspection_id=inspection.pk, target="person", description="x"
        )
    assert not Violation.objects.exists() and not inspection.findings.exists()


def test_closed_inspections_take_no_findings(org, inspection):
    services.close_inspection(
        actor=user(org, "discipline"), inspection_id=inspection.pk, report="发现问题一处"
    )
    with pytest.raises(services.ConductRefused):
        finding_against(org, inspection)


def test_a_substantiated_public_complaint_records_a_violation(org):
    from chengguan.cases import services as cases

    case = cases.report_case(
        description="城管队员态度粗暴", channel="hotline", address="人民路", actor=SystemActor("test")
    ).case
    violation = services.substantiate_complaint(
        actor=user(org, "discipline"),
        case_id=case.pk,
        staff=org["officer"],
        rule=rule("wu-yanjin", 5),
        description="经查属实",
    )
    assert violation.case_id == case.pk and violation.proposed_sanction == Sanction.DISCIPLINARY


def test_commendations_add_and_absences_deduct(org):
    services.award_commendation(
        actor=user(org, "captain"),
        staff=org["partner"],
        awarded_on=timezone.localdate(),
        points=3,
        reason="拾金不昧",
    )
    services.record_training(
        actor=user(org, "captain"),
        department=org["brigade"],
        kind="drill",
        held_on=timezone.localdate(),
        title="队列训练",
        present=[org["partner"]],
        absent=[org["officer"]],
        excused=[org["expired"]],
    )
    rows = {
        r["staff"].pk: r
        for r in selectors.monthly_scores(selectors.visible_staff(user(org, "captain")), this_month())
    }
    assert rows[org["partner"].pk]["score"] == 103 and rows[org["partner"].pk]["full"]
    assert rows[org["officer"].pk]["score"] == 99 and not rows[org["officer"].pk]["full"]
    assert rows[org["expired"].pk]["score"] == 100


def test_the_training_schedule_shows_which_units_are_due(org):
    today = timezone.localdate()
    services.record_training(
        actor=user(org, "captain"), department=org["squad"], kind="study", held_on=today, title="周五学习"
    )
    rows = {r["department"].code: r for r in selectors.training_schedule(user(org, "captain"), today=today)}
    assert set(rows) == {"CGJ-ZD1", "CGJ-ZD1-1"}  # the brigade and its squad; sections hold no drills
    assert rows["CGJ-ZD1-1"]["due"] == today + timezone.timedelta(days=7) and not rows["CGJ-ZD1-1"]["overdue"]
    assert rows["CGJ-ZD1"]["overdue"]
