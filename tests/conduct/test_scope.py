"""Staff see only their own records; department leaders see their department (subtree); the discipline
office sees all — in the selectors and through the pages."""

import pytest
from django.utils import timezone

from chengguan.conduct import selectors, services

from .conftest import PASSWORD, rule, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def violations(org):
    made = {}
    for who in ("officer", "partner", "cleaner"):
        made[who] = services.record_violation(
            actor=user(org, "discipline"),
            staff=org[who],
            rule=rule("wu-buzhun", 2),
            occurred_on=timezone.localdate(),
            description=f"{who}的违规",
        )
    return made


def visible(org, who):
    return {v.staff.user.username for v in selectors.violations_for(user(org, who))}


def test_staff_see_only_their_own(org, violations):
    assert visible(org, "officer") == {"officer"}
    assert visible(org, "auxiliary") == set()


def test_a_department_leader_sees_their_subtree(org, violations):
    assert visible(org, "captain") == {"officer", "partner"}
    assert visible(org, "other_leader") == {"cleaner"}
    assert visible(org, "chief") == {"officer", "partner", "cleaner"}


def test_the_discipline_office_sees_all(org, violations):
    assert visible(org, "discipline") == {"officer", "partner", "cleaner"}


def test_the_pages_keep_the_scope(client, org, violations):
    client.login(username="officer", password=PASSWORD)
    assert client.get(f"/conduct/violations/{violations['officer'].pk}/").status_code == 200
    assert client.get(f"/conduct/violations/{violations['partner'].pk}/").status_code == 404
    listing = client.get("/conduct/violations/").content.decode()
    assert "partner姓名" not in listing and "张执法" in listing
    assert client.get("/conduct/scores/").status_code == 403
    assert client.get(f"/conduct/scores/staff/{org['partner'].pk}/").status_code == 404
    assert client.get("/conduct/scores/mine/").status_code == 200
    client.login(username="other_leader", password=PASSWORD)
    assert client.get(f"/conduct/violations/{violations['officer'].pk}/").status_code == 404
    table = client.get("/conduct/scores/").content.decode()
    assert "钱环卫" in table and "张执法" not in table
    client.login(username="captain", password=PASSWORD)
    table = client.get("/conduct/scores/").content.decode()
    assert "张执法" in table and "钱环卫" not in table
    assert client.get("/conduct/inspections/").status_code == 403


def test_enforcement_records_keep_the_scope(org):
    from .test_enforcement import record

    action = record(org)  # the officer's own action
    seen = {who: set(selectors.enforcement_for(user(org, who))) for who in org if hasattr(org[who], "user")}
    assert seen["officer"] == {action} and seen["partner"] == set()
    assert seen["captain"] == {action} and seen["chief"] == {action} and seen["discipline"] == {action}
    assert seen["other_leader"] == set() and seen["cleaner"] == set()


def test_score_history_is_ones_own_unless_in_scope(org):
    own = selectors.visible_staff(user(org, "officer"))
    assert list(own) == [org["officer"]]
    assert org["officer"] in selectors.visible_staff(user(org, "captain"))
    assert org["officer"] not in selectors.visible_staff(user(org, "other_leader"))
    assert selectors.visible_staff(user(org, "discipline")).count() == 9
