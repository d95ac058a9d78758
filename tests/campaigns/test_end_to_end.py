"""Done when #1 at service level: the 五进 template launched, units apply through a notice, report monthly
(a late report is flagged), are inspected with a scored breakdown, a problem becomes a case accepted after
rectification, a veto disqualifies, and the ranking with the quota goes through a notice to naming."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from chengguan.campaigns import selectors, services
from chengguan.campaigns.models import (
    CampaignEvent,
    CampaignState,
    EventAction,
    ProgressReport,
    ReportState,
    Title,
)
from chengguan.cases import services as cases
from chengguan.cases.models import Case
from chengguan.cases.states import Channel
from chengguan.cases.states import State as CaseState
from chengguan.core.models import Notification
from chengguan.taxonomy.models import Category, CategoryKind

from .conftest import IN_WINDOW, TZ, confirm, full_marks, unit_user


def test_wujin_template_has_phases_standards_tasks_and_rules(campaign):
    assert [p.name for p in campaign.phases.all()] == ["动员部署阶段", "实施行动阶段", "考评验收阶段"]
    assert [(p.starts_on, p.ends_on) for p in campaign.phases.all()][0] == (
        date(2026, 9, 1),
        date(2026, 9, 20),
    )
    assert campaign.ends_on == date(2026, 11, 30)
    assert campaign.standards.count() == 20
    assert sum(item.points for item in campaign.standards.all()) == 100
    site_tasks = list(campaign.tasks.filter(unit_kind="building_site").values_list("text", flat=True))
    assert len(site_tasks) == 6 and "运输车辆净车密封" in site_tasks
    assert services.due_dates(campaign) == [
        ("2026-09", date(2026, 9, 15)),
        ("2026-10", date(2026, 10, 15)),
        ("2026-11", date(2026, 11, 15)),
    ]
    assert CampaignEvent.objects.filter(campaign=campaign, action=EventAction.LAUNCH).exists()


def test_the_whole_path(campaign, accepted, units, org, django_capture_on_commit_callbacks):
    site, school, shop = accepted.site, accepted.school, accepted.shop
    # Monthly reports: September's in on time, October's reminded, then flagged when not in by the 15th.
    september = site.reports.get(period="2026-09")
    services.file_report(
        report_id=september.pk,
        actor=unit_user(units.site),
        text="已設置圍擋並硬化道路。",
        now=datetime(2026, 9, 14, tzinfo=TZ),
    )
    assert (
        services.check_reports(actor=services.REPORTS_ACTOR, today=date(2026, 10, 13))["reminded"] == 3
    )  # each unit's October report
    with django_capture_on_commit_callbacks(execute=True):
        flagged = services.check_reports(actor=services.REPORTS_ACTOR, today=date(2026, 10, 16))
    assert flagged["flagged"] == 3
    october = site.reports.get(period="2026-10")
    assert october.state == ReportState.OVERDUE and october.flagged_at is not None
    assert Notification.objects.filter(
        recipient=unit_user(units.site), kind="campaigns.report_overdue"
    ).exists()
    assert Notification.objects.filter(recipient=org.officer, kind="campaigns.report_overdue").exists()
    late = services.file_report(
        report_id=october.pk,
        actor=unit_user(units.site),
        text="十月份進展。",
        now=datetime(2026, 10, 17, tzinfo=TZ),
    )
    assert late.state == ReportState.LATE and late.flagged_at is not None

    # Inspection: a deduction with evidence and a problem found become a breakdown and a case.
    inspection = services.inspect_unit(
        application_id=site.pk,
        actor=org.inspector,
        scores=full_marks(campaign, D3=(Decimal("3"), "東側砂石未覆蓋")),
        findings=[("D3", "東側砂石料未覆蓋，揚塵明顯")],
        done_on=date(2026, 11, 22),
    )
    site.refresh_from_db()
    assert inspection.total == site.score == Decimal("18.0")  # the site's own four items
    rows = {row["item"].code: row for row in selectors.breakdown(site)["rows"]}
    assert rows["D3"]["points"] == Decimal("3.0") and rows["D3"]["evidence"] == ["東側砂石未覆蓋"]
    finding = inspection.findings.get()
    case = Case.objects.get(pk=finding.case_id)
    assert (case.channel, case.origin_type, case.origin_id) == (
        Channel.CAMPAIGN,
        "campaigns.finding",
        str(finding.pk),
    )
    assert "東側砂石料未覆蓋" in case.description and "城东建筑工地" in case.description
    services.inspect_unit(
        application_id=school.pk, actor=org.inspector, scores=full_marks(campaign, "school")
    )
    services.inspect_unit(
        application_id=shop.pk,
        actor=org.inspector,
        scores=full_marks(campaign, "shop", E1=(Decimal("1"), "未簽責任書")),
    )

    # Results wait for the rectification: 告知—整改—反馈—验收 through the case lifecycle.
    with pytest.raises(services.CampaignRefused, match="整改"):
        services.propose_results(campaign_id=campaign.pk, actor=org.officer)
    _rectify(case, org)
    assert not services.open_rectifications(campaign).exists()

    # A veto disqualifies the school although it has the best score.
    condition = campaign.veto_conditions.first()
    services.record_veto(
        application_id=school.pk, actor=org.inspector, condition_id=condition.pk, evidence="被媒體曝光"
    )
    ranking = services.ranking(campaign)
    assert [(r["application"].unit.name, r["named"]) for r in ranking] == [
        ("城东建筑工地", True),
        ("百货商店", True),
        ("实验小学", False),
    ]

    notice = services.propose_results(campaign_id=campaign.pk, actor=org.officer, now=IN_WINDOW)
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.RESULTS_PROPOSED and "城东建筑工地" in notice.body
    assert "实验小学" not in notice.body
    assert selectors.published_results(campaign) == []  # not before the notice is confirmed
    confirm(notice, django_capture_on_commit_callbacks)
    campaign.refresh_from_db()
    site.refresh_from_db()
    school.refresh_from_db()
    assert campaign.state == CampaignState.NAMED and campaign.results_published_at is not None
    assert (
        site.title == Title.NAMED and site.rank == 1 and site.certificate_no.startswith(campaign.code.upper())
    )
    assert school.title == Title.NONE and school.disqualified
    assert [a.unit.name for a in selectors.published_results(campaign)] == ["城东建筑工地", "百货商店"]


def _rectify(case, org):
    major = Category.objects.create(code="S01", name="市容环境", kind=CategoryKind.EVENT)
    category = Category.objects.create(code="S0104", name="施工扬尘", kind=CategoryKind.EVENT, parent=major)
    cases.accept_case(case_id=case.pk, actor=org.dispatcher, category=category)  # 告知
    cases.dispatch_case(case_id=case.pk, actor=org.dispatcher, department=org.other)
    cases.report_handled(case_id=case.pk, actor=org.handler, note="已覆蓋防塵網")  # 整改, 反馈
    cases.verify_case(case_id=case.pk, actor=org.inspector, passed=True)  # 验收
    cases.close_case(case_id=case.pk, actor=org.intake)
    assert Case.objects.get(pk=case.pk).state == CaseState.CLOSED


def test_report_rows_exist_only_for_accepted_units(accepted):
    assert ProgressReport.objects.filter(application=accepted.site).count() == 3
