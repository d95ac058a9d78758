"""The sanction decision letter (处理决定书) as a formal letter: issuing authority, a document number from
the year's sequence (allocated with the decision, never given twice), facts, basis, decision, the right to
a statement and review, page numbers; read back with pdftotext."""

import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chengguan.conduct import pdf, services
from chengguan.conduct.models import DecisionCounter, Violation
from chengguan.conduct.services import ConductRefused

from .conftest import rule


def _record(org, staff="officer", description="执勤时吸烟"):
    return services.record_violation(
        actor=org["discipline"].user,
        staff=org[staff],
        rule=rule("wu-buzhun", 5),
        occurred_on=timezone.localdate(),
        description=description,
    )


def _text(data: bytes, tmp_path) -> tuple[str, str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    (tmp_path / "letter.pdf").write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "letter.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out, "".join(out.split())


@pytest.mark.django_db
def test_numbers_follow_the_year_and_are_never_given_twice(org, settings):
    settings.CHENGGUAN_CONDUCT_DECISION_PREFIX = "池城管纪决"
    year = timezone.localdate().year
    first, second, third = (_record(org, description=f"第{n}次") for n in range(3))
    services.decide_sanction(violation_id=first.pk, actor=org["captain"].user, sanction="criticism")
    services.decide_sanction(
        violation_id=second.pk, actor=org["captain"].user, sanction="", dismiss=True, reasons="查无实据"
    )
    numbers = list(Violation.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk"))
    assert [v.document_number for v in numbers] == [f"池城管纪决〔{year}〕1号", f"池城管纪决〔{year}〕2号"]
    # A decision refused half-way (a sanction the rule does not allow) takes no number.
    with pytest.raises(ValidationError), transaction.atomic():
        services.decide_sanction(violation_id=third.pk, actor=org["captain"].user, sanction="no-such")
    assert DecisionCounter.objects.get(year=year).last == 2
    # A decision deciding twice is refused and keeps its number.
    with pytest.raises(ConductRefused):
        services.decide_sanction(violation_id=first.pk, actor=org["captain"].user, sanction="criticism")
    services.decide_sanction(
        violation_id=third.pk, actor=org["captain"].user, sanction=third.proposed_sanction
    )
    third.refresh_from_db()
    assert third.document_sequence == 3 and third.document_year == year
    # Another year starts its own sequence.
    DecisionCounter.objects.create(year=year - 1, last=41)
    assert services.violations.next_document_sequence(year - 1) == 42
    assert services.violations.next_document_sequence(year) == 4


@pytest.mark.django_db
def test_the_letter_reads_as_a_formal_decision(org, settings, tmp_path):
    settings.CHENGGUAN_CONDUCT_DECISION_PREFIX = "池城管纪决"
    settings.CHENGGUAN_CONDUCT_APPEAL_DAYS = 7
    violation = _record(org)
    services.state_case(violation_id=violation.pk, actor=org["officer"].user, statement="当时在休息区")
    services.decide_sanction(violation_id=violation.pk, actor=org["captain"].user, sanction="criticism")
    violation.refresh_from_db()
    text, compact = _text(pdf.decision_letter(violation), tmp_path)
    year = timezone.localdate().year
    assert "城管局" in text.splitlines()[0] or compact.startswith("城管局")  # the top of the department tree
    for expected in (
        "作风违规处理决定书",
        f"池城管纪决〔{year}〕1号",
        "当事人：张执法",
        "所在部门：一中队",
        "一、违规事实",
        "执勤时吸烟",
        "当时在休息区",
        "二、处理依据",
        "《五个不准》第5条",
        "三、处理决定",
        "批评教育",
        "四、申辩与复核",
        "收到本决定书之日起7日内向城管局提出书面申辩或申请复核",
        "第1页/共1页",
    ):
        assert expected.replace(" ", "") in compact, expected
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert f"记录编号：CONDUCT-{violation.pk}" in lines  # a line of its own: nothing run together
    assert any(line.startswith("生成时间：") for line in lines)
    assert not any("CONDUCT-" in line and "生成时间" in line for line in lines)


@pytest.mark.django_db
def test_the_bureau_name_and_reviewer_come_from_the_settings(org, settings, tmp_path):
    settings.CHENGGUAN_BUREAU_NAME = "池州市贵池区城市管理局"
    settings.CHENGGUAN_CONDUCT_APPEAL_TO = "区城管局纪检监察室"
    violation = _record(org)
    services.decide_sanction(
        violation_id=violation.pk, actor=org["captain"].user, sanction="", dismiss=True, reasons="查无实据"
    )
    violation.refresh_from_db()
    _text_out, compact = _text(pdf.decision_letter(violation), tmp_path)
    assert compact.count("池州市贵池区城市管理局") == 2  # at the head and above the date
    assert "向区城管局纪检监察室提出书面申辩" in compact and "不予处理" in compact and "查无实据" in compact
