"""Departments, staff, roles, deactivation and API tokens: only through org.services, only by an
administrator (or the system), each with one audit entry written with the change."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from chengguan.accounts.services import issue_token
from chengguan.core.actors import SystemActor
from chengguan.core.models import AuditEntry
from chengguan.core.refusals import MissingActor
from chengguan.org import services
from chengguan.org.models import Department, DepartmentKind, Staff
from tests.factories import DepartmentFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def entries(action):
    return list(AuditEntry.objects.filter(action=action))


def test_create_department_and_staff_are_audited_with_the_actor(admin_user):
    bureau = services.create_department(
        actor=admin_user, code="CGJ", name="城管局", kind=DepartmentKind.BUREAU
    )
    staff = services.create_staff(
        actor=admin_user,
        name="张三",
        employee_no="E001",
        department=bureau,
        roles=["dispatcher"],
        username="zhangsan",
        password="a-long-password-1",
    )
    assert staff.user.check_password("a-long-password-1")
    assert staff.role_codes() == {"dispatcher"}
    [created] = entries(services.AuditAction.DEPARTMENT_CREATED)
    assert created.actor_username == "root" and created.data["code"] == "CGJ"
    [made] = entries(services.AuditAction.STAFF_CREATED)
    assert made.data == {
        "employee_no": "E001",
        "department": "CGJ",
        "username": "zhangsan",
        "roles": ["dispatcher"],
    }
    assert not entries(services.AuditAction.ROLES_CHANGED)  # one entry for the creation, not two


def test_a_non_administrator_is_refused_and_nothing_is_written():
    handler = StaffFactory(roles=["handler"])
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.create_department(actor=handler.user, code="X", name="X")
    with pytest.raises(PermissionDenied):
        services.set_staff_roles(actor=handler.user, staff=handler, roles=["administrator"])
    assert not Department.objects.filter(code="X").exists()
    assert handler.role_codes() == {"handler"}
    assert AuditEntry.objects.count() == before


def test_every_service_refuses_a_missing_actor():
    from tests.missing_actor import assert_services_require_actor

    assert_services_require_actor(services)


def test_role_changes_write_one_entry_naming_what_changed(admin_user):
    staff = StaffFactory(roles=["handler"])
    services.set_staff_roles(actor=admin_user, staff=staff, roles=["handler", "dispatcher"])
    services.set_staff_roles(actor=admin_user, staff=staff, roles=["dispatcher"])
    services.set_staff_roles(actor=admin_user, staff=staff, roles=["dispatcher"])  # no change, no entry
    changes = [
        e.data
        for e in AuditEntry.objects.filter(
            action=services.AuditAction.ROLES_CHANGED, target_id=str(staff.pk)
        ).order_by("id")
    ]
    assert changes[-2:] == [
        {"added": ["dispatcher"], "removed": [], "roles": ["dispatcher", "handler"]},
        {"added": [], "removed": ["handler"], "roles": ["dispatcher"]},
    ]
    assert Staff.objects.get(pk=staff.pk).role_codes() == {"dispatcher"}


def test_deactivation_stops_the_log_in_and_the_token(admin_user):
    staff = StaffFactory(roles=["handler"])
    token, _key = issue_token(actor=admin_user, user=staff.user, name="phone")
    services.deactivate_staff(actor=admin_user, staff=staff)
    staff.refresh_from_db()
    staff.user.refresh_from_db()
    token.refresh_from_db()
    assert not staff.is_active and not staff.user.is_active
    assert token.revoked_at is not None
    [entry] = entries(services.AuditAction.STAFF_DEACTIVATED)
    assert entry.actor_username == "root"


def test_the_system_may_act_but_must_say_so():
    department = services.create_department(actor=SystemActor("load_categories"), code="S", name="S")
    assert AuditEntry.objects.get(target_id=str(department.pk)).actor_username == "system:load_categories"
    with pytest.raises(MissingActor):
        services.create_department(actor=None, code="T", name="T")


def test_admin_changes_go_through_the_services(client, admin_user):
    department = DepartmentFactory(code="D1")
    client.force_login(admin_user)
    data = {
        "name": "李四",
        "employee_no": "E9",
        "department": department.pk,
        "roles": ["handler"],
        "title": "",
        "phone": "",
        "is_active": "on",
        "certificates-TOTAL_FORMS": "0",
        "certificates-INITIAL_FORMS": "0",
    }
    assert client.post(reverse("admin:org_staff_add"), data).status_code == 302
    staff = Staff.objects.get(employee_no="E9")
    assert staff.role_codes() == {"handler"}
    assert AuditEntry.objects.get(action=services.AuditAction.STAFF_CREATED).actor_username == "root"
    data.update(roles=["dispatcher"], is_active="")
    data.pop("is_active")
    assert client.post(reverse("admin:org_staff_change", args=[staff.pk]), data).status_code == 302
    staff = Staff.objects.get(pk=staff.pk)
    assert staff.role_codes() == {"dispatcher"} and not staff.is_active
    [roles] = entries(services.AuditAction.ROLES_CHANGED)
    assert roles.data == {"added": ["dispatcher"], "removed": ["handler"], "roles": ["dispatcher"]}
    assert entries(services.AuditAction.STAFF_DEACTIVATED)
