"""The console pages, through the test client: an inspection produces a violation, the leader's decision
and the deduction in the monthly table (and its Excel export); the second violation of the rule escalates;
enforcement records refuse with a reason and serve evidence with an audit entry."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from chengguan.conduct.models import EnforcementAction, Inspection, Violation
from chengguan.core.actors import SystemActor
from chengguan.core.models import AuditEntry

from .conftest import PASSWORD, png, rule, upload

pytestmark = pytest.mark.django_db


def login(client, username):
    client.logout()
    assert client.login(username=username, password=PASSWORD)


def test_inspection_to_deduction_in_the_console(client, org):
    login(client, "discipline")
    response = client.post(
        "/conduct/inspections/new/",
        {
            "kind": "covert",
            "title": "十一月暗访",
            "held_on": timezone.localdate().isoformat(),
            "department": org["office"].pk,
            "inspectors": [org["discipline"].pk],
            "scope_departments": [org["squad"].pk],
            "scope_staff": [org["officer"].pk],
            "checklist": "着装\n文明用语",
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and inspection.checklist == ["着装", "文明用语"]
    finding = {
        "target": "person",
        "staff": org["officer"].pk,
        "rule": rule("wu-buzhun", 1).pk,
        "description": "对摊主使用不文明用语",
        "evidence": [png()],
    }
    assert client.post(f"/conduct/inspections/{inspection.pk}/", finding).status_code == 302
    violation = Violation.objects.get()
    page = client.get(f"/conduct/inspections/{inspection.pk}/").content.decode()
    assert f"/conduct/violations/{violation.pk}/" in page
    photo = violation.finding.evidence.get()
    assert client.get(f"/conduct/findings/evidence/{photo.pk}/").status_code == 200
    assert AuditEntry.objects.filter(action="conduct.finding_evidence_view", target_id=str(photo.pk)).exists()

    login(client, "captain")
    page = client.get(f"/conduct/violations/{violation.pk}/").content.decode()
    assert "decide-form" in page
    bad = client.post(f"/conduct/violations/{violation.pk}/decide/", {"sanction": "admonishing_talk"})
    assert bad.status_code == 400 and Violation.objects.get().state == "proposed"
    assert (
        client.post(f"/conduct/violations/{violation.pk}/decide/", {"sanction": "criticism"}).status_code
        == 302
    )
    month = timezone.localdate().strftime("%Y-%m")
    table = client.get(f"/conduct/scores/?month={month}").content.decode()
    assert f'data-staff="{org["officer"].pk}" data-score="95"' in table
    export = client.get(f"/conduct/scores/export.xlsx?month={month}")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["张执法"][-1] == 95 and rows["李执法"][-1] == 100
    assert AuditEntry.objects.filter(action="data.export").exists()

    login(client, "discipline")
    finding.pop("evidence")
    client.post(f"/conduct/inspections/{inspection.pk}/", finding)
    second = Violation.objects.latest("pk")
    assert second.proposed_sanction == "admonishing_talk"
    login(client, "captain")
    page = client.get(f"/conduct/violations/{second.pk}/").content.decode()
    assert "data-escalated" in page


def test_the_person_states_their_case_on_the_page(client, org):
    from chengguan.conduct import services

    violation = services.record_violation(
        actor=org["discipline"].user,
        staff=org["officer"],
        rule=rule("wu-buzhun"),
        occurred_on=timezone.localdate(),
        description="x",
    )
    login(client, "officer")
    page = client.get(f"/conduct/violations/{violation.pk}/").content.decode()
    assert "statement-form" in page and "decide-form" not in page
    client.post(f"/conduct/violations/{violation.pk}/statement/", {"statement": "当时在处理突发情况"})
    assert Violation.objects.get().statement == "当时在处理突发情况"
    assert (
        client.post(f"/conduct/violations/{violation.pk}/decide/", {"sanction": "criticism"}).status_code
        == 400
    )
    assert Violation.objects.get().state == "proposed"


def enforcement_post(org, lead, files):
    start = timezone.localtime() - timezone.timedelta(hours=1)
    data = {
        "lead_officer": org[lead].pk,
        "started_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ended_at": (start + timezone.timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"),
        "place": "人民路88号",
        "legal_basis": "条例第十四条",
        "outcome": "当场整改",
    }
    for n, (device, name) in enumerate(files, start=1):
        data[f"device_{n}"] = device
        data[f"file_{n}"] = upload(name)
    return data


def test_enforcement_pages_refuse_with_a_reason_and_audit_downloads(client, org):
    login(client, "captain")
    refused = client.post(
        "/conduct/enforcement/new/",
        enforcement_post(org, "auxiliary", [("DV-1", "a.mp4"), ("DV-2", "b.mp4")]),
    )
    assert refused.status_code == 400 and "赵协管" in refused.content.decode()
    one_device = client.post(
        "/conduct/enforcement/new/", enforcement_post(org, "officer", [("DV-1", "a.mp4")])
    )
    assert one_device.status_code == 400 and not EnforcementAction.objects.exists()
    ok = client.post(
        "/conduct/enforcement/new/", enforcement_post(org, "officer", [("DV-1", "a.mp4"), ("DV-2", "b.mp4")])
    )
    action = EnforcementAction.objects.get()
    assert ok.status_code == 302
    item = action.evidence.first()
    download = client.get(f"/conduct/evidence/{item.pk}/")
    assert b"video bytes" in b"".join(download.streaming_content)
    assert AuditEntry.objects.filter(action="conduct.evidence_view", target_id=str(item.pk)).count() == 1
    archive = client.get(f"/conduct/enforcement/{action.pk}/archive.zip")
    assert archive["Content-Type"] == "application/zip"
    with open(item.file.path, "wb") as handle:
        handle.write(b"changed")
    check = client.post(f"/conduct/enforcement/{action.pk}/verify/").content.decode()
    assert 'data-check="altered"' in check
    assert client.get(f"/conduct/enforcement/{action.pk}/archive.zip").status_code == 409
    login(client, "cleaner")
    assert client.get(f"/conduct/evidence/{item.pk}/").status_code == 404


def test_every_page_renders(client, org):
    login(client, "discipline")
    for url in (
        "/conduct/rules/",
        "/conduct/inspections/",
        "/conduct/inspections/new/",
        "/conduct/violations/",
        "/conduct/scores/",
        "/conduct/stars/manage/",
        "/conduct/enforcement/",
        "/conduct/training/",
        "/conduct/commendations/new/",
        "/conduct/enforcement/new/",
    ):
        assert client.get(url).status_code == 200, url
    client.logout()
    assert client.get("/conduct/stars/").status_code == 200  # the public honour roll
    assert client.get("/conduct/violations/").status_code == 302  # to the log-in


def test_the_decision_letter_is_a_pdf_with_the_decision(client, org):
    import pypdf

    from chengguan.conduct import services

    violation = services.record_violation(
        actor=org["discipline"].user,
        staff=org["officer"],
        rule=rule("wu-buzhun", 5),
        occurred_on=timezone.localdate(),
        description="执勤时吸烟",
    )
    login(client, "officer")
    assert (
        client.get(f"/conduct/violations/{violation.pk}/decision.pdf").status_code == 404
    )  # not decided yet
    services.decide_sanction(violation_id=violation.pk, actor=org["captain"].user, sanction="criticism")
    response = client.get(f"/conduct/violations/{violation.pk}/decision.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "张执法" in text and "批评教育" in text and "执勤时吸烟" in text
    login(client, "partner")
    assert client.get(f"/conduct/violations/{violation.pk}/decision.pdf").status_code == 404


def test_the_discipline_office_substantiates_a_complaint_case(client, org):
    from chengguan.cases import services as cases
    from chengguan.taxonomy.models import Category

    other = Category.objects.create(code="S06", kind="event", name="其他事件")
    complaint = Category.objects.create(code="S0699", kind="event", name="城管人员作风投诉", parent=other)
    case = cases.report_case(
        description="城管队员态度粗暴",
        channel="hotline",
        address="人民路",
        category=complaint,
        actor=SystemActor("test"),
    ).case
    from .conftest import make_staff

    dispatcher = make_staff("dispatcher", org["bureau"], "dispatcher").user
    cases.accept_and_dispatch(case_id=case.pk, actor=dispatcher, department=org["office"])
    login(client, "discipline")
    page = client.get("/conduct/complaints/").content.decode()
    assert f'data-case="{case.number}"' in page
    response = client.post(
        "/conduct/complaints/",
        {
            "case_number": case.number,
            "staff": org["officer"].pk,
            "rule": rule("wu-buzhun", 1).pk,
            "description": "属实",
        },
    )
    violation = Violation.objects.get()
    assert response.status_code == 302 and violation.case_id == case.pk
    assert f'data-case="{case.number}"' not in client.get("/conduct/complaints/").content.decode()
    login(client, "captain")
    assert client.get("/conduct/complaints/").status_code == 403


def test_an_officer_names_the_officers_of_their_squad(client, org):
    login(client, "officer")
    form = client.get("/conduct/enforcement/new/").context["form"]
    names = {s.name for s in form.fields["officers"].queryset}
    assert names == {"张执法", "李执法", "王过期", "赵协管"}
