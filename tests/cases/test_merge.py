"""并单: likely duplicates are proposed from category, distance, time and text; a dispatcher merges one
case into another (reporters and supporters follow, photos join, both timelines say so) and may undo it
while the surviving case is open. Refusals carry their codes."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from chengguan.cases import selectors, services
from chengguan.cases.models import Attachment, Case, CaseMerge, CaseSupporter
from chengguan.cases.states import Action, RefusalCode, State
from chengguan.cases.workflow import TransitionRefused

from .conftest import CELL_1, CELL_3, DEPT_A, DLAT, centre, photo

STALL = "S0501"  # 无照经营游商: an event, 150 m and 48 h by default
PARKING = "S0505"  # 机动车乱停放: a sibling under 街面秩序
STALL_TEXTS = [
    "学校门口有流动摊贩摆摊卖烤肠",
    "校门口流动摊贩卖烤肠，占了人行道",
    "学校大门口有人摆摊卖烤肠",
    "小学门口流动摊贩摆摊，影响学生进出",
    "学校门口又有卖烤肠的流动摊贩",
]
PHONES = [f"1390000000{i}" for i in range(5)]


def _metres_north(metres: float) -> tuple[float, float]:
    lng, lat = centre(CELL_1)
    return lng, lat + metres * DLAT / 100


def stall_reports(make_case, count=5, spread_m=20, spread_min=25):
    """`count` reports of one stall, each `spread_m` metres and `spread_min` minutes after the last:
    five span 80 m and 100 minutes."""
    now = timezone.now()
    cases = []
    for i in range(count):
        lng, lat = _metres_north(i * spread_m)
        case = make_case.report(
            description=STALL_TEXTS[i % len(STALL_TEXTS)],
            category=STALL,
            lng=lng,
            lat=lat,
            reporter_phone=PHONES[i],
        )
        Case.objects.filter(pk=case.pk).update(reported_at=now - timedelta(minutes=(count - i) * spread_min))
        cases.append(Case.objects.get(pk=case.pk))
    return cases


def dispatch(make_case, case, people):
    department = make_case.departments[DEPT_A]
    services.accept_and_dispatch(case_id=case.pk, actor=people.dispatcher, department=department)


def handle(case, people):
    """From dispatched to verified."""
    services.start_handling(case_id=case.pk, actor=people.handler)
    services.report_handled(case_id=case.pk, actor=people.handler, note="已取缔")
    services.verify_case(case_id=case.pk, actor=people.inspector, passed=True)


def test_five_reports_of_one_stall_are_proposed_as_duplicates_of_each_other(make_case, people):
    cases = stall_reports(make_case)
    first = cases[0]
    found = selectors.duplicate_proposals(people.dispatcher, first)
    assert {p.number for p in found} == {c.number for c in cases[1:]}
    best = found[0]
    assert best.same_category and best.metres <= 100 and best.minutes <= 120
    assert str(best.metres) in best.explanation and f"{best.text:.2f}" in best.explanation


def test_far_late_unrelated_or_finished_cases_are_not_proposed(make_case, people):
    (stall,) = stall_reports(make_case, count=1)
    lng, lat = centre(CELL_3)  # about 300 m east
    far = make_case.report(description=STALL_TEXTS[1], category=STALL, lng=lng, lat=lat)
    other_class = make_case.report(description=STALL_TEXTS[1], category="S0102", lng=stall.lng, lat=stall.lat)
    late = make_case.report(description=STALL_TEXTS[1], category=STALL, lng=stall.lng, lat=stall.lat)
    Case.objects.filter(pk=late.pk).update(reported_at=stall.reported_at + timedelta(hours=49))
    rejected = make_case(
        State.REJECTED, description=STALL_TEXTS[1], category=STALL, lng=stall.lng, lat=stall.lat
    )
    sibling = make_case.report(
        description="学校门口流动摊贩卖烤肠", category=PARKING, lng=stall.lng, lat=stall.lat
    )
    found = {p.number: p for p in selectors.duplicate_proposals(people.dispatcher, stall)}
    for case in (far, other_class, late, rejected):
        assert case.number not in found
    assert sibling.number in found and not found[sibling.number].same_category  # related, alike text


def test_merge_moves_reporters_supporters_and_photos_and_closing_texts_them_all(
    make_case, people, sms_outbox, django_capture_on_commit_callbacks
):
    survivor, *others = stall_reports(make_case)
    with_photo = make_case.report(
        description=STALL_TEXTS[1], category=STALL, lng=survivor.lng, lat=survivor.lat, photos=[photo()],
        reporter_phone="13900000099",
    )  # fmt: skip
    services.support_case(case_id=others[0].pk, actor=AnonymousUser(), phone="13700000001")
    dispatch(make_case, survivor, people)
    sms_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for case in [*others, with_photo]:
            services.merge_case(
                case_id=case.pk, actor=people.dispatcher, into=survivor.number, note="同一摊贩"
            )
    survivor.refresh_from_db()
    merged = Case.objects.get(pk=others[0].pk)
    assert (
        merged.state == State.MERGED and merged.merged_into == survivor and merged.resume_state == "reported"
    )
    assert survivor.support_count == 6  # four reporters, one supporter, one reporter with a photo
    assert survivor.supporters.count() == 6
    copies = Attachment.objects.filter(case=survivor)
    original = Attachment.objects.get(case=with_photo)
    assert [a.file.name for a in copies] == [original.file.name]
    assert survivor.events.filter(action=Action.MERGE_IN).count() == 5
    assert merged.events.filter(action=Action.MERGE, to_state=State.MERGED).exists()
    told = {m.phone for m in sms_outbox}
    assert {*PHONES[1:], "13700000001", "13900000099"} <= told  # told where their report went
    assert all(survivor.number in m.text for m in sms_outbox)
    handle(survivor, people)
    sms_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.close_case(case_id=survivor.pk, actor=people.intake)
    texted = {m.phone for m in sms_outbox}
    assert {*PHONES, "13700000001", "13900000099"} <= texted  # the reporter, and everyone who followed


def test_undo_restores_both_cases(make_case, people):
    survivor, duplicate = stall_reports(make_case, count=2)
    services.accept_case(case_id=duplicate.pk, actor=people.dispatcher)
    services.support_case(case_id=survivor.pk, actor=AnonymousUser(), phone="13700000002")
    before = Case.objects.get(pk=duplicate.pk)
    services.merge_case(case_id=duplicate.pk, actor=people.dispatcher, into=survivor.number)
    # someone supports the survivor after the merge: the undo leaves them
    services.support_case(case_id=survivor.pk, actor=AnonymousUser(), phone="13700000003")
    assert Case.objects.get(pk=survivor.pk).support_count == 3
    restored = services.unmerge_case(case_id=duplicate.pk, actor=people.shift_lead, note="并非同一摊位")
    assert restored.state == State.ACCEPTED and restored.merged_into is None and restored.resume_state == ""
    assert restored.accepted_at == before.accepted_at and restored.category_id == before.category_id
    survivor.refresh_from_db()
    assert survivor.support_count == 2
    assert set(survivor.supporters.values_list("phone", flat=True)) == {"13700000002", "13700000003"}
    assert restored.events.filter(action=Action.UNMERGE, to_state=State.ACCEPTED).exists()
    assert survivor.events.filter(action=Action.MERGE_OUT).exists()
    record = CaseMerge.objects.get(duplicate=restored)
    assert record.undone_by == people.shift_lead
    # merged again after the undo: a fresh merge record
    services.merge_case(case_id=duplicate.pk, actor=people.dispatcher, into=survivor.number)
    assert CaseMerge.objects.filter(duplicate=duplicate, undone_at__isnull=True).count() == 1


def _refused(code, **kwargs):
    with pytest.raises(TransitionRefused.__mro__[1]) as refused:  # CaseRefused
        services.merge_case(**kwargs) if "into" in kwargs else services.unmerge_case(**kwargs)
    assert refused.value.code == code


def test_refusals_have_codes_and_change_nothing(make_case, people):
    a, b, c = stall_reports(make_case, count=3)
    closed = make_case(State.CLOSED, category=STALL, lng=a.lng, lat=a.lat)
    d = people.dispatcher
    _refused(RefusalCode.MERGE_SELF, case_id=a.pk, actor=d, into=a.number)
    _refused(RefusalCode.MERGE_TARGET_FINISHED, case_id=a.pk, actor=d, into=closed.number)
    services.merge_case(case_id=b.pk, actor=d, into=c.number)
    _refused(RefusalCode.MERGE_CHAIN, case_id=a.pk, actor=d, into=b.number)  # b is merged into c
    _refused(RefusalCode.MERGE_CHAIN, case_id=c.pk, actor=d, into=a.number)  # c holds b
    _refused(RefusalCode.INVALID_STATE, case_id=b.pk, actor=d, into=a.number)  # b is merged already
    _refused(RefusalCode.INVALID_STATE, case_id=a.pk, actor=d)  # a is not merged: nothing to undo
    _refused(RefusalCode.FORBIDDEN_ROLE, case_id=a.pk, actor=people.intake, into=c.number)
    _refused(RefusalCode.FORBIDDEN_ROLE, case_id=b.pk, actor=people.handler)
    with pytest.raises(ValidationError, match="20990101000001"):
        services.merge_case(case_id=a.pk, actor=d, into="20990101000001")
    assert Case.objects.get(pk=a.pk).state == State.REPORTED
    # the survivor closes: the undo is refused
    dispatch(make_case, c, people)
    handle(c, people)
    services.close_case(case_id=c.pk, actor=people.intake)
    _refused(RefusalCode.UNMERGE_TARGET_FINISHED, case_id=b.pk, actor=d)
    assert Case.objects.get(pk=b.pk).state == State.MERGED
    assert CaseSupporter.objects.filter(case=c).count() == 1
