"""Reads of the organisation, scoped to what the user may see."""

from django.db.models import QuerySet

from chengguan.core.actors import is_system
from chengguan.core.versioning import VersionedCache

from . import rules as org_rules
from .models import Department, Staff
from .signals import DEPARTMENTS_VERSION_KEY

_all_departments: VersionedCache[list[Department]] = VersionedCache(
    DEPARTMENTS_VERSION_KEY, lambda: list(Department.objects.all())
)


def active_departments() -> list[Department]:
    """The active departments in tree order (the model's ordering), from the per-process list kept until a
    department changes (a case page's timeline and dispatch form name all of them). Read, never change."""
    return [department for department in _all_departments.get() if department.is_active]


def staff_for(user) -> Staff | None:
    staff = org_rules.staff_of(user)
    return staff if staff is not None and staff.is_active else None


def actor_snapshot(user) -> dict:
    """Who acted, as timelines record it: the account, the name people know (the staff member's, else the
    username) and the department at that moment; a SystemActor as its job. Empty for an anonymous user."""
    if is_system(user):
        return {"actor": None, "actor_name": user.get_username(), "actor_department": None}
    if user is None or not user.is_authenticated:
        return {"actor": None, "actor_name": "", "actor_department": None}
    staff = org_rules.staff_of(user)
    return {
        "actor": user,
        "actor_name": staff.name if staff else user.get_username(),
        "actor_department": staff.department if staff else None,
    }


def visible_departments(user) -> QuerySet[Department]:
    """Everything for roles that span the bureau; otherwise the user's own department and below."""
    if org_rules.sees_all_departments(user):
        return Department.objects.all()
    staff = staff_for(user)
    if staff is None:
        return Department.objects.none()
    return Department.objects.subtree(staff.department)


def visible_department_list(user) -> list[Department]:
    """`visible_departments` as a list, from the process's copy of the departments for the roles that see
    them all (the filter bars of every work list show them)."""
    if org_rules.sees_all_departments(user):
        return _all_departments.get()
    return list(visible_departments(user))


def visible_staff(user) -> QuerySet[Staff]:
    return Staff.objects.filter(department__in=visible_departments(user)).select_related("department")


def staff_with_role(role: str, department: Department | None = None) -> QuerySet[Staff]:
    qs = Staff.objects.filter(is_active=True, roles__code=role)
    if department is not None:
        qs = qs.filter(department__path__startswith=department.path)
    return qs.select_related("department").distinct()
