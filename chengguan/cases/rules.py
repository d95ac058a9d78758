"""Who may see which cases, and who may see a reporter's personal data."""

import rules

from chengguan.core.actors import is_system
from chengguan.org.roles import RoleCode
from chengguan.org.rules import has_role, is_administrator, sees_all_departments, staff_of

# The command centre, inspectors (监督员 patrol the whole city) and leadership see every case.
sees_all_cases = sees_all_departments | has_role(RoleCode.INSPECTOR)
may_reveal_reporter = has_role(RoleCode.INTAKE_OPERATOR, RoleCode.DISPATCHER)


@rules.predicate
def case_in_own_department(user, case) -> bool:
    staff = staff_of(user)
    return bool(
        case is not None
        and staff
        and staff.is_active
        and case.department_id
        and case.department.path.startswith(staff.department.path)
    )


@rules.predicate
def entered_the_case(user, case) -> bool:
    return bool(case is not None and user and user.is_authenticated and case.created_by_id == user.pk)


can_view_case = sees_all_cases | case_in_own_department | entered_the_case


def can_reveal_reporter(user, case) -> bool:
    return bool(may_reveal_reporter(user) and can_view_case(user, case))


rules.add_perm("cases.view_case", can_view_case)
rules.add_perm("cases.reveal_reporter", may_reveal_reporter)


@rules.predicate
def is_active_staff(user) -> bool:
    staff = staff_of(user)
    return bool(staff and staff.is_active)


# Exports hold only what the user may see anyway (the caller scopes them) and are always masked and audited.
rules.add_perm("cases.export_cases", is_active_staff | is_administrator)


def manages_auto_dispatch(actor) -> bool:
    """Who turns auto-dispatch on or off for a category and sets its threshold: an administrator, a shift
    lead, or a job (the demo builder, an import)."""
    return bool(is_system(actor) or _configures(actor))


_configures = is_administrator | has_role(RoleCode.SHIFT_LEAD)
