"""Who may manage notices: civility officers, leaders, discipline inspectors and administrators open the
staff pages; a notice is managed by its owner, administrators, and those roles in its owner department or
a department above it. Anyone, signed in or not, may object during the window."""

import rules

from chengguan.org.roles import RoleCode
from chengguan.org.rules import has_role, is_administrator, staff_of

MANAGE_ROLES = (RoleCode.CIVILITY_OFFICER, RoleCode.LEADER, RoleCode.DISCIPLINE)

may_open_manage = is_administrator | has_role(*MANAGE_ROLES)


@rules.predicate
def is_owner(user, notice) -> bool:
    return bool(notice is not None and user and user.is_authenticated and notice.owner_id == user.pk)


@rules.predicate
def above_owner_department(user, notice) -> bool:
    staff = staff_of(user)
    if staff is None or notice is None or not staff.is_active:
        return False
    return notice.owner_department.path.startswith(staff.department.path)


may_manage_notice = is_administrator | is_owner | (has_role(*MANAGE_ROLES) & above_owner_department)

rules.add_perm("notices.open_manage", may_open_manage)
rules.add_perm("notices.manage_notice", may_manage_notice)
