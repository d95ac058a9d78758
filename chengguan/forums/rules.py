"""Who may do what with community forums. The civility office (文明办) and administrators set schedules and
run every community's forums; the organising unit's staff with the handler role (a street office's 城管科,
say) — and those of the units above it — schedule and minute the forums of the communities it organises;
leaders read everything; any staff member of the organising unit may read its communities' forums."""

import rules

from chengguan.org.roles import RoleCode
from chengguan.org.rules import has_role, is_administrator, staff_of

CONFIGURE_ROLES = (RoleCode.CIVILITY_OFFICER,)
ORGANISER_ROLES = (RoleCode.HANDLER,)
READ_ALL_ROLES = (RoleCode.LEADER, RoleCode.CIVILITY_OFFICER)
MENU_ROLES = (*CONFIGURE_ROLES, *ORGANISER_ROLES, *READ_ALL_ROLES, RoleCode.ADMINISTRATOR)

may_configure = is_administrator | has_role(*CONFIGURE_ROLES)
reads_everything = is_administrator | has_role(*READ_ALL_ROLES)
may_open_forums = is_administrator | has_role(*MENU_ROLES)


def organising_path(user) -> str | None:
    """The tree path under which the user's unit organises forums (None without an active staff record)."""
    staff = staff_of(user)
    if staff is None or not staff.is_active:
        return None
    return staff.department.path


@rules.predicate
def in_organising_unit(user, schedule) -> bool:
    path = organising_path(user)
    return bool(path and schedule is not None and schedule.department.path.startswith(path))


may_run_schedule = may_configure | (has_role(*ORGANISER_ROLES) & in_organising_unit)
may_view_schedule = reads_everything | in_organising_unit

rules.add_perm("forums.open", may_open_forums)
rules.add_perm("forums.configure", may_configure)
rules.add_perm("forums.run_schedule", may_run_schedule)
rules.add_perm("forums.view_schedule", may_view_schedule)
