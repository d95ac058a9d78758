"""The world of the forum tests: the case tests' grid (two streets, a community in each), departments,
categories and people; a street office for each street with a handler (who organises its community's
forums), a civility officer, and a helper to carry a forum from scheduled to held."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from chengguan.forums import services
from chengguan.grid.models import Area
from chengguan.org.models import Department, DepartmentKind
from chengguan.org.roles import RoleCode as R
from tests.cases import conftest as case_world

grid, departments, categories = case_world.grid, case_world.departments, case_world.categories
people, media, make_case = case_world.people, case_world.media, case_world.make_case
_staff = case_world._staff
COMMUNITY, COMMUNITY_2 = case_world.COMMUNITY, case_world.COMMUNITY_2


@pytest.fixture
def offices(departments):
    return {
        code: Department.objects.create(
            code=f"JD-{code}", name=f"{name}办事处", short_name=name, kind=DepartmentKind.EXTERNAL
        )
        for code, name in ((case_world.STREET, "秋浦街道"), (case_world.STREET_2, "池阳街道"))
    }


@pytest.fixture
def civility(people, departments):
    return _staff("civility", departments["CGJ"], R.CIVILITY_OFFICER)


@pytest.fixture
def street_handler(people, offices):
    return _staff("street_handler", offices[case_world.STREET], R.HANDLER)


@pytest.fixture
def other_street(people, offices):
    return _staff("other_street", offices[case_world.STREET_2], R.HANDLER)


def community(code: str = COMMUNITY) -> Area:
    return Area.objects.get(code=code)


@pytest.fixture
def schedules(grid, civility, offices):
    """Both communities on a monthly schedule organised by their street office, from a year ago."""
    start = timezone.localdate().replace(day=1) - timedelta(days=365)
    return {
        code: services.set_schedule(
            actor=civility,
            community=community(code),
            department=offices[street],
            interval_months=1,
            starts_on=start,
        )
        for code, street in ((COMMUNITY, case_world.STREET), (COMMUNITY_2, case_world.STREET_2))
    }


def held_forum(schedule, actor, day: date, *, opinions=()):
    """A forum of `schedule` on `day`, with a cadre and a representative, held and minuted, and opinions."""
    forum = services.schedule_forum(actor=actor, schedule_id=schedule.pk, day=day, place="社区会议室")
    services.add_participant(actor=actor, forum_id=forum.pk, kind="cadre", name="李书记", note="社区书记")
    services.add_participant(actor=actor, forum_id=forum.pk, kind="resident", name="王秀英")
    forum = services.hold_forum(actor=actor, forum_id=forum.pk, minutes="听取居民意见并逐条答复。")
    for text in opinions:
        services.record_opinion(actor=actor, forum_id=forum.pk, text=text, raised_by="王秀英")
    return forum


def last_month_day(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today.replace(day=1) - timedelta(days=10)
