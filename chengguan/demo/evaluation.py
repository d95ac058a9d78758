"""Demo data for public evaluation, built through the evaluation services: one open round a visitor can
vote in at once (windows, sections and a staff member, a questionnaire, nominees, a few ballots of which a
burst from one network is flagged) and one closed round from last year with ballots, opinions, a
rectification case on the dispatcher's desk and its ranking published as a notice."""

import random
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from chengguan.cases import services as cases
from chengguan.evaluation import services as evaluation
from chengguan.evaluation.models import Opinion, QuestionKind, Rectification, Round, TargetKind
from chengguan.notices.models import Notice, NoticeAttachment
from chengguan.org.models import Department, Staff
from chengguan.taxonomy.models import Category

from .org import BUREAU_CODE, demo_department_queryset

UNITS = [
    (TargetKind.WINDOW, "CGJ-CK1"),
    (TargetKind.WINDOW, "CGJ-CK2"),
    (TargetKind.WINDOW, "CGJ-CK3"),
    (TargetKind.SECTION, "CGJ-SRHW"),
    (TargetKind.SECTION, "CGJ-HWC"),
    (TargetKind.SECTION, "CGJ-YLLH"),
]
QUESTIONS = [
    ("您对工作人员的服务态度是否满意", QuestionKind.RATING, True),
    ("您对办事效率是否满意", QuestionKind.RATING, True),
    ("您对依法行政、公正执法是否满意", QuestionKind.RATING, True),
    ("您是否知道城管局正在开展“创建文明城管”活动", QuestionKind.AWARE, True),
    ("其他意见和建议", QuestionKind.TEXT, False),
]
# People invited to vote (the rounds' target population), for the participation rate: last year's round
# reached 60 of 80; this year's so far about four in five of its 15.
ELIGIBLE = {"past": 80, "current": 15}
OPINIONS = {  # by the unit they are about
    "CGJ-CK2": "投诉受理窗口中午无人值守，希望安排轮班。",
    "CGJ-HWC": "环卫处清运车辆夜间作业噪音大，影响居民休息；另外垃圾桶清洗不及时。",
    "CGJ-YLLH": "园林绿化修剪后的枝叶堆在路边好几天没有清走。",
}
WEIGHTS = {"satisfaction": 50, "votes": 10, "on_time": 15, "rework": 5, "followup": 5, "inspection": 15}


def _setup(
    admin, office, bureau, *, title: str, start: date, end: date, rng: random.Random, eligible: int
) -> Round:
    round_ = evaluation.create_round(
        actor=admin,
        title=title,
        owner_department=office,
        start=start,
        end=end,
        description="请对城管局各服务窗口、科室及工作人员的服务作出评价，并提出意见建议。",
        max_choices=2,
        weights=WEIGHTS,
        eligible_voters=eligible,
    )
    for kind, code in UNITS:
        department = Department.objects.filter(code=code).first()
        if department is not None:
            evaluation.add_target(round_id=round_.pk, actor=admin, kind=kind, department=department)
    window_staff = list(Staff.objects.filter(department__code__startswith="CGJ-CK", is_active=True)[:1])
    for member in window_staff:
        evaluation.add_target(
            round_id=round_.pk, actor=admin, kind=TargetKind.STAFF, department=None, staff=member
        )
    for text, kind, required in QUESTIONS:
        evaluation.add_question(round_id=round_.pk, actor=admin, text=text, kind=kind, required_=required)
    candidates = list(Staff.objects.filter(department__path__startswith=bureau.path, is_active=True)[:40])
    for member in rng.sample(candidates, min(4, len(candidates))):
        evaluation.add_nominee(round_id=round_.pk, actor=admin, staff=member, citation="群众推荐")
    return evaluation.open_round(round_id=round_.pk, actor=admin)


def _vote(round_, rng: random.Random, *, count: int, start, phone_base: int, opinions=None) -> None:
    targets = list(round_.targets.all())
    rating_ids = list(round_.questions.filter(kind=QuestionKind.RATING).values_list("pk", flat=True))
    aware_ids = list(round_.questions.filter(kind=QuestionKind.AWARE).values_list("pk", flat=True))
    texts = dict(opinions or {})
    for i in range(count):
        voter = evaluation.voter_hash_of(f"1{phone_base + i:010d}")
        target = targets[i % len(targets)]
        levels = [5, 5, 4, 4, 3] if target.pk % 3 else [5, 4, 4, 3, 2]  # some units fare worse
        answers = {q: rng.choice(levels) for q in rating_ids}
        answers |= {q: rng.choice([1, 1, 1, 1, 1, 0]) for q in aware_ids}  # most know of the campaign
        opinion = texts.pop(target.department.code, "") if target.kind != TargetKind.STAFF else ""
        evaluation.cast_ballot(
            actor=evaluation.PUBLIC,
            round_id=round_.pk,
            voter_hash=voter,
            target_id=target.pk,
            answers=answers,
            opinion=opinion,
            ip=f"10.{i % 200}.{i // 200}.9",
            now=start + timedelta(minutes=7 * i),
        )


