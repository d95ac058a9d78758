"""Who may do what in the 门前三包 register.

- Inspectors (监督员) check any active unit and see the whole register.
- A street's staff (handlers and civility officers of the unit's keeping department or a department
  above it) register, import and edit its units and record their agreements.
- Leaders read everything; administrators do everything.
- The month's red and black list is published by civility officers and administrators (or the job)."""

import rules

from chengguan.org.roles import RoleCode
from chengguan.org.rules import has_role, is_administrator, staff_of

MANAGE_ROLES = (RoleCode.HANDLER, RoleCode.CIVILITY_OFFICER)

is_inspector = has_role(RoleCode.INSPECTOR)
is_leader = has_role(RoleCode.LEADER)
is_keeper = has_role(*MANAGE_ROLES)
sees_everything = is_administrator | is_inspector | is_leader
may_open_register = sees_everything | is_keeper
may_register = is_administrator | is_keeper
may_check = is_administrator | is_inspector
may_publish_list = is_administrator | has_role(RoleCode.CIVILITY_OFFICER)


def own_department(user):
    staff = staff_of(user)
    return staff.department if staff is not None and staff.is_active else None


@rules.predicate
def keeps_department(user, department) -> bool:
    """A handler or civility officer of `department` or of a department above it."""
    own = own_department(user)
    return bool(
        own is not None
        and department is not None
        and is_keeper(user)
        and department.path.startswith(own.path)
    )


@rules.predicate
def keeps_unit(user, unit) -> bool:
    return unit is not None and keeps_department(user, unit.department)


may_manage_unit = is_administrator | keeps_unit
may_see_unit = sees_everything | keeps_unit
may_reveal_contact = is_administrator | keeps_unit | is_inspector

rules.add_perm("frontage.open_register", may_open_register)
rules.add_perm("frontage.manage_unit", may_manage_unit)
rules.add_perm("frontage.check", may_check)
rules.add_perm("frontage.publish_list", may_publish_list)
