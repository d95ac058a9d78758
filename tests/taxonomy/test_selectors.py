from decimal import Decimal

import pytest

from chengguan.taxonomy import selectors
from chengguan.taxonomy.models import Category, CategoryKind, Responsibility, TimeLimit, Urgency

pytestmark = pytest.mark.django_db


@pytest.fixture
def stalls(default_table, areas, departments):
    """店外经营 is the street office's in one street (属地管理), the brigade's everywhere else."""
    category = default_table["S0504"]
    Responsibility.objects.create(category=category, area=areas["street"], department=departments["CGJ-SZCG"])
    return category


def test_a_street_entry_beats_the_default_for_a_community_inside_it(stalls, areas, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.responsible_department(stalls, areas["community"]).code == "CGJ-SZCG"
    assert selectors.responsible_department(stalls, areas["street"]).code == "CGJ-SZCG"


def test_the_default_applies_elsewhere(stalls, areas):
    assert selectors.responsible_department(stalls, areas["other_community"]).code == "CGJ-ZD1"
    assert selectors.responsible_department(stalls, areas["district"]).code == "CGJ-ZD1"
    assert selectors.responsible_department(stalls, None).code == "CGJ-ZD1"


def test_the_nearest_area_wins(stalls, areas, departments):
    market = departments["EXT-MARKET"]
    Responsibility.objects.create(category=stalls, area=areas["district"], department=market)
    assert selectors.responsible_department(stalls, areas["other_community"]).code == "EXT-MARKET"
    Responsibility.objects.create(category=stalls, area=areas["community"], department=departments["CGJ-HWC"])
    assert selectors.responsible_department(stalls, areas["community"]).code == "CGJ-HWC"
    assert selectors.responsible_department(stalls, areas["street"]).code == "CGJ-SZCG"


def test_a_subclass_without_entries_falls_back_to_its_major_class(stalls, areas, departments):
    Responsibility.objects.filter(category=stalls).delete()
    assert selectors.responsible_department(stalls, areas["community"]).code == "CGJ-ZD1"  # S05's default
    police = departments["EXT-PSB"]
    Responsibility.objects.create(category=stalls.parent, area=areas["street"], department=police)
    assert selectors.responsible_department(stalls, areas["community"]).code == "EXT-PSB"
    Responsibility.objects.filter(category__code="S05").delete()
    assert selectors.responsible_department(stalls, areas["community"]) is None


def test_time_limit_falls_back_to_normal_then_to_the_major_class(default_table, django_assert_num_queries):
    garbage = default_table["S0102"]
    with django_assert_num_queries(1):
        assert selectors.time_limit(garbage, Urgency.URGENT) == (Decimal(2), "hours")
    assert selectors.time_limit(garbage, Urgency.NORMAL) == (Decimal(4), "hours")
    TimeLimit.objects.filter(category=garbage, urgency=Urgency.CRITICAL).delete()
    assert selectors.time_limit(garbage, Urgency.CRITICAL) == (Decimal(4), "hours")  # the normal one
    TimeLimit.objects.filter(category=garbage).delete()
    assert selectors.time_limit(garbage, Urgency.CRITICAL) == (Decimal(1), "days")  # S01's normal limit
    TimeLimit.objects.create(category=garbage.parent, urgency=Urgency.CRITICAL, amount=2, unit="hours")
    assert selectors.time_limit(garbage, Urgency.CRITICAL).amount == 2
    TimeLimit.objects.filter(category=garbage.parent).delete()
    assert selectors.time_limit(garbage, Urgency.CRITICAL) is None
    assert selectors.time_limit(default_table["S01"], Urgency.URGENT) is None


def test_citizens_see_public_active_subclasses_grouped_by_major(default_table, django_assert_num_queries):
    Category.objects.filter(code="S0101").update(is_active=False)
    Category.objects.filter(code="S02").update(is_active=False)
    with django_assert_num_queries(1):
        groups = selectors.public_categories()
        names = {g.major.code: [m.code for m in g.minors] for g in groups}
    assert [g.major.code for g in groups][:1] == ["B01"] and "S02" not in names
    assert "S0101" not in names["S01"] and "S0102" in names["S01"]
    assert "B0601" not in names["B06"]  # internal only
    assert all(m.is_public for g in groups for m in g.minors)
    events = selectors.public_categories(CategoryKind.EVENT)
    assert {g.major.kind for g in events} == {CategoryKind.EVENT}


def test_many_pairs_at_once_give_what_one_at_a_time_gives(
    stalls, areas, departments, django_assert_num_queries
):
    Responsibility.objects.create(
        category=stalls, area=areas["district"], department=departments["EXT-MARKET"]
    )
    garbage = Category.objects.get(code="S0102")
    pairs = [(stalls, areas[name]) for name in ("community", "street", "other_community", "district")]
    pairs += [(stalls, None), (garbage, areas["community"]), (None, areas["community"])]
    with django_assert_num_queries(2):
        found = selectors.responsible_departments(pairs)
    assert found == [selectors.responsible_department(*pair) if pair[0] else None for pair in pairs]
    assert [d.code if d else None for d in found[:3]] == ["CGJ-SZCG", "CGJ-SZCG", "EXT-MARKET"]
