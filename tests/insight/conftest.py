"""The world of the 舆情 tests: the case tests' grid, departments, categories and people, a handler of the
noise department (执法一大队, which the category table routes 商业噪声扰民 to), `noise` to report noise
complaints in 百牙社区 (or another cell) on any day, and `neighbour`: a second community of 百牙社区's
street, 杏花社区, with one cell."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from chengguan.cases import services as cases
from chengguan.cases.models import Case
from chengguan.cases.states import Channel
from chengguan.core.actors import SystemActor
from chengguan.grid.services import import_grid
from chengguan.org.roles import RoleCode as R
from tests.cases import conftest as case_world

grid, departments, categories = case_world.grid, case_world.departments, case_world.categories
people, sms_outbox, _staff = case_world.people, case_world.sms_outbox, case_world._staff
make_case, media = case_world.make_case, case_world.media
CELL_1, CELL_3, COMMUNITY, centre = (
    case_world.CELL_1,
    case_world.CELL_3,
    case_world.COMMUNITY,
    case_world.centre,
)

NEIGHBOUR, NEIGHBOUR_CELL = f"{case_world.STREET}002", f"{case_world.STREET}002001"
NEIGHBOUR_POSITION = (5, 0)  # (column, row) of its one cell, well east of the others
NOISE = "S0513"  # 商业噪声扰民 → 执法一大队 (CGJ-ZD1)
NOISE_DEPT = "CGJ-ZD1"
TEXTS = ("商户用高音喇叭招揽顾客，噪音很大", "音响声音太吵，影响休息", "店门口喇叭叫卖扰民")


@pytest.fixture
def noise_handler(people, departments):
    return _staff("noise_handler", departments[NOISE_DEPT], R.HANDLER)


@pytest.fixture
def neighbour(grid):
    square = case_world._square(*NEIGHBOUR_POSITION)
    import_grid(
        [
            case_world._feature(NEIGHBOUR, "杏花社区", square),
            case_world._feature(NEIGHBOUR_CELL, geometry=square),
        ],
        actor=SystemActor("test"),
    )
    return NEIGHBOUR


def _centre(cell: str) -> tuple[float, float]:
    if cell == NEIGHBOUR_CELL:
        col, row = NEIGHBOUR_POSITION
        return case_world.LNG0 + (col + 0.5) * case_world.DLNG, case_world.LAT0 + (
            row + 0.5
        ) * case_world.DLAT
    return centre(cell)


def at(day, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def noise(people, categories, media):
    """noise(n, day=…, cell=…): n noise reports in the cell (default in 百牙社区), dated `day` (default
    today) at hours from 8 on; returns their cases."""

    def report(n: int, *, day=None, cell: str = CELL_1, category: str = NOISE, offset_m: float = 0.0):
        day = day or timezone.localdate()
        lng, lat = _centre(cell)
        made = []
        for i in range(n):
            case = cases.report_case(
                description=TEXTS[i % len(TEXTS)],
                channel=Channel.HOTLINE,
                lng=lng + offset_m * i / 100_000,
                lat=lat,
                category=category,
                actor=people.intake,
            ).case
            Case.objects.filter(pk=case.pk).update(reported_at=at(day, 8 + i % 12))
            made.append(case)
        return made

    return report


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)
