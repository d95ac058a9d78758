"""Closing, ranking with a breakdown, publishing as a notice and learning its outcome."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from chengguan.evaluation import case_indicators, services
from chengguan.evaluation.models import RankingRow, RoundState
from chengguan.evaluation.services.voting import voter_hash_of
from chengguan.notices import services as notices
from chengguan.notices.models import Decision, Notice, State

from .conftest import DEPT_A, DEPT_B, ballot, target

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)


@pytest.fixture
def voted(open_round, organiser):
    for i, ratings in enumerate([(5, 5), (4, 5), (5, 4), (2, 3)]):
        ballot(
            open_round,
            target(open_round, DEPT_A),
            voter_hash_of(f"1360000{i:04d}"),
            *ratings,
            ip=f"10.{i}.1.1",
        )
    for i, ratings in enumerate([(2, 2), (5, 5)]):
        ballot(
            open_round,
            target(open_round, DEPT_B),
            voter_hash_of(f"1350000{i:04d}"),
            *ratings,
            ip=f"10.{i}.2.1",
        )
    nominee = open_round.nominees.get(staff__department__code=DEPT_A)
    services.vote_nominees(
        actor=services.PUBLIC,
        round_id=open_round.pk,
        voter_hash=voter_hash_of("13600000000"),
        nominee_ids=[nominee.pk],
    )
    services.close_round(round_id=open_round.pk, actor=organiser)
    services.enter_inspection(
        round_id=open_round.pk, actor=organiser, target_id=target(open_round, DEPT_A).pk, score=80
    )
    services.enter_inspection(
        round_id=open_round.pk, actor=organiser, target_id=target(open_round, DEPT_B).pk, score=90
    )
    return open_round


def test_ranking_has_a_breakdown_by_the_rounds_weights(voted, organiser):
    rows = services.rank_round(round_id=voted.pk, actor=organiser)
    assert [r.target.department.code for r in rows] == [DEPT_A, DEPT_B]
    first = RankingRow.objects.get(target__department__code=DEPT_A)
    parts = {c["component"]: c for c in first.breakdown["components"]}
    assert set(parts) == {"satisfaction", "votes", "inspection"}  # weights 60/20/20, others 0
    assert parts["satisfaction"]["score"] == 75.0 and parts["satisfaction"]["points"] == 45.0
    assert parts["votes"]["score"] == 100.0 and parts["votes"]["points"] == 20.0
    assert parts["inspection"]["points"] == 16.0
    assert first.score == 81.0 and first.position == 1
    second = RankingRow.objects.get(target__department__code=DEPT_B)
    assert second.score == pytest.approx(0.6 * 50 + 0 + 0.2 * 90)


def test_a_bad_inspection_score_is_refused(voted, organiser):
    with pytest.raises(ValidationError):
        services.enter_inspection(
            round_id=voted.pk, actor=organiser, target_id=target(voted, DEPT_A).pk, score=120
        )


def test_only_a_closed_round_is_ranked(open_round, organiser):
    with pytest.raises(services.EvaluationRefused):
        services.rank_round(round_id=open_round.pk, actor=organiser)


def test_strangers_may_not_run_the_round(draft_round, stranger):
    with pytest.raises(PermissionDenied):
        services.open_round(round_id=draft_round.pk, actor=stranger)


def test_the_published_ranking_is_confirmed_after_its_objection_period(voted, organiser):
    notice = services.publish_ranking(round_id=voted.pk, actor=organiser, now=MONDAY)
    voted.refresh_from_db()
    assert voted.state == RoundState.PUBLISHED and voted.notice == notice
    assert notice.state == State.PUBLISHED and notice.subject_type == "evaluation.round"
    assert target(voted, DEPT_A).name in notice.body
    attachment = notice.attachments.get()
    assert attachment.content_type == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(attachment.file.open("rb")).pages)
    assert "81.00" in text and target(voted, DEPT_A).name in text
    with pytest.raises(services.EvaluationRefused):
        services.void_ballot(
            round_id=voted.pk, ballot_id=voted.ballots.first().pk, actor=organiser, reason="x"
        )
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        notices.close_due_notices(actor=notices.CLOSE_ACTOR, now=datetime(2026, 3, 10, 10, 0, tzinfo=TZ))
    voted.refresh_from_db()
    assert voted.state == RoundState.CONFIRMED
    from django.test import Client

    page = Client().get(f"/evaluation/{voted.pk}/results/").content.decode()
    assert 'data-rank="1"' in page and "data-nominee" in page


def test_an_upheld_objection_holds_the_ranking_until_revised(voted, organiser):
    from django.test import TestCase

    notice = services.publish_ranking(round_id=voted.pk, actor=organiser, now=MONDAY)
    objection = notices.file_objection(
        actor=notices.PUBLIC,
        notice_id=notice.pk,
        name="李四",
        phone="13812345678",
        text="环卫处得分有误",
        now=MONDAY,
    )
    notices.decide_objection(
        objection_id=objection.pk, actor=organiser, decision=Decision.UPHELD, reasons="核实有误"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        notices.close_due_notices(actor=notices.CLOSE_ACTOR, now=datetime(2026, 3, 10, 10, 0, tzinfo=TZ))
    voted.refresh_from_db()
    assert voted.state == RoundState.PUBLISHED and Notice.objects.get().state == State.PERIOD_OVER
    # The owner revises the notice; after the new window it is confirmed, and so is the round.
    revised = notices.revise_notice(
        notice_id=notice.pk,
        actor=organiser,
        title=notice.title,
        body=notice.body + "\n更正：得分已复核。",
        note="根据异议更正",
        now=datetime(2026, 3, 10, 11, 0, tzinfo=TZ),
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        notices.close_due_notices(actor=notices.CLOSE_ACTOR, now=revised.objection_deadline)
    voted.refresh_from_db()
    assert voted.state == RoundState.CONFIRMED


def test_withdrawing_the_notice_reopens_the_ranking(voted, organiser):
    from django.test import TestCase

    notice = services.publish_ranking(round_id=voted.pk, actor=organiser, now=MONDAY)
    with TestCase.captureOnCommitCallbacks(execute=True):
        notices.withdraw_notice(notice_id=notice.pk, actor=organiser, reason="数据需复核")
    voted.refresh_from_db()
    assert voted.state == RoundState.CLOSED and voted.notice is None


def test_case_indicators_of_a_unit(departments):
    found = case_indicators.unit_case_indicators(
        department_ids=[departments[DEPT_A].pk],
        start=datetime(2026, 1, 1).date(),
        end=datetime(2026, 12, 31).date(),
    )
    assert found[departments[DEPT_A].pk] == {
        "cases": 0,
        "on_time_rate": None,
        "rework_rate": None,
        "followup_satisfaction": None,
    }


def test_set_up_is_fixed_once_voting_opens(open_round, organiser):
    with pytest.raises(services.EvaluationRefused):
        services.add_question(round_id=open_round.pk, actor=organiser, text="新问题")
    with pytest.raises(services.EvaluationRefused):
        services.update_round(
            round_id=open_round.pk,
            actor=organiser,
            title=open_round.title,
            start=open_round.start,
            end=open_round.end,
            max_choices=3,
            weights=open_round.weights(),
        )
    services.update_round(
        round_id=open_round.pk,
        actor=organiser,
        title="改名",
        start=open_round.start,
        end=open_round.end,
        max_choices=open_round.max_choices,
        weights={"satisfaction": 100},
    )
    open_round.refresh_from_db()
    assert open_round.title == "改名" and open_round.weight_votes == 0


def test_a_round_needs_targets_and_a_rating_question_to_open(organiser, departments):
    round_ = services.create_round(
        actor=organiser,
        title="空",
        owner_department=departments["CGJ"],
        start=datetime(2026, 1, 1).date(),
        end=datetime(2026, 1, 31).date(),
    )
    with pytest.raises(services.EvaluationRefused):
        services.open_round(round_id=round_.pk, actor=organiser)
    with pytest.raises(ValidationError):
        services.create_round(
            actor=organiser,
            title="坏",
            owner_department=departments["CGJ"],
            start=datetime(2026, 2, 1).date(),
            end=datetime(2026, 1, 31).date(),
            weights={"satisfaction": 0},
        )


def test_removing_from_a_draft(draft_round, organiser):
    question = draft_round.questions.first()
    services.remove_item(round_id=draft_round.pk, actor=organiser, kind="question", item_id=question.pk)
    assert not draft_round.questions.filter(pk=question.pk).exists()
    assert draft_round.events.filter(changes__has_key="removed_question").exists()


def test_case_indicators_count_the_units_subtree(make_case, departments):
    from django.utils import timezone

    from chengguan.cases.models import Case
    from chengguan.cases.states import State as CaseState

    closed = make_case(CaseState.CLOSED)  # handled in time, verified and closed
    make_case(CaseState.REWORK)  # handled once, returned for rework
    Case.objects.filter(pk=closed.pk).update(deadline=closed.handled_at + timedelta(hours=1))
    today = timezone.localdate()
    found = case_indicators.unit_case_indicators(
        department_ids=[departments[DEPT_A].pk], start=today, end=today
    )
    row = found[departments[DEPT_A].pk]
    assert row["cases"] == 2 and row["rework_rate"] == 0.5 and row["on_time_rate"] == 1.0
    assert row["followup_satisfaction"] is None
    elsewhere = case_indicators.unit_case_indicators(
        department_ids=[departments[DEPT_B].pk], start=today, end=today
    )
    assert elsewhere[departments[DEPT_B].pk]["cases"] == 0


def test_the_periodic_job_closes_rounds_whose_period_ended(open_round):
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("close_evaluation_rounds", "--today", "2026-12-31", stdout=out)
    open_round.refresh_from_db()
    assert open_round.state == RoundState.OPEN and "0 rounds" in out.getvalue()
    call_command("close_evaluation_rounds", "--today", "2027-01-01", stdout=out)
    open_round.refresh_from_db()
    assert (
        open_round.state == RoundState.CLOSED
        and open_round.events.filter(action="close", actor=None).exists()
    )
    with pytest.raises(CommandError):
        call_command("close_evaluation_rounds", "--today", "tomorrow")
