"""Demo data for team conduct, built through `conduct.services`: a covert inspection whose findings
become violations (one decided, one escalated and awaiting the leader), a public complaint about an
officer routed to the discipline office and substantiated, a commendation, a drill with an absence, an
enforcement action with two devices' recordings, and last month's star confirmed after its notice."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone

from chengguan.cases import services as cases
from chengguan.cases.models import Case
from chengguan.conduct import services
from chengguan.conduct.defaults import load_default_rules
from chengguan.conduct.models import (
    Attendance,
    Commendation,
    ConductEvent,
    EnforcementAction,
    EvidenceFile,
    Finding,
    FindingEvidence,
    Inspection,
    Nomination,
    Rule,
    Star,
    TrainingSession,
    Violation,
)
from chengguan.conduct.selectors import month_start, previous_month
from chengguan.conduct.services.stars import SUBJECT_TYPE
from chengguan.notices import services as notices
from chengguan.notices.models import Notice
from chengguan.org.models import Department, Staff
from chengguan.org.roles import RoleCode as R
from chengguan.taxonomy.models import Category, CategoryKind, Responsibility, TimeLimit

from .org import DISCIPLINE_SECTION, demo_department_queryset

COMPLAINT_CATEGORY = "S0699"  # 城管人员作风投诉, routed to the discipline office
COMPLAINT_KEY = "conduct-demo-complaint"


# an MP4 container's first box (`ftyp`): evidence is checked by its signature
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def _user(username: str):
    return get_user_model().objects.select_related("staff__department").get(username=username)


def _rule(set_code: str, number: int) -> Rule:
    return Rule.objects.get(rule_set__code=set_code, number=number)


def complaint_category() -> Category:
    """The subclass for public complaints about staff conduct, routed to the discipline office."""
    parent = Category.objects.get(code="S06")
    category, _ = Category.objects.get_or_create(
        code=COMPLAINT_CATEGORY,
        defaults={
            "kind": CategoryKind.EVENT,
            "parent": parent,
            "name": "城管人员作风投诉",
            "description": "执法人员态度粗暴、吃拿卡要、脱岗等作风问题，由执法督察科调查处理。",
            "keywords": "态度 粗暴 作风 投诉 城管队员 吃拿卡要 脱岗 不文明",
        },
    )
    Responsibility.objects.get_or_create(
        category=category,
        area=None,
        defaults={
            "department": Department.objects.get(code=DISCIPLINE_SECTION),
            "note": "作风投诉由督察科办理",
        },
    )
    return category


def build_demo_conduct() -> int:
    """Returns the number of violations built."""
    load_default_rules()  # a migration loads them; a test database flushed between tests has lost them
    discipline, leader, dispatcher = _user("discipline"), _user("leader"), _user("dispatcher")
    today = timezone.localdate()
    officers = [
        s
        for s in Staff.objects.filter(roles__code=R.ENFORCEMENT_OFFICER, department__kind="squad").order_by(
            "pk"
        )
        if s.valid_certificate(today)
    ]
    login = Staff.objects.filter(user__username="enforcement_officer").first()
    star = login if login in officers else officers[0]
    first, second, partner = [s for s in officers if s.department_id == star.department_id and s != star][:3]
    squad = star.department

    inspection = services.create_inspection(
        actor=discipline,
        kind="covert",
        title=f"{today:%Y年%m月}执法中队作风暗访",
        held_on=today,
        department=discipline.staff.department,
        inspectors=[discipline.staff],
        scope_departments=[squad],
        scope_places="人民路农贸市场\n秋浦路步行街",
        checklist=["着装和标志标识", "文明用语", "在岗情况", "执法记录仪使用"],
    )
    smoking = _rule("wu-buzhun", 5)
    for text in ("执勤时在岗亭内吸烟、玩手机", "再次发现执勤时吸烟"):
        services.record_finding(
            actor=discipline,
            inspection_id=inspection.pk,
            target="person",
            staff=first,
            rule=smoking,
            description=text,
        )
    services.record_finding(
        actor=discipline,
        inspection_id=inspection.pk,
        target="place",
        place="秋浦路步行街东口",
        description="商户门前三包责任牌缺失",
    )
    decided = Violation.objects.filter(staff=first).order_by("pk").first()
    if first.user is not None:
        services.state_case(violation_id=decided.pk, actor=first.user, statement="当时正在休息时间。")
    services.decide_sanction(violation_id=decided.pk, actor=leader, sanction="criticism")

    complaint = cases.report_case(
        description="城管队员在人民路对摊主态度粗暴，出言不逊。",
        channel="hotline",
        address="人民路农贸市场",
        category=complaint_category(),
        intake_key=COMPLAINT_KEY,
        reporter_name="王先生",
        reporter_phone="13955660001",
        actor=dispatcher,
    ).case
    cases.accept_and_dispatch(
        case_id=complaint.pk, actor=dispatcher, department=Department.objects.get(code=DISCIPLINE_SECTION)
    )
    services.substantiate_complaint(
        actor=discipline,
        case_id=complaint.pk,
        staff=second,
        rule=_rule("wu-buzhun", 1),
        description="经调取执法记录仪视频核实，该队员对摊主使用不文明用语。",
    )

    services.award_commendation(
        actor=leader, staff=partner, awarded_on=today, points=2, reason="拾金不昧，归还群众遗失钱包"
    )
    services.record_training(
        actor=leader,
        department=squad,
        kind="drill",
        held_on=today,
        title="中队队列训练",
        present=[s for s in Staff.objects.filter(department=squad, is_active=True) if s.pk != second.pk],
        absent=[second],
    )

    started = timezone.now() - timedelta(days=1)
    services.record_enforcement_action(
        actor=leader,
        lead_officer=star,
        officers=[partner],
        started_at=started,
        ended_at=started + timedelta(minutes=25),
        place="秋浦路步行街占道经营点",
        legal_basis="《城市市容和环境卫生管理条例》第十四条",
        outcome="责令当事人改正，当场清理完毕",
        evidence=[
            ("DV-0101", SimpleUploadedFile("DV-0101.mp4", MP4_HEAD + b"demo recording of device DV-0101")),
            ("DV-0102", SimpleUploadedFile("DV-0102.mp4", MP4_HEAD + b"demo recording of device DV-0102")),
        ],
    )

    month = previous_month(month_start(today))
    nomination = services.nominate_star(
        actor=leader, staff=star, month=month, reason="全月满分，执法规范文明"
    )
    published_at = timezone.make_aware(datetime.combine(month.replace(day=20), time(10)))
    decision = services.decide_star(
        actor=leader,
        nomination_id=nomination.pk,
        citation="执法规范，服务热情，群众来信表扬两次。",
        now=published_at,
    )
    notice = Notice.objects.get(pk=decision.notice_id)
    notices.close_due_notices(
        actor=notices.CLOSE_ACTOR, now=notice.objection_deadline
    )  # the window has passed: on the honour roll
    return Violation.objects.count()


def _delete(queryset) -> None:
    """Delete the rows and their timeline events."""
    ids = list(queryset.values_list("pk", flat=True))
    ConductEvent.objects.filter(subject_type=queryset.model._meta.model_name, subject_id__in=ids).delete()
    queryset.model.objects.filter(pk__in=ids).delete()


def delete_demo_conduct() -> None:
    """Everything recorded about the demo departments and their staff, with the stored files and the star
    notices, before the staff and departments go."""
    departments = demo_department_queryset()
    staff = Staff.objects.filter(department__in=departments)
    actions = EnforcementAction.objects.filter(department__in=departments)
    evidence = EvidenceFile.objects.filter(action__in=actions)
    for item in evidence:
        item.file.storage.delete(item.file.name)
    evidence._raw_delete(EvidenceFile.objects.db)
    _delete(actions)
    stars = Star.objects.filter(staff__in=staff)
    star_ids = [str(pk) for pk in stars.values_list("pk", flat=True)]
    Notice.objects.filter(subject_type=SUBJECT_TYPE, subject_id__in=star_ids).delete()
    _delete(stars)
    _delete(Nomination.objects.filter(staff__in=staff))
    _delete(Violation.objects.filter(staff__in=staff))
    findings = Finding.objects.filter(Q(inspection__department__in=departments) | Q(staff__in=staff))
    for item in FindingEvidence.objects.filter(finding__in=findings):
        item.file.storage.delete(item.file.name)
    _delete(findings)
    _delete(Inspection.objects.filter(department__in=departments))
    _delete(Commendation.objects.filter(staff__in=staff))
    Attendance.objects.filter(staff__in=staff).delete()
    _delete(TrainingSession.objects.filter(department__in=departments))
    # The complaint category goes too, so that a rebuild draws its random cases from the same table.
    Case.objects.filter(intake_key=COMPLAINT_KEY).delete()
    if not Case.objects.filter(category__code=COMPLAINT_CATEGORY).exists():
        Responsibility.objects.filter(category__code=COMPLAINT_CATEGORY).delete()
        TimeLimit.objects.filter(category__code=COMPLAINT_CATEGORY).delete()
        Category.objects.filter(code=COMPLAINT_CATEGORY).delete()
