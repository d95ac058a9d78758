"""Demo civility campaigns, built through the campaign services: the 五进 campaign in its action phase
(applications through a notice, monthly reports with one flagged late, self-assessment, inspections with a
finding that became a rectification case) and last year's 文明诚信单位/文明和谐社区 campaign with its units
named. The building site's own log-in is `unit-site` (the demo password)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from chengguan.campaigns import services
from chengguan.campaigns.models import Application, Campaign, Finding, Unit, UnitMember
from chengguan.cases.models import Case
from chengguan.notices import services as notices
from chengguan.notices.models import Notice

from .accounts import DEMO_PASSWORD

UNIT_LOGIN = "unit-site"
UNITS = [
    ("秋浦路住宅项目建筑工地", "building_site", "秋浦西路与长江路交叉口", "李建国", "13905661234"),
    ("贵池区实验小学", "school", "池州大道18号", "王老师", "13805669876"),
    ("百牙社区居委会", "community", "百牙中路56号", "陈主任", "13705663456"),
    ("区财政局", "organ", "建设路8号", "张科长", "13605667890"),
    ("长江路百货商店", "shop", "长江中路101号", "刘老板", "13505662345"),
    ("区人社局", "organ", "建设路12号", "赵科长", "13405661111"),
    ("长江社区居委会", "community", "长江南路20号", "孙主任", "13305662222"),
]


def _moment(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _scores(campaign, kind="", **deductions):
    """Full points on every item the kind of unit is scored against, but the deductions."""
    scores = {item.code: (item.points, "") for item in campaign.standards_for(kind)}
    scores.update({code: (Decimal(points), evidence) for code, (points, evidence) in deductions.items()})
    return scores


def _confirm(notice, settle, when) -> None:
    """Let the notice's window pass (as the periodic job would) and settle its outcome at once: the demo
    is built in one transaction, before the outcome handler would run after the commit."""
    notices.close_due_notices(actor=notices.CLOSE_ACTOR, now=when)
    settle(actor=services.OUTCOME_ACTOR, notice_id=notice.pk, outcome=notices.Outcome.CONFIRMED)


def build_demo_campaigns() -> int:
    """Returns how many campaigns were built."""
    users = get_user_model().objects.select_related("staff__department")
    officer = users.get(username="civility_officer")
    inspector = users.get(username="inspector")
    office = officer.staff.department
    units = {}
    for name, kind, address, contact, phone in UNITS:
        units[kind if kind not in units else f"{kind}2"] = services.register_unit(
            actor=officer, name=name, kind=kind, address=address, contact_name=contact, contact_phone=phone
        )
    services.add_unit_account(
        actor=officer, unit_id=units["building_site"].pk, username=UNIT_LOGIN, password=DEMO_PASSWORD
    )
    today = timezone.localdate()
    _wujin(officer, inspector, office, units, today)
    _chengxin(officer, inspector, office, units, today)
    return 2


def _wujin(officer, inspector, office, units, today) -> None:
    start = today - timedelta(days=50)
    campaign = services.launch_campaign(
        actor=officer,
        blueprint="wujin",
        owner_department=office,
        starts_on=start,
        inspectors=[inspector.staff],
    )
    taking_part = [units[key] for key in ("building_site", "school", "community", "organ", "shop")]
    for n, unit in enumerate(taking_part):
        services.apply_for_campaign(
            campaign_id=campaign.pk,
            actor=officer,
            unit_id=unit.pk,
            statement=f"{unit.name}申请参加城市管理“五进”活动，成立工作小组，制定实施计划。",
            now=_moment(start + timedelta(days=2 + n)),
        )
    notice = services.publish_applications(
        campaign_id=campaign.pk, actor=officer, now=_moment(start + timedelta(days=8))
    )
    _confirm(notice, services.settle_application_notice, _moment(start + timedelta(days=20)))
    applications = {
        a.unit.kind: a for a in Application.objects.filter(campaign=campaign).select_related("unit")
    }
    texts = {
        # the site's manager types traditional characters: kept as typed
        "building_site": "工地圍擋已美化，出入口硬化並設洗車槽，砂石料全部覆蓋。",
        "school": "开展“是我家，美丽靠大家”主题班会12场，学生志愿者上街宣传3次。",
        "community": "背街小巷每天两次普扫，清理卫生死角8处。",
        "organ": "月末大扫除已坚持，庭院停车划线完成。",
    }
    for kind, text in texts.items():  # the shop misses its report: it is flagged overdue
        for report in applications[kind].reports.filter(due_on__lt=today):
            services.file_report(
                report_id=report.pk, actor=officer, text=text, now=_moment(report.due_on - timedelta(days=2))
            )
    services.check_reports(actor=services.REPORTS_ACTOR, today=today)
    services.inspect_unit(
        application_id=applications["building_site"].pk,
        actor=inspector,
        scores=_scores(campaign, "building_site", D3=("3", "东侧砂石料未覆盖"), D4=("4", "出口车辆轮胎带泥")),
        findings=[("D3", "东侧砂石料未覆盖，扬尘明显")],
        done_on=today - timedelta(days=3),
    )
    services.inspect_unit(
        application_id=applications["school"].pk,
        actor=inspector,
        scores=_scores(campaign, "school", A3=("3", "志愿者服务队名册不全")),
        done_on=today - timedelta(days=3),
    )
    services.inspect_unit(
        application_id=applications["community"].pk,
        actor=inspector,
        scores=_scores(campaign, "community", B2=("2", "城中村垃圾收集点未密闭"), B4=("3", "乱搭乱建2处")),
        done_on=today - timedelta(days=2),
    )
    services.inspect_unit(
        application_id=applications["organ"].pk,
        actor=inspector,
        scores=_scores(campaign, "organ"),
        done_on=today - timedelta(days=2),
    )
    veto = campaign.veto_conditions.get(order=1)
    services.record_veto(
        application_id=applications["organ"].pk,
        actor=inspector,
        condition_id=veto.pk,
        evidence="庭院违章搭建被本地媒体曝光，造成较大影响。",
    )


def _chengxin(officer, inspector, office, units, today) -> None:
    start = today - timedelta(days=400)
    campaign = services.launch_campaign(
        actor=officer,
        blueprint="chengxin",
        owner_department=office,
        starts_on=start,
        quota={"organ": 1, "community": 1},
        inspectors=[inspector.staff],
    )
    for n, key in enumerate(("organ", "organ2", "community", "community2")):
        services.apply_for_campaign(
            campaign_id=campaign.pk,
            actor=officer,
            unit_id=units[key].pk,
            statement="经党支部讨论研究，提出创建意向，申请参加评选。",
            now=_moment(start + timedelta(days=5 + n)),
        )
    notice = services.publish_applications(
        campaign_id=campaign.pk, actor=officer, now=_moment(start + timedelta(days=15))
    )
    _confirm(notice, services.settle_application_notice, _moment(start + timedelta(days=30)))
    points = {
        "organ": {"Y4": ("16", "窗口服务满意度偏低")},
        "organ2": {},
        "community": {"Y2": ("17", "楼道堆物")},
        "community2": {"Y2": ("14", "卫生死角多处"), "Y5": ("15", "创建档案不全")},
    }
    for key, deductions in points.items():
        application = Application.objects.get(campaign=campaign, unit=units[key])
        services.inspect_unit(
            application_id=application.pk,
            actor=inspector,
            scores=_scores(campaign, **deductions),
            done_on=start + timedelta(days=330),
        )
    notice = services.propose_results(
        campaign_id=campaign.pk, actor=officer, now=_moment(start + timedelta(days=340))
    )
    _confirm(notice, services.settle_results_notice, _moment(start + timedelta(days=355)))


def delete_demo_campaigns(departments) -> int:
    """Delete the campaigns run by the demo departments or joined by demo units (with their notices and
    rectification cases), then the demo units and their log-ins."""
    campaigns = Campaign.objects.filter(
        Q(owner_department__in=departments) | Q(applications__unit__name__in=[row[0] for row in UNITS])
    ).distinct()
    ids = list(campaigns.values_list("pk", flat=True))
    findings = Finding.objects.filter(inspection__application__campaign_id__in=ids)
    Case.objects.filter(
        origin_type=services.FINDING_ORIGIN,
        origin_id__in=[str(pk) for pk in findings.values_list("pk", flat=True)],
    ).delete()
    Notice.objects.filter(
        subject_type__in=[services.APPLICATION_NOTICE, services.RESULTS_NOTICE],
        subject_id__in=[str(pk) for pk in ids],
    ).delete()
    Campaign.objects.filter(pk__in=ids).delete()
    units = Unit.objects.filter(name__in=[row[0] for row in UNITS])
    get_user_model().objects.filter(pk__in=UnitMember.objects.filter(unit__in=units).values("user")).delete()
    units.delete()
    return len(ids)
