"""Phone verification, one ballot per phone per target, rate limits, burst flags, voiding."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from chengguan.evaluation import results, services
from chengguan.evaluation.models import Ballot, BallotStatus, PhoneCode, RoundAction
from chengguan.evaluation.services.voting import voter_hash_of

from .conftest import DEPT_A, DEPT_B, ballot, send_code, target, verified

pytestmark = pytest.mark.django_db


def test_the_code_is_texted_and_only_its_hash_is_stored(open_round, sms_outbox):
    send_code(open_round, "13800138000")
    assert sms_outbox[-1].phone == "13800138000"
    row = PhoneCode.objects.get()
    assert "13800138000" not in row.phone_hash and len(row.phone_hash) == 64
    code = re.search(r"\d{6}", sms_outbox[-1].text).group(0)
    assert code not in row.code_hash
    voter = verified(open_round, "13800138000", sms_outbox)
    assert voter == voter_hash_of("13800138000")


def test_a_wrong_code_counts_and_the_code_is_spent_after_five(open_round, sms_outbox):
    send_code(open_round, "13800138000")
    for _ in range(5):
        with pytest.raises(services.EvaluationRefused):
            services.verify_code(
                actor=services.PUBLIC, round_id=open_round.pk, phone="13800138000", code="000000x"
            )
    assert PhoneCode.objects.get().attempts == 5
    code = re.search(r"\d{6}", sms_outbox[-1].text).group(0)
    with pytest.raises(services.EvaluationRefused):
        services.verify_code(actor=services.PUBLIC, round_id=open_round.pk, phone="13800138000", code=code)


def test_an_expired_code_is_refused(open_round, sms_outbox):
    past = timezone.now() - timedelta(hours=1)
    services.request_code(
        actor=services.PUBLIC, round_id=open_round.pk, phone="13800138000", ip="10.0.0.1", now=past
    )
    with pytest.raises(services.EvaluationRefused):
        services.verify_code(
            actor=services.PUBLIC, round_id=open_round.pk, phone="13800138000", code="123456"
        )


def test_codes_per_phone_are_limited(open_round, sms_outbox):
    for _ in range(3):
        services.request_code(
            actor=services.PUBLIC, round_id=open_round.pk, phone="13800138000", ip="10.0.0.1"
        )
    with pytest.raises(services.RateLimited):
        services.request_code(
            actor=services.PUBLIC, round_id=open_round.pk, phone="13800138000", ip="10.0.0.2"
        )
    assert PhoneCode.objects.count() == 3


def test_a_bad_phone_is_refused(open_round):
    with pytest.raises(ValidationError):
        services.request_code(actor=services.PUBLIC, round_id=open_round.pk, phone="12345", ip="10.0.0.1")


def test_a_second_ballot_for_the_same_target_by_the_same_phone_is_refused(open_round, sms_outbox):
    voter = verified(open_round, "13800138000", sms_outbox)
    ballot(open_round, target(open_round, DEPT_A), voter, 5, 4)
    with translation.override("en"), pytest.raises(services.EvaluationRefused, match="already"):
        ballot(open_round, target(open_round, DEPT_A), voter, 1, 1, ip="10.9.9.9")
    ballot(open_round, target(open_round, DEPT_B), voter, 3, 3)  # another target is fine
    assert Ballot.objects.count() == 2


def test_a_required_rating_is_missing(open_round, sms_outbox):
    voter = verified(open_round, "13800138000", sms_outbox)
    with pytest.raises(ValidationError):
        ballot(open_round, target(open_round, DEPT_A), voter, 5)
    assert not Ballot.objects.exists()


def test_no_ballot_once_the_round_is_closed(open_round, organiser, sms_outbox):
    voter = verified(open_round, "13800138000", sms_outbox)
    services.close_round(round_id=open_round.pk, actor=organiser)
    with pytest.raises(services.EvaluationRefused):
        ballot(open_round, target(open_round, DEPT_A), voter, 5, 5)


def test_fifty_ballots_from_one_address_in_a_minute_are_limited_and_flagged(open_round):
    now = timezone.now()
    accepted, limited = 0, 0
    for i in range(50):
        voter = voter_hash_of(f"1390000{i:04d}")
        try:
            ballot(
                open_round,
                target(open_round, DEPT_A),
                voter,
                4,
                4,
                ip="203.0.113.7",
                now=now + timedelta(seconds=i),
            )
            accepted += 1
        except services.RateLimited:
            limited += 1
    assert accepted == 10 and limited == 40
    assert Ballot.objects.filter(status=BallotStatus.FLAGGED).count() == 10
    assert open_round.events.filter(action=RoundAction.RATE_LIMIT).count() == 1  # one entry per burst
    assert open_round.events.filter(action=RoundAction.FLAG).exists()


def test_identical_answers_in_sequence_are_flagged(open_round):
    for i in range(5):
        ballot(
            open_round, target(open_round, DEPT_B), voter_hash_of(f"1370000{i:04d}"), 1, 1, ip=f"10.{i}.0.1"
        )
    assert Ballot.objects.filter(status=BallotStatus.FLAGGED).count() == 5
    assert all("5" in b.flag_reason for b in Ballot.objects.all())


def test_a_voided_ballot_leaves_a_record_and_changes_the_result(open_round, organiser):
    unit = target(open_round, DEPT_A)
    good = ballot(open_round, unit, voter_hash_of("13600000001"), 5, 5, ip="10.1.0.1")
    bad = ballot(open_round, unit, voter_hash_of("13600000002"), 1, 1, ip="10.2.0.1")
    before = {r.target.pk: r for r in results.target_results(open_round)}[unit.pk]
    assert before.ballots == 2 and before.rate == 0.5
    with pytest.raises(ValidationError):
        services.void_ballot(round_id=open_round.pk, ballot_id=bad.pk, actor=organiser, reason=" ")
    services.void_ballot(round_id=open_round.pk, ballot_id=bad.pk, actor=organiser, reason="同一人多号刷票")
    after = {r.target.pk: r for r in results.target_results(open_round)}[unit.pk]
    assert after.ballots == 1 and after.rate == 1.0 and after.voided == 1
    bad.refresh_from_db()
    assert (
        bad.status == BallotStatus.VOIDED
        and bad.voided_reason == "同一人多号刷票"
        and bad.voided_by == organiser
    )
    event = open_round.events.get(action=RoundAction.VOID)
    assert event.note == "同一人多号刷票" and event.actor_name == "organiser"
    assert Ballot.objects.filter(pk=good.pk, status=BallotStatus.VALID).exists()


def test_only_managers_void(open_round, stranger):
    one = ballot(open_round, target(open_round, DEPT_A), voter_hash_of("13600000001"), 5, 5)
    with pytest.raises(PermissionDenied):
        services.void_ballot(round_id=open_round.pk, ballot_id=one.pk, actor=stranger, reason="x")
    assert Ballot.objects.get().status == BallotStatus.VALID


def test_outstanding_individual_votes_once_and_at_most_n(open_round):
    voter = voter_hash_of("13500000001")
    ids = list(open_round.nominees.values_list("pk", flat=True))
    with pytest.raises(ValidationError):
        services.vote_nominees(
            actor=services.PUBLIC, round_id=open_round.pk, voter_hash=voter, nominee_ids=ids
        )
    services.vote_nominees(
        actor=services.PUBLIC, round_id=open_round.pk, voter_hash=voter, nominee_ids=ids[:1]
    )
    with pytest.raises(services.EvaluationRefused):
        services.vote_nominees(
            actor=services.PUBLIC, round_id=open_round.pk, voter_hash=voter, nominee_ids=ids[1:]
        )


def test_wilson_bound():
    low, high = results.wilson(8, 10)
    assert 0.49 < low < 0.5 and 0.94 < high < 0.95
    assert results.wilson(0, 0) is None
