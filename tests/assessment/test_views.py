"""The assessment pages through the test client: who may open what, filters, drill-downs, publishing
and recomputing from the page, the report archive and downloads."""

import pytest
from django.urls import reverse

from chengguan.assessment import periods, services
from chengguan.assessment.models import Report, Snapshot, Subject
from chengguan.core.models import AuditEntry
from chengguan.grid.models import Area, AreaLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client, demo_user):
    def as_(username):
        client.force_login(demo_user(username))
        return client

    return as_


def test_dashboard_for_a_leader(login):
    response = login("leader").get(reverse("assessment:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    for chart in ("score-chart", "trend-chart", "category-chart", "heat-map", 'data-table="ranking"'):
        assert chart in body
    assert response.context["ranking"]["rows"], "the leader sees the whole department ranking"
    streets = response.context["street_ranking"]["rows"]
    assert streets and all(row["grade"] in "ABCDE" for row in streets)


def test_filters_narrow_the_figures(login):
    client = login("leader")
    whole = client.get(reverse("assessment:dashboard")).context
    street = Area.objects.filter(level=AreaLevel.STREET).order_by("code").first()
    narrowed = client.get(reverse("assessment:dashboard"), {"area": street.pk}, HTTP_HX_REQUEST="true")
    assert narrowed.templates[0].name == "assessment/_dashboard_body.html"  # htmx gets the body only
    assert narrowed.context["this_month"]["reported"] < whole["this_month"]["reported"]
    heat = client.get(reverse("assessment:heat"), {"area": street.pk}).json()["cells"]
    assert heat and sum(c["n"] for c in heat) <= sum(
        c["n"] for c in client.get(reverse("assessment:heat")).json()["cells"]
    )
    bad = client.get(reverse("assessment:dashboard"), {"period": "nonsense"})
    assert bad.status_code == 400 and "nonsense" in bad.content.decode()


def test_a_handler_sees_only_their_own_standing(login, demo_user):
    handler = demo_user("handler")
    response = login("handler").get(reverse("assessment:dashboard"))
    assert response.status_code == 200
    rows = response.context["ranking"]["rows"]
    own = {
        str(pk)
        for pk in handler.staff.department.__class__.objects.subtree(handler.staff.department).values_list(
            "pk", flat=True
        )
    }
    assert {row["subject_id"] for row in rows} <= own
    assert login("handler").get(reverse("assessment:reports")).status_code == 403


def test_anonymous_and_non_staff_are_kept_out(client, make_user):
    assert client.get(reverse("assessment:dashboard")).status_code == 302
    client.force_login(make_user("visitor"))
    assert client.get(reverse("assessment:dashboard")).status_code == 403


def test_publish_drill_down_and_recompute_from_the_pages(login):
    client = login("leader")
    period = periods.this_month()
    response = client.post(
        reverse("assessment:compute"), {"period": period.label, "subject": Subject.DEPARTMENT}
    )
    assert response.status_code == 302
    snapshot = Snapshot.objects.get(subject=Subject.DEPARTMENT, start=period.start)
    page = client.get(reverse("assessment:rankings"), {"period": period.label, "subject": Subject.DEPARTMENT})
    assert page.context["ranking"]["snapshot"] == snapshot
    row = snapshot.rows.exclude(case_ids={}).filter(counts__filed__gt=0).first()
    drill = client.get(reverse("assessment:drill", args=[row.pk, "filed"]))
    numbers = {case.number for case in drill.context["cases"]}
    assert len(numbers) == row.counts["filed"]
    assert client.get(reverse("assessment:drill", args=[row.pk, "nonsense"])).status_code == 403
    # Refused without a reason, done with one.
    client.post(reverse("assessment:recompute", args=[snapshot.pk]), {"reason": ""})
    snapshot.refresh_from_db()
    assert snapshot.version == 1
    client.post(reverse("assessment:recompute", args=[snapshot.pk]), {"reason": "复核"})
    snapshot.refresh_from_db()
    assert snapshot.version == 2
    # Live drill-down (with a filter) lists cases too.
    live = client.get(
        reverse("assessment:drill_live"),
        {"period": period.label, "subject": Subject.DEPARTMENT, "id": row.subject_id, "count": "filed"},
    )
    assert {case.number for case in live.context["cases"]} == numbers


def test_a_handler_cannot_publish_or_open_other_departments(login, demo_user):
    period = periods.this_month()
    snapshot = services.compute_snapshot(actor=demo_user("leader"), subject=Subject.DEPARTMENT, period=period)
    client = login("handler")
    response = client.post(
        reverse("assessment:compute"), {"period": "2026-01", "subject": Subject.DEPARTMENT}
    )
    assert response.status_code == 403
    own = str(demo_user("handler").staff.department_id)
    other = snapshot.rows.exclude(subject_id=own).filter(counts__filed__gt=0).first()
    assert client.get(reverse("assessment:drill", args=[other.pk, "filed"])).status_code == 403


def test_report_archive_generate_and_download(login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login("leader")
    label = periods.this_month().label
    response = client.post(reverse("assessment:generate"), {"period": label})
    assert response.status_code == 302
    report = Report.objects.get(label=label)
    page = client.get(reverse("assessment:reports"))
    assert f'data-report="{report.pk}"' in page.content.decode()
    before = AuditEntry.objects.count()
    pdf = client.get(reverse("assessment:download", args=[report.pk, "pdf"]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.count() == before + 1
    xlsx = client.get(reverse("assessment:download", args=[report.pk, "xlsx"]))
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
    assert client.get(reverse("assessment:download", args=[report.pk, "doc"])).status_code == 404


def test_drill_down_lists_only_cases_the_user_may_see(login, demo_user):
    period = periods.this_month()
    snapshot = services.compute_snapshot(actor=demo_user("leader"), subject=Subject.STREET, period=period)
    row = snapshot.rows.filter(counts__filed__gt=0).order_by("-subject_name").first()
    leader_numbers = {
        c.number
        for c in login("leader").get(reverse("assessment:drill", args=[row.pk, "filed"])).context["cases"]
    }
    handler = demo_user("handler")
    shown = login("handler").get(reverse("assessment:drill", args=[row.pk, "filed"]))
    own_path = handler.staff.department.path
    assert len(leader_numbers) == row.counts["filed"]
    for case in shown.context["cases"] if shown.status_code == 200 else []:
        assert case.department.path.startswith(own_path) or case.created_by == handler


def test_an_administrator_edits_a_formula_and_the_ranking_follows(login, admin_client, demo_user):
    from chengguan.assessment.models import Indicator

    score = Indicator.objects.get(subject=Subject.DEPARTMENT, code="score")
    url = reverse("admin:assessment_indicator_change", args=[score.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields}
    data.update(
        {"expression": "__import__('os').getcwd()", "bands": "[]", "is_active": "on", "is_score": "on"}
    )
    refused = admin_client.post(url, data)
    assert refused.status_code == 200 and "expression" in refused.context["adminform"].form.errors
    data["expression"] = "filed_count + nonsense"
    assert "expression" in admin_client.post(url, data).context["adminform"].form.errors
    data["expression"] = "rework_rate * 100"  # rank by rework, say
    assert admin_client.post(url, data).status_code == 302
    score.refresh_from_db()
    assert score.expression == "rework_rate * 100"
    rows = login("leader").get(reverse("assessment:rankings")).context["ranking"]["rows"]
    scored = [row for row in rows if row["raw_score"] is not None]
    assert scored and all(row["raw_score"] <= 100 for row in scored)
    assert any(row["raw_score"] == 0 for row in scored)  # departments without rework now score 0


def test_other_periods_and_subjects(login):
    client = login("shift_lead")
    year = periods.this_month().first_day.year
    for query in (
        {"period": f"{year}", "subject": "community"},
        {"period": f"{year}Q4", "subject": "dispatcher"},
        {"period": f"{year}1101-{year}1115", "subject": "inspector"},
    ):
        response = client.get(reverse("assessment:rankings"), query)
        assert response.status_code == 200 and response.context["filters"].period.label.startswith(
            query["period"][:4]
        )
        assert response.context["ranking"]["rows"], query


def test_an_inspector_sees_their_own_standing(login, demo_user):
    response = login("inspector").get(reverse("assessment:dashboard"))
    standing = response.context["standing"]
    assert [s["name"] for s in standing if s["subject"] == Subject.INSPECTOR.label] == [
        demo_user("inspector").staff.name
    ]
    ranking = (
        login("inspector").get(reverse("assessment:rankings"), {"subject": "dispatcher"}).context["ranking"]
    )
    assert ranking["rows"] == []  # not their role: not their business


def test_rankings_sort_and_page(login):
    client = login("leader")
    by_name = client.get(reverse("assessment:rankings"), {"subject": "cell", "sort": "name"}).context
    names = [row["name"] for row in by_name["ranking"]["rows"]]
    assert names == sorted(names) and len(names) <= 50
    assert by_name["page"].paginator.count > 1
    by_score = client.get(reverse("assessment:rankings"), {"subject": "department", "sort": "-score"}).context
    scores = [row["raw_score"] for row in by_score["ranking"]["rows"] if row["raw_score"] is not None]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("period", ["0001-01", "9999-12", "0001", "1900Q1", "00010101-99991231", "2026-13"])
def test_absurd_periods_answer_400_with_a_message(login, period):
    client = login("leader")
    for name in ("assessment:dashboard", "assessment:rankings", "assessment:drill_live"):
        query = {"period": period, "count": "filed", "id": "1"}
        response = client.get(reverse(name), query)
        assert response.status_code == 400, (name, period)
        assert "message error" in response.content.decode()
    heat = client.get(reverse("assessment:heat"), {"period": period})
    assert heat.status_code == 400 and heat.json()["error"]
    before = Snapshot.objects.count()
    response = client.post(reverse("assessment:compute"), {"period": period, "subject": "department"})
    assert response.status_code == 302 and Snapshot.objects.count() == before


def test_a_live_drill_down_with_no_such_id_is_404(login):
    response = login("leader").get(reverse("assessment:drill_live"), {"count": "filed", "id": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize("subject", ["cell", "community", "department", "inspector"])
def test_ranking_pages_make_a_fixed_number_of_queries(login, subject, django_assert_max_num_queries):
    client = login("leader")
    for published in (False, True):
        if published:  # the snapshot's rows as well as the live figures
            period = periods.previous_month(periods.this_month())
            if not Snapshot.objects.filter(subject=subject, label=period.label).exists():
                client.post(reverse("assessment:compute"), {"period": period.label, "subject": subject})
            query = {"subject": subject, "period": period.label}
        else:
            query = {"subject": subject}
        with django_assert_max_num_queries(25):  # 15 to 19 today, for 3 departments as for 22 cells
            response = client.get(reverse("assessment:rankings"), query)
        assert response.status_code == 200
        if subject == "cell":
            assert len(response.context["ranking"]["rows"]) >= 20  # the cells with cases in the small city
