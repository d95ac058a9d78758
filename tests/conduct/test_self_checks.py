"""Self-check phases through the services: staff are told when a phase opens, each submits (and may revise)
their own self-check while it is open, the list of those missing, reminders by the office and by the daily
job (once a day in the last days), the office's summary and the summary PDF read back with pdftotext."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from chengguan.conduct import reports, services
from chengguan.conduct.models import Checklist, ConductEvent, SelfCheck, SelfCheckPhase
from chengguan.conduct.selectors import checks as check_selectors
from chengguan.conduct.services import ConductCode, ConductRefused
from chengguan.core.models import Notification

from .test_checks import pdf_text

pytestmark = pytest.mark.django_db


def open_phase(org, department=None, days=10, **kwargs) -> SelfCheckPhase:
    today = timezone.localdate()
    return services.open_self_check_phase(
        actor=org["discipline"].user,
        title="“三查三评”自查自纠",
        starts_on=kwargs.pop("starts_on", today - timedelta(days=2)),
        ends_on=kwargs.pop("ends_on", today + timedelta(days=days)),
        department=department,
        **kwargs,
    )


def submit(org, key, phase, **kwargs):
    values = {"answers": {"cha-xiaoneng": "有时上班迟到。"}, "measures": "按时到岗。"} | kwargs
    return services.submit_self_check(actor=org[key].user, phase_id=phase.pk, **values)


def test_a_phase_is_opened_by_the_office_and_its_staff_are_told(org, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied):
        services.open_self_check_phase(
            actor=org["captain"].user, title="x", starts_on=timezone.localdate(), ends_on=timezone.localdate()
        )
    with pytest.raises(ValidationError):
        open_phase(org, starts_on=timezone.localdate(), ends_on=timezone.localdate() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        phase = open_phase(org, department=org["brigade"])
    participants = set(check_selectors.self_check_participants(phase))
    assert participants == {org[k] for k in ("captain", "officer", "partner", "expired", "auxiliary")}
    told = set(
        Notification.objects.filter(kind="conduct.self_check").values_list("recipient__username", flat=True)
    )
    assert told == {"captain", "officer", "partner", "expired", "auxiliary"}
    assert ConductEvent.objects.filter(
        subject_type="selfcheckphase", subject_id=phase.pk, action="create"
    ).exists()


def test_each_member_submits_their_own_and_may_revise_it(org):
    phase = open_phase(org, department=org["brigade"])
    xiaoneng = Checklist.objects.get(code="cha-xiaoneng")
    late = xiaoneng.items.get(number=7)
    first = submit(org, "officer", phase, flagged_items=[late], causes="纪律意识淡薄")
    assert first.answers == {"cha-xiaoneng": "有时上班迟到。"} and list(first.flagged_items.all()) == [late]
    again = submit(org, "officer", phase, answers={"cha-zuofeng": "无", "unknown": "x"}, measures="改正")
    assert (
        again.pk == first.pk and again.answers == {"cha-zuofeng": "无"} and not again.flagged_items.exists()
    )
    assert SelfCheck.objects.count() == 1
    assert ConductEvent.objects.filter(subject_type="selfcheck", action="submit").count() == 2
    with pytest.raises(ValidationError) as refused:
        submit(org, "partner", phase, answers={"cha-xiaoneng": "  "}, measures="")
    assert set(refused.value.message_dict) == {"answers", "measures"}
    with pytest.raises(ConductRefused) as refused:
        submit(org, "cleaner", phase)  # not in the brigade
    assert refused.value.code == ConductCode.NOT_IN_PHASE


def test_no_self_check_outside_the_phase(org):
    today = timezone.localdate()
    phase = open_phase(org, starts_on=today + timedelta(days=1), ends_on=today + timedelta(days=5))
    with pytest.raises(ConductRefused) as refused:
        submit(org, "officer", phase)
    assert refused.value.code == ConductCode.PHASE_NOT_OPEN
    with pytest.raises(ConductRefused):
        services.remind_missing_self_checks(actor=org["discipline"].user, phase_id=phase.pk)


def test_those_missing_are_listed_and_reminded(org, django_capture_on_commit_callbacks):
    phase = open_phase(org, department=org["brigade"], days=2)
    submit(org, "officer", phase)
    submit(org, "partner", phase)
    missing = set(check_selectors.missing_self_checks(phase))
    assert missing == {org["captain"], org["expired"], org["auxiliary"]}
    with pytest.raises(PermissionDenied):
        services.remind_missing_self_checks(actor=org["officer"].user, phase_id=phase.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_missing_self_checks(actor=org["discipline"].user, phase_id=phase.pk) == 3
    reminded = set(
        Notification.objects.filter(kind="conduct.self_check_reminder").values_list(
            "recipient__username", flat=True
        )
    )
    assert reminded == {"captain", "expired", "auxiliary"}
    # The daily job: already reminded today, so nothing more; tomorrow (still within the last days) again.
    assert services.remind_self_checks(actor=services.REMINDER_ACTOR) == 0
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert services.remind_self_checks(actor=services.REMINDER_ACTOR, today=tomorrow) == 3
    event = ConductEvent.objects.filter(subject_type="selfcheckphase", action="remind").latest("pk")
    assert event.by_system and event.changes == {"missing": 3}


def test_the_daily_job_waits_for_the_last_days(org):
    phase = open_phase(org, days=20)
    assert services.remind_self_checks(actor=services.REMINDER_ACTOR) == 0
    call_command("self_check_reminders", today=str(phase.ends_on - timedelta(days=1)))
    phase.refresh_from_db()
    assert phase.last_reminded_on == phase.ends_on - timedelta(days=1)


def test_the_summary_report(org, tmp_path):
    phase = open_phase(org, department=org["brigade"])
    xiaoneng = Checklist.objects.get(code="cha-xiaoneng")
    submit(
        org,
        "officer",
        phase,
        flagged_items=[xiaoneng.items.get(number=7)],
        answers={"cha-xiaoneng": "曾迟到两次"},
    )
    submit(org, "partner", phase, flagged_items=[xiaoneng.items.get(number=7)], answers={"cha-lianjie": "无"})
    with pytest.raises(ValidationError):
        services.summarise_self_checks(actor=org["discipline"].user, phase_id=phase.pk, summary=" ")
    services.summarise_self_checks(
        actor=org["discipline"].user, phase_id=phase.pk, summary="上班纪律问题较为集中。"
    )
    assert check_selectors.flagged_counts(phase) == {xiaoneng.items.get(number=7).pk: 2}
    phase.refresh_from_db()
    text = pdf_text(reports.self_check_summary(phase), tmp_path)
    for expected in (
        "应参加自查自纠5人，已提交书面自查材料2人，未提交3人",
        "大队长",
        "上班纪律上有无迟到早退、擅自离岗2",
        "上班纪律问题较为集中",
        "曾迟到两次",
        "张执法",
        "李执法",
    ):
        assert expected in text
