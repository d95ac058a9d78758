"""Who may do what in the conduct app.

Scope: the discipline office (role `discipline`) and administrators see every record; a leader sees the
staff of their own department and everything under it; anyone else sees only their own records.
Inspections and violations are recorded by the discipline office; sanctions are decided by a leader over
the person's department; stars are nominated by a section's or brigade's leader and decided by a leader
of the bureau (a top-level department)."""

import rules

from chengguan.org.roles import RoleCode
from chengguan.org.rules import has_role, is_administrator, staff_of

is_discipline = is_administrator | has_role(RoleCode.DISCIPLINE)
is_leader = has_role(RoleCode.LEADER)
may_open_console = is_discipline | is_leader | has_role(RoleCode.ENFORCEMENT_OFFICER)


def _own_staff(user):
    staff = staff_of(user)
    return staff if staff is not None and staff.is_active else None


@rules.predicate
def leads_department_of(user, staff) -> bool:
    """A leader whose department is the person's department or above it."""
    own = _own_staff(user)
    return bool(
        own is not None
        and staff is not None
        and own.has_role(RoleCode.LEADER)
        and staff.department.path.startswith(own.department.path)
    )


@rules.predicate
def is_self(user, staff) -> bool:
    own = _own_staff(user)
    return bool(own is not None and staff is not None and own.pk == staff.pk)


@rules.predicate
def leads_bureau(user) -> bool:
    own = _own_staff(user)
    return bool(own is not None and own.has_role(RoleCode.LEADER) and own.department.parent_id is None)


may_see_staff_records = is_discipline | leads_department_of | is_self
may_decide_sanction = is_administrator | leads_department_of
may_nominate = is_administrator | leads_department_of
may_decide_star = is_administrator | leads_bureau
may_record_enforcement = is_discipline | has_role(RoleCode.ENFORCEMENT_OFFICER, RoleCode.LEADER)

rules.add_perm("conduct.see_staff_records", may_see_staff_records)
rules.add_perm("conduct.decide_sanction", may_decide_sanction)
rules.add_perm("conduct.inspect", is_discipline)
rules.add_perm("conduct.decide_star", may_decide_star)
