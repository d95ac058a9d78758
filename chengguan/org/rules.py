"""Permission predicates for the organisation. Roles come from the user's Staff record; superusers and
staff with the administrator role may do everything."""

import rules

from .roles import RoleCode


def staff_of(user):
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.staff
    except AttributeError:
        return None


def has_role(*codes: str):
    """A predicate that holds for a user whose staff record has any of the given roles."""

    @rules.predicate(name=f"has_role({','.join(codes)})")
    def predicate(user) -> bool:
        staff = staff_of(user)
        return staff is not None and staff.is_active and staff.has_role(*codes)

    return predicate


@rules.predicate
def is_superuser(user) -> bool:
    return bool(user and user.is_authenticated and user.is_superuser)


is_administrator = is_superuser | has_role(RoleCode.ADMINISTRATOR)

# Roles whose work spans every department (the command centre, discipline office and leadership).
sees_all_departments = is_administrator | has_role(
    RoleCode.DISPATCHER,
    RoleCode.SHIFT_LEAD,
    RoleCode.INTAKE_OPERATOR,
    RoleCode.LEADER,
    RoleCode.DISCIPLINE,
)


@rules.predicate
def in_department_subtree(user, department) -> bool:
    staff = staff_of(user)
    return bool(staff and department and department.path.startswith(staff.department.path))


rules.add_perm("org.view_department", sees_all_departments | in_department_subtree)
rules.add_perm("org.manage_roles", is_administrator)
