"""Reads of the organisation, scoped to what the user may see."""

from django.db.models import QuerySet

from chengguan.core.actors import is_system

from . import rules as org_rules
from .models import Department, Staff


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


def visible_staff(user) -> QuerySet[Staff]:
    return Staff.objects.filter(department__in=visible_departments(user)).select_related("department")


def staff_with_role(role: str, department: Department | None = None) -> QuerySet[Staff]:
    qs = Staff.objects.filter(is_active=True, roles__code=role)
    if department is not None:
        qs = qs.filter(department__path__startswith=department.path)
    return qs.select_related("department").distinct()
