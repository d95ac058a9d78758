"""Opinions: triage, merge, split, and the rectification case through the lifecycle to acceptance."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from chengguan.cases import services as cases
from chengguan.cases.models import Case
from chengguan.cases.states import Channel, State
from chengguan.evaluation import selectors, services
from chengguan.evaluation.models import Opinion, OpinionState, Rectification
from chengguan.evaluation.services.voting import voter_hash_of
from chengguan.grid.models import Area
from chengguan.org.models import Staff

from .conftest import DEPT_A, ballot, target

pytestmark = pytest.mark.django_db

GARBAGE = "S0102"


@pytest.fixture
def opinion(open_round):
    ballot(
        open_round,
        target(open_round, DEPT_A),
        voter_hash_of("13600000001"),
        2,
        2,
        opinion="垃圾清运不及时，路口垃圾堆了三天。",
    )
    return Opinion.objects.get()


def triage(opinion, organiser, categories):
    return services.triage_opinion(
        opinion_id=opinion.pk,
        actor=organiser,
        area=Area.objects.get(code="341702001"),
        category=categories[GARBAGE],
    )


def test_a_ballots_opinion_is_kept(opinion):
    assert (
        opinion.state == OpinionState.NEW and opinion.ballot_id and opinion.target.department.code == DEPT_A
    )


def test_an_opinion_becomes_a_rectification_case_that_runs_to_acceptance(
    client, opinion, organiser, categories, departments, people
):
    triage(opinion, organiser, categories)
    handler = Staff.objects.get(user=people.handler)
    due = timezone.localdate() + timedelta(days=10)
    item = services.raise_rectification(
        opinion_id=opinion.pk,
        actor=organiser,
        measure="增加清运频次至每日两次",
        department=departments[DEPT_A],
        responsible=handler,
        due=due,
    )
    case = Case.objects.get(pk=item.case_id)
    assert case.channel == Channel.EVALUATION
    assert (case.origin_type, case.origin_id) == ("evaluation.opinion", str(opinion.pk))
    assert case.state == State.DISPATCHED and case.department == departments[DEPT_A]
    assert "增加清运频次" in case.description and handler.name in case.description
    assert item.responsible == handler and item.due == due
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.RECTIFYING

    row = selectors.public_rectifications(opinion.round).get()
    assert selectors.stage_of(row.case.state) == "notified"
    cases.start_handling(case_id=case.pk, actor=people.handler)
    cases.report_handled(case_id=case.pk, actor=people.handler, note="已增加清运频次")
    assert selectors.stage_of(Case.objects.get(pk=case.pk).state) == "feedback"
    cases.verify_case(case_id=case.pk, actor=people.inspector, passed=True, note="现场核查已整改")
    cases.close_case(case_id=case.pk, actor=people.intake)
    row = selectors.public_rectifications(opinion.round).get()
    assert row.case.state == State.CLOSED and selectors.stage_of(row.case.state) == "accepted"
    page = client.get(reverse("evaluation:rectifications")).content.decode()
    assert f'data-rectification="{item.pk}" data-stage="accepted"' in page and "增加清运频次" in page


def test_without_dispatch_rights_the_case_waits_on_the_desk(
    opinion, plain_officer, organiser, categories, departments, people
):
    triage(opinion, organiser, categories)
    item = services.raise_rectification(
        opinion_id=opinion.pk,
        actor=plain_officer,
        measure="整改",
        department=departments[DEPT_A],
        responsible=Staff.objects.get(user=people.handler),
        due=timezone.localdate(),
    )
    assert item.case.state == State.REPORTED


def test_rectification_needs_triage_and_sound_input(opinion, organiser, categories, departments, people):
    other = Staff.objects.get(user=people.other_handler)
    with pytest.raises(services.EvaluationRefused):
        services.raise_rectification(
            opinion_id=opinion.pk,
            actor=organiser,
            measure="x",
            department=departments[DEPT_A],
            responsible=other,
            due=timezone.localdate(),
        )
    triage(opinion, organiser, categories)
    with pytest.raises(ValidationError) as error:
        services.raise_rectification(
            opinion_id=opinion.pk,
            actor=organiser,
            measure="x",
            department=departments[DEPT_A],
            responsible=other,
            due=timezone.localdate() - timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"responsible", "due"}
    assert not Case.objects.exists() and not Rectification.objects.exists()


def test_strangers_may_not_triage(opinion, stranger, categories):
    with pytest.raises(PermissionDenied):
        triage(opinion, stranger, categories)


def test_merge_and_split(open_round, organiser):
    voter = voter_hash_of("13600000009")
    first = services.submit_opinion(
        actor=services.PUBLIC, round_id=open_round.pk, voter_hash=voter, text="窗口排队太久"
    )
    second = services.submit_opinion(
        actor=services.PUBLIC, round_id=open_round.pk, voter_hash=voter, text="窗口排队时间长"
    )
    compound = services.submit_opinion(
        actor=services.PUBLIC, round_id=open_round.pk, voter_hash=voter, text="路灯不亮；井盖缺失"
    )
    services.merge_opinions(opinion_id=first.pk, duplicate_ids=[second.pk], actor=organiser)
    second.refresh_from_db()
    assert second.state == OpinionState.MERGED and second.merged_into == first
    with pytest.raises(ValidationError):
        services.split_opinion(opinion_id=compound.pk, actor=organiser, parts=["只有一条"])
    parts = services.split_opinion(opinion_id=compound.pk, actor=organiser, parts=["路灯不亮", "井盖缺失"])
    compound.refresh_from_db()
    assert compound.state == OpinionState.SPLIT and [p.text for p in parts] == ["路灯不亮", "井盖缺失"]
    assert all(p.split_from == compound and p.state == OpinionState.NEW for p in parts)
    with pytest.raises(services.EvaluationRefused):
        services.merge_opinions(opinion_id=first.pk, duplicate_ids=[compound.pk], actor=organiser)


def test_numbers_in_opinions_are_masked_on_public_pages():
    assert selectors.public_text("请联系我 13812345678，谢谢") == "请联系我 138****5678，谢谢"
    assert selectors.public_text("路灯坏了三天") == "路灯坏了三天"
