"""Who may see and do what in assessment.

- Roles that span the bureau (leaders, shift leads, dispatchers, intake operators, discipline inspectors,
  administrators) see every ranking.
- Any other member of staff sees their own standing: the rows of their department (and the units under
  it) and, in the staff rankings, their own row.
- Leaders, shift leads and administrators compute, recompute and generate reports."""

import rules

from chengguan.org import rules as org_rules
from chengguan.org.models import Department
from chengguan.org.roles import RoleCode

from .models import AREA_SUBJECTS, Subject

sees_everything = org_rules.sees_all_departments
is_staff_member = org_rules.has_role(*RoleCode.values)
may_manage = org_rules.is_administrator | org_rules.has_role(RoleCode.LEADER, RoleCode.SHIFT_LEAD)

rules.add_perm("assessment.view", sees_everything | is_staff_member)
rules.add_perm("assessment.manage", may_manage)


def can_view(user) -> bool:
    return bool(user.has_perm("assessment.view"))


def can_manage(user) -> bool:
    return bool(user.has_perm("assessment.manage"))


def sees_all_rows(user, subject: str) -> bool:
    """Areas are public knowledge inside the bureau; other rankings are scoped for most roles."""
    return bool(sees_everything(user)) or subject in AREA_SUBJECTS


def own_subject_ids(user, subject: str) -> set[str] | None:
    """The subject ids this user may see in a ranking of `subject`, or None for all of them."""
    if sees_all_rows(user, subject):
        return None
    staff = org_rules.staff_of(user)
    if staff is None or not staff.is_active:
        return set()
    if subject == Subject.DEPARTMENT:
        return {str(pk) for pk in Department.objects.subtree(staff.department).values_list("pk", flat=True)}
    return {str(user.pk)}
