"""The 三查 and self-check pages through the test client: who may open them, a check run from the default
checklist with scores and a finding, bad input answered with 400 and changing nothing, the PDFs, a staff
member's own self-check form, and lists that make a fixed number of queries whatever their length."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chengguan.conduct import services
from chengguan.conduct.models import Check, Checklist, SelfCheck, SelfCheckPhase, Violation

from .conftest import make_staff
from .test_views import login

pytestmark = pytest.mark.django_db


def test_only_the_discipline_office_opens_the_check_pages(client, org):
    login(client, "officer")
    for url in (
        "/conduct/checks/",
        "/conduct/checks/new/",
        "/conduct/self-checks/",
        "/conduct/checks/summary.pdf",
    ):
        assert client.get(url).status_code == 403
    login(client, "discipline")
    assert client.get("/conduct/checks/999/").status_code == 404
    assert client.get("/conduct/self-checks/999/").status_code == 404


def test_a_check_in_the_console(client, org):
    login(client, "discipline")
    xiaoneng = Checklist.objects.get(code="cha-xiaoneng")
    page = client.get("/conduct/checks/").content.decode()
    assert "data-plan-warning" in page  # no check this month yet
    form = client.get("/conduct/checks/new/?checklist=cha-xiaoneng").content.decode()
    assert "查效能" in form
    data = {
        "checklist": xiaoneng.pk,
        "kind": "random",
        "mode": "covert",
        "title": "查效能暗访",
        "held_on": timezone.localdate().isoformat(),
        "inspectors": [org["discipline"].pk],
        "units": [org["squad"].pk],
    }
    assert client.post("/conduct/checks/new/", data | {"kind": "targeted"}).status_code == 400
    assert not Check.objects.exists()
    assert client.post("/conduct/checks/new/", data).status_code == 302
    check = Check.objects.get()
    first = xiaoneng.items.get(number=1)
    bad = client.post(f"/conduct/checks/{check.pk}/", {"action": "score", f"score_{first.pk}": "99"})
    assert bad.status_code == 400 and not check.scores.exists()
    ok = client.post(
        f"/conduct/checks/{check.pk}/",
        {"action": "score", f"score_{first.pk}": "7", f"note_{first.pk}": "好"},
    )
    assert ok.status_code == 302 and check.scores.get().score == 7
    finding = {
        "action": "finding",
        "target": "person",
        "item": xiaoneng.items.get(number=7).pk,
        "staff": org["officer"].pk,
        "description": "擅自离岗",
    }
    assert client.post(f"/conduct/checks/{check.pk}/", finding | {"staff": ""}).status_code == 400
    assert client.post(f"/conduct/checks/{check.pk}/", finding).status_code == 302
    violation = Violation.objects.get()
    page = client.get(f"/conduct/checks/{check.pk}/").content.decode()
    assert f"/conduct/violations/{violation.pk}/" in page and "7/110" in page
    assert client.get(f"/conduct/checks/{check.pk}/report.pdf").status_code == 302  # not reported yet
    client.post(f"/conduct/checks/{check.pk}/report/", {"report": "发现离岗一起。"})
    response = client.get(f"/conduct/checks/{check.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    month = timezone.localdate().strftime("%Y-%m")
    summary = client.get(f"/conduct/checks/summary.pdf?month={month}")
    assert summary.status_code == 200 and summary.content.startswith(b"%PDF")
    assert "data-plan-warning" not in client.get("/conduct/checks/").content.decode()


def test_a_self_check_phase_in_the_console(client, org):
    login(client, "discipline")
    today = timezone.localdate()
    bad = client.post(
        "/conduct/self-checks/", {"title": "自查", "starts_on": today, "ends_on": today - timedelta(1)}
    )
    assert bad.status_code == 400 and not SelfCheckPhase.objects.exists()
    created = client.post(
        "/conduct/self-checks/",
        {
            "title": "自查自纠",
            "starts_on": today,
            "ends_on": today + timedelta(days=7),
            "department": org["squad"].pk,
        },
    )
    phase = SelfCheckPhase.objects.get()
    assert created.status_code == 302

    login(client, "officer")
    form = client.get("/conduct/self-checks/mine/")
    assert form.status_code == 200 and "查廉洁" in form.content.decode()
    assert client.post("/conduct/self-checks/mine/", {"measures": "改正"}).status_code == 400
    item = Checklist.objects.get(code="cha-zuofeng").items.get(number=2)
    sent = client.post(
        "/conduct/self-checks/mine/",
        {
            "answer_cha-zuofeng": "曾在工作日午餐饮酒一次",
            "items_cha-zuofeng": [item.pk],
            "measures": "不再饮酒",
        },
    )
    assert sent.status_code == 302
    mine = SelfCheck.objects.get()
    assert mine.staff == org["officer"] and list(mine.flagged_items.all()) == [item]
    assert "曾在工作日午餐饮酒一次" in client.get("/conduct/self-checks/mine/").content.decode()
    login(client, "cleaner")  # not in the squad: no phase for them
    assert "data-phase" not in client.get("/conduct/self-checks/mine/").content.decode()

    login(client, "discipline")
    page = client.get(f"/conduct/self-checks/{phase.pk}/").content.decode()
    assert "王过期" in page and "曾在工作日午餐饮酒一次" in page
    assert client.post(f"/conduct/self-checks/{phase.pk}/remind/").status_code == 302
    phase.refresh_from_db()
    assert phase.last_reminded_on == today
    client.post(f"/conduct/self-checks/{phase.pk}/summary/", {"summary": "作风问题集中在午餐饮酒。"})
    response = client.get(f"/conduct/self-checks/{phase.pk}/summary.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def make_checks(org, n, start=0):
    checklist = Checklist.objects.get(code="cha-lianjie")
    for i in range(start, start + n):
        check = services.create_check(
            actor=org["discipline"].user,
            checklist=checklist,
            kind="regular",
            mode="open",
            title=f"检查 {i}",
            held_on=timezone.localdate(),
            inspectors=[org["discipline"]],
            units=[org["squad"]],
        )
        services.score_check(
            actor=org["discipline"].user, check_id=check.pk, scores={checklist.items.first(): 5}
        )
        services.record_check_finding(
            actor=org["discipline"].user,
            check_id=check.pk,
            target="unit",
            department=org["squad"],
            description="x",
        )
    return check


def test_the_check_list_makes_a_fixed_number_of_queries(client, org):
    login(client, "discipline")
    make_checks(org, 1)
    one = queries(client, "/conduct/checks/")
    last = make_checks(org, 29, start=1)
    assert queries(client, "/conduct/checks/") == one
    month = timezone.localdate().strftime("%Y-%m")
    assert queries(client, f"/conduct/checks/?month={month}") == one
    detail = queries(client, f"/conduct/checks/{last.pk}/")
    for _ in range(5):
        services.record_check_finding(
            actor=org["discipline"].user,
            check_id=last.pk,
            target="unit",
            department=org["squad"],
            description="y",
        )
    assert queries(client, f"/conduct/checks/{last.pk}/") == detail


def test_the_phase_pages_make_a_fixed_number_of_queries(client, org):
    today = timezone.localdate()
    login(client, "discipline")

    def phase(i):
        return services.open_self_check_phase(
            actor=org["discipline"].user,
            title=f"自查 {i}",
            starts_on=today,
            ends_on=today + timedelta(days=3),
        )

    def submit(i):
        member = make_staff(f"member{i}", org["squad"], "enforcement_officer")
        services.submit_self_check(
            actor=member.user,
            phase_id=first.pk,
            answers={"cha-lianjie": "无"},
            measures="保持",
            flagged_items=list(Checklist.objects.get(code="cha-lianjie").items.all()[:2]),
        )

    first = phase(0)
    submit(0)
    one = queries(client, "/conduct/self-checks/")
    detail = queries(client, f"/conduct/self-checks/{first.pk}/")
    for i in range(1, 10):
        phase(i)
        submit(i)
    assert queries(client, "/conduct/self-checks/") == one
    assert queries(client, f"/conduct/self-checks/{first.pk}/") == detail
