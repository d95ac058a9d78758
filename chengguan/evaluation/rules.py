"""Who may do what with evaluation rounds. Civility officers and leaders run rounds of their department and
the departments below it; discipline inspectors and leaders may also read every round's results and review
ballots; administrators may do everything. Anyone may vote, after verifying a phone number."""

import rules

from chengguan.org.roles import RoleCode
from chengguan.org.rules import has_role, is_administrator, staff_of

MANAGE_ROLES = (RoleCode.CIVILITY_OFFICER, RoleCode.LEADER)
READ_ROLES = (*MANAGE_ROLES, RoleCode.DISCIPLINE)

may_open_console = is_administrator | has_role(*READ_ROLES)


@rules.predicate
def above_owner_department(user, round_) -> bool:
    staff = staff_of(user)
    if staff is None or round_ is None or not staff.is_active:
        return False
    return round_.owner_department.path.startswith(staff.department.path)


may_manage_round = is_administrator | (has_role(*MANAGE_ROLES) & above_owner_department)
may_view_round = may_manage_round | has_role(RoleCode.DISCIPLINE, RoleCode.LEADER)

rules.add_perm("evaluation.open_console", may_open_console)
rules.add_perm("evaluation.manage_round", may_manage_round)
rules.add_perm("evaluation.view_round", may_view_round)
