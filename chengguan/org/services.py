"""Writes of the organisation: departments, staff and their log-ins, roles, deactivation and API tokens.

Each is a security event: the actor is required (a user, or `SystemActor("<command>")` for a management
command), must be an administrator (or the system), and one audit entry is written in the same transaction
as the change. The admin and the management commands call these; nothing else writes these tables."""

import contextlib
from collections.abc import Iterable
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chengguan.core import audit
from chengguan.core.actors import is_system
from chengguan.core.refusals import Refused, require, require_actor, required

from .models import Department, DepartmentKind, Role, Staff
from .rules import is_administrator

__all__ = [
    "create_department",
    "create_staff",
    "deactivate_department",
    "deactivate_staff",
    "set_staff_roles",
]


class OrgRefusal:
    """Stable codes of the organisation's refusals."""

    DUPLICATE_CODE = "duplicate_code"
    DUPLICATE_EMPLOYEE_NO = "duplicate_employee_no"
    DUPLICATE_USERNAME = "duplicate_username"
    INACTIVE_ACCOUNT = "inactive_account"
    UNKNOWN_ROLE = "unknown_role"


class OrgRefused(Refused):
    code = "org_refused"


class AuditAction:
    DEPARTMENT_CREATED = "org.department_created"
    DEPARTMENT_DEACTIVATED = "org.department_deactivated"
    STAFF_CREATED = "org.staff_created"
    STAFF_DEACTIVATED = "org.staff_deactivated"
    ROLES_CHANGED = audit.Action.ROLES_CHANGED


# Set while a service writes, so the signals that audit changes made elsewhere (admin forms, the shell) do
# not record the same change a second time.
_in_service: ContextVar[bool] = ContextVar("org_in_service", default=False)


def in_service() -> bool:
    return _in_service.get()


@contextlib.contextmanager
def _service_write():
    token = _in_service.set(True)
    try:
        with transaction.atomic():
            yield
    finally:
        _in_service.reset(token)


def _require_administrator(actor) -> None:
    require_actor(actor)
    require(
        is_system(actor) or bool(is_administrator(actor)),
        _("Only an administrator may change departments, staff, roles or API tokens."),
    )


def _roles(codes: Iterable[str]) -> list[Role]:
    codes = sorted({str(code) for code in codes})
    found = list(Role.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {role.code for role in found})
    if unknown:
        raise OrgRefused(
            _("There is no role %(codes)s.") % {"codes": ", ".join(unknown)}, code=OrgRefusal.UNKNOWN_ROLE
        )
    return found


def create_department(
    *,
    actor,
    code: str,
    name: str,
    kind: str = DepartmentKind.SECTION,
    parent: Department | None = None,
    short_name: str = "",
    phone: str = "",
    sort_order: int = 0,
) -> Department:
    _require_administrator(actor)
    values = required(code=code, name=name, kind=kind)
    if values["kind"] not in DepartmentKind.values:
        raise ValidationError({"kind": [_("Choose a kind from the list.")]})
    with _service_write():
        if Department.objects.filter(code=values["code"]).exists():
            raise OrgRefused(
                _("A department with the code %(code)s exists already.") % {"code": values["code"]},
                code=OrgRefusal.DUPLICATE_CODE,
            )
        department = Department.objects.create(
            code=values["code"],
            name=values["name"],
            kind=values["kind"],
            parent=parent,
            short_name=(short_name or "").strip(),
            phone=(phone or "").strip(),
            sort_order=sort_order,
        )
        audit.record(
            AuditAction.DEPARTMENT_CREATED,
            actor=actor,
            target=department,
            data={"code": department.code, "name": department.name, "parent": parent.code if parent else ""},
        )
    return department


def deactivate_department(*, actor, department: Department) -> Department:
    _require_administrator(actor)
    with _service_write():
        department = Department.objects.select_for_update(of=("self",)).get(pk=department.pk)
        if department.is_active:
            department.is_active = False
            department.save(update_fields=["is_active", "updated_at"])
            audit.record(
                AuditAction.DEPARTMENT_DEACTIVATED,
                actor=actor,
                target=department,
                data={"code": department.code},
            )
    return department


def create_staff(
    *,
    actor,
    name: str,
    employee_no: str,
    department: Department,
    roles: Iterable[str] = (),
    title: str = "",
    phone: str = "",
    username: str = "",
    password: str | None = None,
    user=None,
) -> Staff:
    """A staff member, with a new log-in named `username` (password given, else unusable until set) or
    linked to the existing account `user`; roles by code."""
    _require_administrator(actor)
    values = required(name=name, employee_no=employee_no, department=department)
    role_rows = _roles(roles)
    User = get_user_model()
    username = (username or "").strip()
    with _service_write():
        if Staff.objects.filter(employee_no=values["employee_no"]).exists():
            raise OrgRefused(
                _("A staff member with the employee number %(no)s exists already.") % {"no": employee_no},
                code=OrgRefusal.DUPLICATE_EMPLOYEE_NO,
            )
        if user is None and username:
            if User._default_manager.filter(**{User.USERNAME_FIELD: username}).exists():
                raise OrgRefused(
                    _("The log-in name %(name)s is taken.") % {"name": username},
                    code=OrgRefusal.DUPLICATE_USERNAME,
                )
            user = User._default_manager.create_user(username=username, password=password)
            if password is None:
                user.set_unusable_password()
                user.save(update_fields=["password"])
        staff = Staff.objects.create(
            user=user,
            name=values["name"],
            employee_no=values["employee_no"],
            department=values["department"],
            title=(title or "").strip(),
            phone=(phone or "").strip(),
        )
        if role_rows:
            staff.roles.set(role_rows)
        audit.record(
            AuditAction.STAFF_CREATED,
            actor=actor,
            target=staff,
            data={
                "employee_no": staff.employee_no,
                "department": staff.department.code,
                "username": user.get_username() if user is not None else "",
                "roles": sorted(role.code for role in role_rows),
            },
        )
    return staff


def set_staff_roles(*, actor, staff: Staff, roles: Iterable[str]) -> Staff:
    """Give the staff member exactly these roles (by code); one audit entry naming what was added and
    removed (none when nothing changed)."""
    _require_administrator(actor)
    role_rows = _roles(roles)
    with _service_write():
        staff = Staff.objects.select_for_update(of=("self",)).get(pk=staff.pk)
        before = set(staff.roles.values_list("code", flat=True))
        after = {role.code for role in role_rows}
        if before != after:
            staff.roles.set(role_rows)
            staff.__dict__.pop("_role_codes", None)
            audit.record(
                AuditAction.ROLES_CHANGED,
                actor=actor,
                target=staff,
                data={
                    "added": sorted(after - before),
                    "removed": sorted(before - after),
                    "roles": sorted(after),
                },
            )
    return staff


def deactivate_staff(*, actor, staff: Staff) -> Staff:
    """The staff member leaves: the record and its log-in are deactivated (accounts' receivers end its
    sessions and API tokens at once)."""
    _require_administrator(actor)
    with _service_write():
        staff = Staff.objects.select_for_update(of=("self",)).select_related("user").get(pk=staff.pk)
        changed = {}
        if staff.is_active:
            staff.is_active = False
            staff.save(update_fields=["is_active", "updated_at"])
            changed["staff"] = True
        user = staff.user
        if user is not None and user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
            changed["account"] = user.get_username()
        if changed:
            audit.record(AuditAction.STAFF_DEACTIVATED, actor=actor, target=staff, data=changed)
    return staff