def build_demo_evaluation(*, seed: int = 1) -> dict:
    rng = random.Random(f"{seed}:evaluation")
    # The civility office (文明办) runs the rounds; its officer acts, the bureau's units are evaluated.
    admin = get_user_model().objects.select_related("staff__department").get(username="civility_officer")
    office = admin.staff.department
    bureau = Department.objects.get(code=BUREAU_CODE)
    today = timezone.localdate()

    # Last year's round: voted, an opinion turned into a rectification case, closed, ranked and published.
    past = _setup(
        admin,
        office,
        bureau,
        title=f"{today.year - 1} 年度群众评议机关",
        start=date(today.year - 1, 11, 1),
        end=date(today.year - 1, 12, 31),
        rng=rng,
        eligible=ELIGIBLE["past"],
    )
    _vote(
        past,
        rng,
        count=60,
        start=timezone.make_aware(datetime(today.year - 1, 11, 3, 9, 0)),
        phone_base=3_900_000_000,
        opinions=OPINIONS,
    )
    voter = evaluation.voter_hash_of("13900009999")
    nominees = list(past.nominees.values_list("pk", flat=True))
    evaluation.vote_nominees(
        actor=evaluation.PUBLIC, round_id=past.pk, voter_hash=voter, nominee_ids=nominees[:2]
    )
    _rectify(past, admin)
    evaluation.close_round(round_id=past.pk, actor=admin)
    for target in past.targets.exclude(kind=TargetKind.STAFF):
        evaluation.enter_inspection(
            round_id=past.pk, actor=admin, target_id=target.pk, score=rng.randint(80, 98)
        )
    evaluation.publish_ranking(round_id=past.pk, actor=admin)

    # This year's round, open: a visitor can vote at once. A burst from one network is flagged for review.
    current = _setup(
        admin,
        office,
        bureau,
        title=f"{today.year} 年度群众评议机关",
        start=date(today.year, 1, 1),
        end=date(today.year, 12, 31),
        rng=rng,
        eligible=ELIGIBLE["current"],
    )
    # within this month, so the dashboard's measures (this month by default) count them
    month_start = timezone.make_aware(datetime.combine(today.replace(day=1), datetime.min.time()))
    voting_from = max(timezone.now() - timedelta(days=3), month_start + timedelta(minutes=1))
    _vote(current, rng, count=12, start=voting_from, phone_base=3_700_000_000)
    first = current.targets.first()
    rating_ids = list(current.questions.filter(kind=QuestionKind.RATING).values_list("pk", flat=True))
    aware_ids = list(current.questions.filter(kind=QuestionKind.AWARE).values_list("pk", flat=True))
    now = timezone.now()
    for i in range(6):
        evaluation.cast_ballot(
            actor=evaluation.PUBLIC,
            round_id=current.pk,
            voter_hash=evaluation.voter_hash_of(f"1{3_600_000_000 + i:010d}"),
            target_id=first.pk,
            answers={q: 1 for q in rating_ids} | {q: 0 for q in aware_ids},
            ip=f"198.51.100.{i + 1}",
            now=now - timedelta(seconds=50 - i),
        )
    return {"rounds": 2, "ballots": past.ballots.count() + current.ballots.count()}


def _rectify(round_, admin) -> None:
    """The first opinion: triaged and raised as a case, which the dispatcher dispatches to the unit."""
    opinion = round_.opinions.filter(target__isnull=False).order_by("pk").first()
    category = Category.objects.filter(parent__isnull=False, is_active=True, code="S0102").first() or (
        Category.objects.filter(parent__isnull=False, is_active=True).first()
    )
    responsible = (
        Staff.objects.filter(department=opinion.target.department, is_active=True).first()
        if opinion
        else None
    )
    if opinion is None or category is None or responsible is None:
        return
    evaluation.triage_opinion(opinion_id=opinion.pk, actor=admin, category=category)
    item = evaluation.raise_rectification(
        opinion_id=opinion.pk,
        actor=admin,
        measure="安排专人负责，限期整改并向群众反馈。",
        department=opinion.target.department,
        responsible=responsible,
        due=timezone.localdate() + timedelta(days=15),
    )
    dispatcher = get_user_model().objects.filter(username="dispatcher").first()
    if dispatcher is not None and item.case.state == "reported":
        cases.accept_and_dispatch(case_id=item.case_id, actor=dispatcher, department=item.department)


def delete_demo_evaluation() -> None:
    """Delete the evaluation rounds of demo departments first: their ranking notices, rectification items
    (which hold their cases and opinions) and the rounds with everything in them."""
    rounds = Round.objects.filter(owner_department__in=demo_department_queryset())
    ids = [str(pk) for pk in rounds.values_list("pk", flat=True)]
    notices = Notice.objects.filter(subject_type=evaluation.SUBJECT_TYPE, subject_id__in=ids)
    for attachment in NoticeAttachment.objects.filter(notice__in=notices):
        attachment.file.delete(save=False)  # the ranking PDF on disk
    notices.delete()
    Rectification.objects.filter(round__in=rounds).delete()
    Opinion.objects.filter(round__in=rounds).update(merged_into=None, split_from=None)
    rounds.delete()
