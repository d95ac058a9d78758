import pytest

from chengguan.org import selectors
from chengguan.org.models import Department, DepartmentKind
from tests.factories import DepartmentFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    bureau = DepartmentFactory(code="CGJ", kind=DepartmentKind.BUREAU)
    brigade = DepartmentFactory(code="ZD1", parent=bureau, kind=DepartmentKind.BRIGADE)
    squad = DepartmentFactory(code="ZD1-1", parent=brigade, kind=DepartmentKind.SQUAD)
    other = DepartmentFactory(code="EXT", kind=DepartmentKind.EXTERNAL)
    return bureau, brigade, squad, other


def test_paths_follow_the_tree_and_moves(tree):
    bureau, brigade, squad, other = tree
    assert squad.path == "/CGJ/ZD1/ZD1-1/"
    assert set(Department.objects.subtree(brigade)) == {brigade, squad}
    brigade.parent = other
    brigade.save()
    squad.refresh_from_db()
    assert squad.path == "/EXT/ZD1/ZD1-1/"


def test_a_handler_sees_only_their_subtree(tree):
    bureau, brigade, squad, other = tree
    handler = StaffFactory(department=brigade, roles=["handler"])
    assert set(selectors.visible_departments(handler.user)) == {brigade, squad}


def test_a_dispatcher_sees_every_department(tree):
    dispatcher = StaffFactory(department=tree[0], roles=["dispatcher"])
    assert set(selectors.visible_departments(dispatcher.user)) == set(tree)


def test_a_user_without_staff_record_sees_nothing(tree):
    assert not selectors.visible_departments(UserFactory()).exists()


def test_an_inactive_staff_member_loses_cross_department_view(tree):
    dispatcher = StaffFactory(department=tree[2], roles=["dispatcher"], is_active=False)
    assert not selectors.visible_departments(dispatcher.user).exists()


def test_valid_certificate(tree):
    from datetime import date

    officer = StaffFactory(department=tree[2], roles=["enforcement_officer"])
    officer.certificates.create(
        number="341702-0001", valid_from=date(2024, 1, 1), valid_until=date(2026, 12, 31)
    )
    assert officer.valid_certificate(on=date(2026, 6, 1)).number == "341702-0001"
    assert officer.valid_certificate(on=date(2027, 1, 1)) is None


def test_staff_lists_follow_the_same_scope(tree):
    bureau, brigade, squad, other = tree
    handler = StaffFactory(department=brigade, roles=["handler"])
    in_squad = StaffFactory(department=squad)
    outside = StaffFactory(department=other)
    assert set(selectors.visible_staff(handler.user)) == {handler, in_squad}
    dispatcher = StaffFactory(department=bureau, roles=["dispatcher"])
    assert {handler, in_squad, outside, dispatcher} <= set(selectors.visible_staff(dispatcher.user))
