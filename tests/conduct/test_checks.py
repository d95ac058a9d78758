"""三查 checks through the services: the default checklists from the seed, who may check, scoring within the
items' points, a finding against an officer recorded as a violation (the item's rule by default), a finding
against a unit raising a rectification case, the written report closing the check, the monthly plan and
the PDFs read back with pdftotext."""

import shutil
import subprocess
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chengguan.cases.models import Case
from chengguan.conduct import reports, services
from chengguan.conduct.defaults import load_default_checklists
from chengguan.conduct.models import (
    Check,
    CheckFinding,
    Checklist,
    ChecklistItem,
    CheckState,
    ConductEvent,
    Violation,
    ViolationState,
)
from chengguan.conduct.selectors import checks as check_selectors
from chengguan.conduct.services import ConductCode, ConductRefused

from .conftest import rule

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    (tmp_path / "report.pdf").write_bytes(data)
    out = subprocess.run(
        ["pdftotext", str(tmp_path / "report.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    return "".join(out.split())


def xiaoneng() -> Checklist:
    return Checklist.objects.get(code="cha-xiaoneng")


def item(checklist: Checklist, number: int) -> ChecklistItem:
    return checklist.items.get(number=number)


def open_check(org, checklist=None, **kwargs) -> Check:
    values = {
        "kind": "regular",
        "mode": "covert",
        "title": "查效能暗访",
        "held_on": timezone.localdate(),
        "inspectors": [org["discipline"]],
        "units": [org["squad"]],
    } | kwargs
    return services.create_check(actor=org["discipline"].user, checklist=checklist or xiaoneng(), **values)


def test_the_three_checklists_come_from_the_seed(org):
    lists = list(Checklist.objects.order_by("sort_order"))
    assert [c.name for c in lists] == ["查作风", "查效能", "查廉洁"]
    texts = list(xiaoneng().items.values_list("text", flat=True))
    assert texts[0] == "首问负责制是否落实" and "服务态度上有无冷漠生硬" in texts
    assert not any("效劳" in t for t in ChecklistItem.objects.values_list("text", flat=True))
    # 上班纪律 … 擅自离岗 breaks 五个不准 5 (脱岗) by default; loading again creates nothing and keeps edits.
    assert item(xiaoneng(), 7).rule == rule("wu-buzhun", 5)
    ChecklistItem.objects.filter(pk=item(xiaoneng(), 1).pk).update(points=20)
    assert load_default_checklists() == 0 and item(xiaoneng(), 1).points == 20


def test_only_the_discipline_office_checks_and_a_targeted_check_names_its_basis(org):
    with pytest.raises(PermissionDenied):
        services.create_check(
            actor=org["captain"].user,
            checklist=xiaoneng(),
            kind="regular",
            mode="open",
            title="t",
            held_on=timezone.localdate(),
            inspectors=[org["discipline"]],
        )
    with pytest.raises(ValidationError) as refused:
        open_check(org, kind="targeted")
    assert "basis" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        open_check(
            org, kind="weekly", mode="secret", inspectors=[], held_on=timezone.localdate() + timedelta(1)
        )
    assert set(refused.value.message_dict) == {"kind", "mode", "inspectors", "held_on"}
    assert not Check.objects.exists()
    check = open_check(org, kind="targeted", basis="群众评议反映窗口推诿扯皮")
    assert ConductEvent.objects.filter(subject_type="check", subject_id=check.pk, action="create").exists()


def test_scores_lie_within_each_items_points(org):
    check = open_check(org)
    first, second = item(xiaoneng(), 1), item(xiaoneng(), 2)
    services.score_check(
        actor=org["discipline"].user, check_id=check.pk, scores={first: 8, second: (6, "告知不全")}
    )
    with pytest.raises(ValidationError):
        services.score_check(actor=org["discipline"].user, check_id=check.pk, scores={first: 11})
    other = Checklist.objects.get(code="cha-lianjie").items.first()
    with pytest.raises(ValidationError):
        services.score_check(actor=org["discipline"].user, check_id=check.pk, scores={other: 5})
    totals = check_selectors.check_for(org["discipline"].user, check.pk)
    assert (totals.score_total, totals.points_total) == (14, 110)
    assert ConductEvent.objects.filter(subject_type="check", action="score").count() == 1


def test_a_finding_against_an_officer_is_a_violation_of_the_items_rule(
    org, django_capture_on_commit_callbacks
):
    check = open_check(org)
    with django_capture_on_commit_callbacks(execute=True):
        finding = services.record_check_finding(
            actor=org["discipline"].user,
            check_id=check.pk,
            target="person",
            item=item(xiaoneng(), 7),
            staff=org["officer"],
            description="上班时间擅自离岗四十分钟",
        )
    violation = Violation.objects.get()
    assert finding.violation == violation and violation.staff == org["officer"]
    assert violation.rule == rule("wu-buzhun", 5) and violation.state == ViolationState.PROPOSED
    assert violation.proposed_sanction == "criticism" and "查效能" in violation.description
    from chengguan.core.models import Notification

    assert Notification.objects.filter(recipient=org["officer"].user, kind="conduct.violation").exists()
    # An item without a rule needs one named; a rule named overrides the item's.
    with pytest.raises(ValidationError) as refused:
        services.record_check_finding(
            actor=org["discipline"].user,
            check_id=check.pk,
            target="person",
            item=item(xiaoneng(), 1),
            staff=org["partner"],
            description="首问不负责",
        )
    assert "rule" in refused.value.message_dict
    services.record_check_finding(
        actor=org["discipline"].user,
        check_id=check.pk,
        target="person",
        item=item(xiaoneng(), 1),
        staff=org["partner"],
        rule=rule("wu-buzhun", 1),
        description="首问不负责，态度生硬",
    )
    assert Violation.objects.filter(staff=org["partner"], rule=rule("wu-buzhun", 1)).exists()


def test_a_finding_against_a_unit_raises_a_rectification_case(org):
    check = open_check(org)
    finding = services.record_check_finding(
        actor=org["discipline"].user,
        check_id=check.pk,
        target="unit",
        item=item(xiaoneng(), 5),
        department=org["squad"],
        description="中队值班室未设置离岗告示牌",
        raise_case=True,
    )
    case = Case.objects.get(pk=finding.case_id)
    assert case.origin_type == "conduct.check_finding" and case.origin_id == str(finding.pk)
    assert "一中队" in case.description and not Violation.objects.exists()
    with pytest.raises(ValidationError):
        services.record_check_finding(
            actor=org["discipline"].user, check_id=check.pk, target="unit", description="无单位"
        )
    other = Checklist.objects.get(code="cha-lianjie").items.first()
    with pytest.raises(ValidationError):
        services.record_check_finding(
            actor=org["discipline"].user,
            check_id=check.pk,
            target="unit",
            item=other,
            department=org["squad"],
            description="别的清单",
        )


def test_the_report_closes_the_check(org):
    check = open_check(org)
    with pytest.raises(ValidationError):
        services.report_check(actor=org["discipline"].user, check_id=check.pk, report="  ")
    with pytest.raises(PermissionDenied):
        services.report_check(actor=org["officer"].user, check_id=check.pk, report="报告")
    services.report_check(actor=org["discipline"].user, check_id=check.pk, report="总体良好。")
    check.refresh_from_db()
    assert check.state == CheckState.REPORTED and check.reported_at is not None
    with pytest.raises(ConductRefused) as refused:
        services.record_check_finding(
            actor=org["discipline"].user,
            check_id=check.pk,
            target="unit",
            department=org["squad"],
            description="迟到",
        )
    assert refused.value.code == ConductCode.CHECK_REPORTED
    with pytest.raises(ConductRefused):
        services.score_check(actor=org["discipline"].user, check_id=check.pk, scores={})


def test_the_monthly_plan_warns_of_a_month_without_a_check(org):
    today = date(2026, 6, 20)
    Check.objects.create(
        checklist=xiaoneng(), kind="regular", mode="open", title="五月", held_on=date(2026, 5, 10)
    )
    plan = {
        row["month"].month: row
        for row in check_selectors.month_plan(org["discipline"].user, 2026, today=today)
    }
    assert plan[5]["count"] == 1 and not plan[5]["warn"]
    assert plan[4]["warn"] and plan[6]["warn"] and plan[6]["current"]
    assert not plan[7]["warn"]  # not begun yet
    assert check_selectors.month_plan(org["officer"].user, 2026, today=today)[4]["count"] == 0


def test_the_check_report_and_the_month_summary_read_back(org, tmp_path):
    first = open_check(org, title="六月查效能暗访")
    services.score_check(actor=org["discipline"].user, check_id=first.pk, scores={item(xiaoneng(), 1): 9})
    services.record_check_finding(
        actor=org["discipline"].user,
        check_id=first.pk,
        target="person",
        item=item(xiaoneng(), 7),
        staff=org["officer"],
        description="上班时间擅自离岗",
    )
    services.report_check(
        actor=org["discipline"].user, check_id=first.pk, report="发现离岗问题一起，已记录违规。"
    )
    second = open_check(org, checklist=Checklist.objects.get(code="cha-lianjie"), title="六月查廉洁抽查")
    check = check_selectors.check_for(org["discipline"].user, first.pk)
    text = pdf_text(reports.check_report(org["discipline"].user, check), tmp_path)
    for expected in (
        "关于六月查效能暗访情况的报告",
        "区作风建设领导小组办公室",
        "首问负责制是否落实",
        "张执法",
        "上班时间擅自离岗",
        "已记录违规",
        "发现离岗问题一起",
    ):
        assert expected in text
    summary = pdf_text(
        reports.month_summary(org["discipline"].user, timezone.localdate().replace(day=1)), tmp_path
    )
    assert "本月共开展检查2次" in summary
    assert "六月查效能暗访" in summary and "六月查廉洁抽查" in summary and second.title in summary
    assert CheckFinding.objects.count() == 1


def test_a_bureau_edits_a_checklist_in_the_admin(admin_client, org):
    checklist = xiaoneng()
    first = item(checklist, 1)
    page = admin_client.get(f"/admin/conduct/checklist/{checklist.pk}/change/")
    assert page.status_code == 200 and "首问负责制是否落实" in page.content.decode()
    items = list(checklist.items.order_by("number"))
    data = {
        "code": checklist.code,
        "name": checklist.name,
        "source": checklist.source,
        "sort_order": checklist.sort_order,
        "is_active": "on",
        "items-TOTAL_FORMS": len(items) + 1,
        "items-INITIAL_FORMS": len(items),
    }
    for n, row in enumerate(items):
        data |= {
            f"items-{n}-id": row.pk,
            f"items-{n}-checklist": checklist.pk,
            f"items-{n}-number": row.number,
            f"items-{n}-text": row.text,
            f"items-{n}-points": 20 if row == first else row.points,
            f"items-{n}-rule": row.rule_id or "",
            f"items-{n}-is_active": "on",
        }
    new = len(items)
    data |= {
        f"items-{new}-number": new + 1,
        f"items-{new}-text": "有无在工作群发布与工作无关的信息",
        f"items-{new}-points": 5,
        f"items-{new}-rule": rule("wu-buzhun", 5).pk,
        f"items-{new}-is_active": "on",
    }
    assert admin_client.post(f"/admin/conduct/checklist/{checklist.pk}/change/", data).status_code == 302
    assert item(checklist, 1).points == 20 and item(checklist, new + 1).rule == rule("wu-buzhun", 5)
    assert load_default_checklists() == 0 and item(checklist, 1).points == 20  # a migrate keeps the edits
