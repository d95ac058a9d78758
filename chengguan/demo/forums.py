"""Demo data for the community forums, built through the forums services: every community of the district on
a monthly schedule organised by its street office; forums held and minuted in the last three months with
cadres, residents' representatives and a bureau officer, and the opinions raised at them (most answered,
one made a case that the dispatcher has dispatched); a few communities held none last month, so the late
list shows them; and a forum scheduled next week in the first street."""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from chengguan.cases import services as cases
from chengguan.forums import services as forums
from chengguan.forums.models import Forum, ForumEvent, ForumOpinion, ForumSchedule, Participant
from chengguan.grid.models import Area, AreaLevel, Cell
from chengguan.org.models import Department, Staff
from chengguan.taxonomy import selectors as taxonomy

from .layout import DISTRICT_CODE
from .names import NameBook
from .org import street_office_code

CASE_CATEGORY = "S0102"  # 暴露垃圾: the opinion about garbage becomes a case
LATE_EVERY = 6  # every sixth community held no forum last month
PLACES = ("社区党群服务中心会议室", "社区居委会二楼会议室", "社区新时代文明实践站", "小区物业活动室")
TOPICS = ("市容环境整治意见征求", "占道经营与便民摊点设置", "文明城管创建工作通报", "背街小巷环境卫生")
OPINIONS = (
    "小区门口早晚有流动摊贩占道经营，影响通行。",
    "背街小巷垃圾清运不及时，夏天气味很大。",
    "希望城管执法时多做解释，态度再和气一些。",
    "部分路灯晚上不亮，老人出行不安全。",
    "建筑工地夜间施工噪音扰民。",
    "共享单车乱停乱放，堵住了盲道。",
)
GARBAGE_OPINION = OPINIONS[1]
ANSWERS = (
    "已安排中队在早晚高峰加强巡查，并在社区东侧设置便民疏导点。",
    "已与环卫处沟通，清运频次由每日一次增加到两次。",
    "已在全局作风教育中通报，执法人员须先告知、后处理。",
)
MINUTES = (
    "会议由社区书记主持。街道城管科通报了上月市容环境整治情况，居民代表就周边环境问题提出意见建议，"
    "街道和城管局参会人员逐条作了说明，能当场答复的当场答复，需要处理的形成问题清单限期办理。"
)


def _months_back(today: date, months: int) -> date:
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def build_demo_forums(*, seed: int = 1) -> dict:
    rng = random.Random(f"{seed}:forums")
    users = get_user_model().objects.select_related("staff")
    officer = users.get(username="civility_officer")
    dispatcher = users.filter(username="dispatcher").first()
    street_user = users.filter(username="handler-street").first()
    bureau_staff = list(Staff.objects.filter(department__code__startswith="CGJ", is_active=True)[:20])
    names = NameBook(rng)
    today = timezone.localdate()
    communities = list(
        Area.objects.filter(level=AreaLevel.COMMUNITY, code__startswith=DISTRICT_CODE)
        .select_related("parent")
        .order_by("code")
    )
    offices = {d.code: d for d in Department.objects.filter(code__startswith="JD-")}
    counts = {"schedules": 0, "forums": 0, "opinions": 0, "late": 0}
    referred = False
    for index, community in enumerate(communities):
        office = offices.get(street_office_code(community.parent.code)) if community.parent_id else None
        if office is None:
            continue
        schedule = forums.set_schedule(
            actor=officer,
            community=community,
            department=office,
            interval_months=1,
            starts_on=_months_back(today, 6),
        )
        counts["schedules"] += 1
        # The street office's own log-in minutes its communities' forums; the civility office the others.
        actor = street_user if street_user and street_user.staff.department_id == office.pk else officer
        late = index % LATE_EVERY == LATE_EVERY - 1
        counts["late"] += late
        for back in (3, 2, 1):
            if back == 1 and late:
                continue
            first = _months_back(today, back)
            day = first + timedelta(days=rng.randint(8, 24))
            forum = _held(schedule, actor, day, rng, names, bureau_staff)
            counts["forums"] += 1
            lead = GARBAGE_OPINION if not referred and back == 1 else None
            for n, opinion in enumerate(_opinions(forum, actor, rng, lead=lead)):
                counts["opinions"] += 1
                if not referred and back == 1 and n == 0:
                    _refer(opinion, actor, dispatcher, community)
                    referred = True
                elif back > 1 or rng.random() < 0.5:
                    forums.answer_opinion(actor=actor, opinion_id=opinion.pk, answer=rng.choice(ANSWERS))
        if index < 3:  # the next forums, coming up
            forums.schedule_forum(
                actor=actor,
                schedule_id=schedule.pk,
                day=today + timedelta(days=3 + index),
                place=rng.choice(PLACES),
                topic=rng.choice(TOPICS),
            )
    return counts


def _held(schedule, actor, day, rng, names: NameBook, bureau_staff) -> Forum:
    forum = forums.schedule_forum(
        actor=actor, schedule_id=schedule.pk, day=day, place=rng.choice(PLACES), topic=rng.choice(TOPICS)
    )
    forums.add_participant(
        actor=actor, forum_id=forum.pk, kind="cadre", name=names.take(), note="社区党委书记"
    )
    forums.add_participant(
        actor=actor, forum_id=forum.pk, kind="cadre", name=names.take(), note="社区居委会主任"
    )
    for _ in range(rng.randint(2, 3)):
        forums.add_participant(actor=actor, forum_id=forum.pk, kind="resident", name=names.take())
    if bureau_staff:
        forums.add_participant(actor=actor, forum_id=forum.pk, kind="staff", staff=rng.choice(bureau_staff))
    return forums.hold_forum(actor=actor, forum_id=forum.pk, minutes=MINUTES)


def _opinions(forum, actor, rng, *, lead: str | None = None) -> list[ForumOpinion]:
    residents = list(forum.participants.filter(kind="resident").values_list("name", flat=True))
    texts = rng.sample([t for t in OPINIONS if t != lead], rng.randint(1, 2))
    return [
        forums.record_opinion(actor=actor, forum_id=forum.pk, text=text, raised_by=rng.choice(residents))
        for text in ([lead] if lead else []) + texts
    ]


def _refer(opinion, actor, dispatcher, community) -> None:
    """The opinion becomes a case at a cell of the community, which the dispatcher sends on its way."""
    cell = Cell.objects.filter(community=community, is_active=True).order_by("code").first()
    point = {"lng": cell.center_lng, "lat": cell.center_lat} if cell else {}
    category = taxonomy.category_by_code(CASE_CATEGORY)
    opinion = forums.refer_opinion(
        actor=actor,
        opinion_id=opinion.pk,
        category=category if category and category.is_active else None,
        address=f"{community.name}周边",
        **point,
    )
    department = taxonomy.responsible_department(category, community) if category else None
    if dispatcher is None or department is None:
        return
    cases.accept_and_dispatch(case_id=opinion.case_id, actor=dispatcher, department=department)


def delete_demo_forums() -> None:
    """Everything the demo built for the district's communities (before their cases and areas go)."""
    schedules = ForumSchedule.objects.filter(community__code__startswith=DISTRICT_CODE)
    ForumEvent.objects.filter(schedule__in=schedules).delete()
    ForumOpinion.objects.filter(forum__schedule__in=schedules).delete()
    Participant.objects.filter(forum__schedule__in=schedules).delete()
    Forum.objects.filter(schedule__in=schedules).delete()
    schedules.delete()
