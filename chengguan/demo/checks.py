"""Demo data for the 三查 and the self-checks, built through `conduct.services`: this month's 查效能 check
of a squad, scored, with a finding against an officer (a violation of the item's rule) and one against
the squad (a rectification case), reported to the work-style office; a covert 查廉洁 visit still under
way; and an open self-check phase for the whole bureau in which some of the demo log-ins have submitted
and the others are missing."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from chengguan.cases.models import Case
from chengguan.conduct import services
from chengguan.conduct.defaults import load_default_checklists
from chengguan.conduct.models import (
    Check,
    CheckFinding,
    Checklist,
    ConductEvent,
    SelfCheck,
    SelfCheckPhase,
    Violation,
)
from chengguan.conduct.services.checks import CASE_ORIGIN
from chengguan.org.models import Staff
from chengguan.org.roles import RoleCode as R

from .org import demo_department_queryset

PHASE_TITLE = "“三查三评”准备阶段自查自纠"

# demo log-ins who have written their self-check, with what they found (checklist code → text, items)
SUBMISSIONS = {
    "leader": (
        "cha-zuofeng",
        "推进重点工作有时督促不够，存在拖拉现象。",
        [5],
        "建立重点工作台账，每周调度。",
    ),
    "handler": ("cha-xiaoneng", "有一次未能一次性告知办事群众所需材料。", [3], "制作办事指南，一次性告知。"),
    "inspector": ("cha-xiaoneng", "巡查时偶有迟到。", [7], "按时到岗，严格考勤。"),
    "dispatcher": ("cha-lianjie", "未发现违反廉洁规定的问题。", [], "继续遵守《廉政准则》。"),
}


def _user(username: str):
    return get_user_model().objects.select_related("staff__department").filter(username=username).first()


def build_demo_checks() -> int:
    """Returns the number of checks built."""
    load_default_checklists()
    discipline = _user("discipline")
    today = timezone.localdate()
    officer = (
        Staff.objects.filter(roles__code=R.ENFORCEMENT_OFFICER, department__kind="squad", is_active=True)
        .exclude(user__username="enforcement_officer")
        .order_by("-pk")
        .first()
    )
    squad = officer.department
    xiaoneng = Checklist.objects.get(code="cha-xiaoneng")
    items = {item.number: item for item in xiaoneng.items.all()}

    check = services.create_check(
        actor=discipline,
        checklist=xiaoneng,
        kind="regular",
        mode="open",
        title=f"{today:%Y年%m月}{squad.name}查效能定期检查",
        held_on=today,
        inspectors=[discipline.staff],
        units=[squad],
    )
    services.score_check(
        actor=discipline,
        check_id=check.pk,
        scores={
            items[1]: 10,
            items[2]: 9,
            items[3]: (8, "个别窗口未一次性告知"),
            items[4]: 10,
            items[5]: (6, "值班室无离岗告示"),
            items[7]: (5, "一名队员擅自离岗"),
        },
    )
    services.record_check_finding(
        actor=discipline,
        check_id=check.pk,
        target="person",
        item=items[7],
        staff=officer,
        description="上班时间擅自离岗四十分钟，未履行请假手续",
    )
    services.record_check_finding(
        actor=discipline,
        check_id=check.pk,
        target="unit",
        item=items[5],
        department=squad,
        description="中队值班室未设置离岗告示牌",
        raise_case=True,
    )
    services.report_check(
        actor=discipline,
        check_id=check.pk,
        report="本次检查总体情况良好。发现队员擅自离岗一起，已记录违规待领导决定处理；中队值班室未设置离岗"
        "告示牌，已立整改案件限期整改。下一步将加强上班纪律的日常督查。",
    )
    covert = services.create_check(
        actor=discipline,
        checklist=Checklist.objects.get(code="cha-lianjie"),
        kind="random",
        mode="covert",
        title=f"{today:%Y年%m月}查廉洁随机暗访",
        held_on=today,
        inspectors=[discipline.staff],
        units=[squad],
    )
    first = covert.checklist.items.order_by("number").first()
    services.score_check(actor=discipline, check_id=covert.pk, scores={first: 10})

    phase = services.open_self_check_phase(
        actor=discipline,
        title=PHASE_TITLE,
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=7),
        instructions="请对照“三查”内容，认真查找自身在作风、效能及廉洁方面存在的问题，深刻剖析原因，自觉纠正。",
    )
    for username, (code, text, numbers, measures) in SUBMISSIONS.items():
        user = _user(username)
        if user is None or getattr(user, "staff", None) is None:
            continue
        checklist = Checklist.objects.get(code=code)
        services.submit_self_check(
            actor=user,
            phase_id=phase.pk,
            answers={code: text},
            measures=measures,
            flagged_items=list(checklist.items.filter(number__in=numbers)),
        )
    return Check.objects.count()


def _delete(queryset) -> None:
    ids = list(queryset.values_list("pk", flat=True))
    ConductEvent.objects.filter(subject_type=queryset.model._meta.model_name, subject_id__in=ids).delete()
    queryset.model.objects.filter(pk__in=ids).delete()


def delete_demo_checks() -> None:
    """The checks, findings (with their violations and cases) and self-checks of the demo staff, before
    the conduct demo and the staff go."""
    departments = demo_department_queryset()
    staff = Staff.objects.filter(department__in=departments)
    checks = Check.objects.filter(Q(inspectors__in=staff) | Q(units__in=departments)).distinct()
    findings = CheckFinding.objects.filter(Q(check_record__in=checks) | Q(staff__in=staff))
    violation_ids = list(findings.exclude(violation=None).values_list("violation_id", flat=True))
    Case.objects.filter(
        origin_type=CASE_ORIGIN, origin_id__in=[str(pk) for pk in findings.values_list("pk", flat=True)]
    ).delete()
    _delete(findings)
    _delete(Violation.objects.filter(pk__in=violation_ids))
    _delete(Check.objects.filter(pk__in=list(checks.values_list("pk", flat=True))))
    _delete(SelfCheck.objects.filter(staff__in=staff))
    _delete(SelfCheckPhase.objects.filter(Q(department__in=departments) | Q(title=PHASE_TITLE)))
