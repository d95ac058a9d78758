"""Community forums in a real browser (issue 22's Done-when): the street office schedules a forum, lists who
took part, holds and minutes it and records the opinions raised; one opinion becomes a case, which is
carried through the cases services to its closing, and the forum page shows the opinion answered with its
case closed; the civility office's late list shows the community that held no forum last month.

Elements are found by names, ids and data attributes, not by their (translated) text."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from chengguan.cases import services as cases
from chengguan.cases.models import Case
from chengguan.core.actors import SystemActor
from chengguan.forums import services as forums
from chengguan.forums.models import Forum, ForumOpinion
from chengguan.grid.models import Area
from chengguan.grid.services import import_grid
from chengguan.org.models import Department, DepartmentKind
from chengguan.org.roles import RoleCode as R
from tests.cases.conftest import image_bytes
from tests.factories import StaffFactory, UserFactory

from .test_cases_console import COMMUNITY, PASSWORD, _feature, _square, log_in
from .test_cases_console import world as world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

STREET, STREET_2, COMMUNITY_2 = "341702001", "341702002", "341702002001"


@pytest.fixture
def town(world):  # noqa: F811
    """The console's world with a second street (池阳街道, 长江社区), a street office for each street with
    a handler, a civility officer, and both communities on a monthly schedule since three months ago. 百牙社区
    held its forum last month; 长江社区 did not."""
    import_grid(
        {
            "type": "FeatureCollection",
            "features": [
                _feature(STREET_2, "池阳街道"),
                _feature(COMMUNITY_2, "长江社区"),
                _feature(f"{COMMUNITY_2}001", geometry=_square(6)),
            ],
        },
        actor=SystemActor("test"),
    )
    bureau = Department.objects.get(code="CGJ")
    offices = {
        street: Department.objects.create(code=f"JD-{street}", name=name, kind=DepartmentKind.EXTERNAL)
        for street, name in ((STREET, "秋浦街道办事处"), (STREET_2, "池阳街道办事处"))
    }

    def staff(username, department, *roles):
        user = UserFactory(username=username, password=PASSWORD)
        StaffFactory(user=user, name=f"{username}姓名", department=department, roles=list(roles))
        return user

    civility = staff("civility", bureau, R.CIVILITY_OFFICER)
    street = staff("street", offices[STREET], R.HANDLER)
    closer = staff("closer", Department.objects.get(code="CGJ-SZCG"), R.SHIFT_LEAD)
    today = timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=80)).replace(day=1)
    schedules = {
        code: forums.set_schedule(
            actor=civility, community=Area.objects.get(code=code), department=offices[s], starts_on=start
        )
        for code, s in ((COMMUNITY, STREET), (COMMUNITY_2, STREET_2))
    }
    last_month = today.replace(day=1) - timedelta(days=5)
    earlier = forums.schedule_forum(
        actor=street, schedule_id=schedules[COMMUNITY].pk, day=last_month, place="会议室"
    )
    forums.add_participant(actor=street, forum_id=earlier.pk, kind="cadre", name="李书记")
    forums.hold_forum(actor=street, forum_id=earlier.pk, minutes="上月座谈会纪要")
    return {**world, "civility": civility, "street": street, "closer": closer, "schedules": schedules}


def test_a_forum_is_held_an_opinion_becomes_a_case_closed_and_the_late_list_shows_the_community(page, town):
    site = town["url"]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    today = timezone.localdate()
    community = Area.objects.get(code=COMMUNITY)

    # 1. The street office schedules this month's forum of 百牙社区 from the console menu.
    log_in(page, site, town["street"])
    page.locator('#console-nav a[href="/forums/"]').click()
    expect(page.locator('[data-page="forums_overview"]')).to_be_visible()
    page.locator(f'[data-list="schedules"] [data-community="{community.name}"] a').click()
    form = page.locator('form[data-form="forum"]')
    form.locator("#id_date").fill(today.isoformat())
    form.locator("#id_place").fill("百牙社区党群服务中心")
    form.locator("#id_topic").fill("市容环境意见征求")
    form.locator("button[type=submit]").click()
    expect(page.locator('[data-page="forums_forum"][data-state="scheduled"]')).to_be_visible()
    forum = Forum.objects.get(date=today)

    # 2. Who took part: a cadre, a residents' representative and the street's officer.
    for kind, name in (("cadre", "李书记"), ("resident", "王秀英")):
        participant = page.locator('form[data-form="participant"]')
        participant.locator("#id_participant-kind").select_option(kind)
        participant.locator("#id_participant-name").fill(name)
        participant.locator("button[type=submit]").click()
        expect(page.locator(f'[data-list="participants"] [data-kind="{kind}"]')).to_be_visible()
    expect(page.locator('[data-list="participants"] li[data-participant]')).to_have_count(2)

    # 3. Held and minuted; then the opinions raised at it.
    hold = page.locator('form[data-form="hold"]')
    hold.locator("#id_minutes").fill("居民代表反映小区门口垃圾堆放、路灯不亮等问题，街道逐条记录并答复。")
    hold.locator("button[type=submit]").click()
    expect(page.locator('[data-page="forums_forum"][data-state="held"]')).to_be_visible()
    expect(page.locator("[data-minutes]")).to_contain_text("垃圾堆放")
    for text in ("小区门口垃圾堆放多日无人清运", "希望增加文明城管宣传"):
        opinion_form = page.locator('form[data-form="opinion"]')
        opinion_form.locator("#id_text").fill(text)
        opinion_form.locator("#id_raised_by").fill("王秀英")
        opinion_form.locator("button[type=submit]").click()
        expect(page.locator(f'[data-opinion] >> text="{text}"')).to_be_visible()
    garbage, publicity = ForumOpinion.objects.filter(forum=forum).order_by("pk")

    # 4. The first becomes a case; the second is answered directly.
    item = page.locator(f'[data-opinion="{garbage.pk}"]')
    item.locator("summary").first.click()
    refer = item.locator('form[data-form="refer"]')
    refer.locator(f"#id_refer-{garbage.pk}-category").fill("S0102 暴露垃圾")
    refer.locator("button[type=submit]").click()
    expect(
        page.locator(f'[data-opinion="{garbage.pk}"][data-state="referred"][data-answered="0"]')
    ).to_be_visible()
    case = Case.objects.get(origin_type="forums.opinion", origin_id=str(garbage.pk))
    expect(page.locator(f'[data-opinion="{garbage.pk}"] [data-case="{case.number}"]')).to_be_visible()
    other = page.locator(f'[data-opinion="{publicity.pk}"]')
    other.locator('details:has(form[data-form="answer"]) summary').click()
    other.locator(f"#id_answer-{publicity.pk}-answer").fill("下月在社区开展宣传活动。")
    other.locator('form[data-form="answer"] button[type=submit]').click()
    expect(page.locator(f'[data-opinion="{publicity.pk}"][data-answered="1"]')).to_be_visible()

    # 5. The case runs its lifecycle to closing (through the cases services) …
    department = Department.objects.get(code="CGJ-HWC")
    cases.accept_and_dispatch(case_id=case.pk, actor=town["dispatcher"], department=department)
    cases.start_handling(case_id=case.pk, actor=town["handler"])
    cases.report_handled(
        case_id=case.pk,
        actor=town["handler"],
        note="已清运",
        photos=[SimpleUploadedFile("after.jpg", image_bytes())],
    )
    cases.verify_case(case_id=case.pk, actor=town["inspector"], passed=True)
    cases.close_case(case_id=case.pk, actor=town["closer"])
    # … and the forum's page shows the opinion answered, its case closed.
    page.reload()
    answered = page.locator(f'[data-opinion="{garbage.pk}"][data-answered="1"]')
    expect(answered).to_be_visible()
    expect(answered.locator('[data-case] [data-state="closed"]')).to_be_visible()

    # 6. The year of 百牙社区: forums last month and this month, two opinions this month, both answered.
    page.goto(f"{site}/forums/year/?year={today.year}")
    row = page.locator(f'[data-list="year"] tr[data-community="{community.name}"]')
    expect(row.locator(f'[data-month="{today.month}"]')).to_have_attribute("data-held", "1")
    if (today.replace(day=1) - timedelta(days=5)).year == today.year:
        expect(row.locator("[data-held-total]")).to_have_text("2")
    expect(row.locator("[data-answered]")).to_have_text("2")

    # 7. The civility office's late list: 长江社区 held no forum last month; 百牙社区 did.
    log_in(page, site, town["civility"])
    page.goto(f"{site}/forums/")
    page.locator('[data-link="late"]').first.click()
    expect(page.locator('[data-page="forums_late"]')).to_be_visible()
    expect(
        page.locator('[data-list="schedules"] tr[data-community="长江社区"][data-late="1"]')
    ).to_be_visible()
    expect(page.locator(f'[data-list="schedules"] tr[data-community="{community.name}"]')).to_have_count(0)
    assert errors == []
