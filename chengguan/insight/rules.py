"""Who may do what in 舆情: leaders, dispatchers, shift leads and administrators open the hot-spot board
and the alerts; the responsible department's staff open (and acknowledge) an alert about their work;
intake operators, dispatchers, shift leads, leaders and administrators record items found online."""

import rules

from chengguan.org.roles import RoleCode
from chengguan.org.rules import has_role, is_administrator, staff_of

BOARD_ROLES = (RoleCode.LEADER, RoleCode.DISPATCHER, RoleCode.SHIFT_LEAD)
MEDIA_ROLES = (RoleCode.INTAKE_OPERATOR, RoleCode.DISPATCHER, RoleCode.SHIFT_LEAD, RoleCode.LEADER)

may_view_board = is_administrator | has_role(*BOARD_ROLES)
may_record_media = is_administrator | has_role(*MEDIA_ROLES)


@rules.predicate
def in_alert_department(user, alert) -> bool:
    staff = staff_of(user)
    if staff is None or not staff.is_active or alert is None or alert.department_id is None:
        return False
    return alert.department.path.startswith(staff.department.path)


may_view_alert = may_view_board | in_alert_department

rules.add_perm("insight.view_board", may_view_board)
rules.add_perm("insight.view_alert", may_view_alert)
rules.add_perm("insight.record_media", may_record_media)
