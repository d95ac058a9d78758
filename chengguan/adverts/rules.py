"""Who may do what with the outdoor-advertising register.

The register belongs to the section that leads the category of illegal outdoor advertising in the
responsibility list (权责清单; 广告管理科 by default), called "the section" here:

- the section's staff (and administrators) register applications and amendments, and may reveal an
  applicant's name and phone (audited);
- a leader of the section or of a department above it (the bureau's leadership), and administrators,
  approve, refuse and revoke;
- inspectors and enforcement officers record signs found on patrol and see their own checks;
- permits are public licensing information (行政许可公示): leaders, inspectors, enforcement officers and
  department handlers see the register and the map, with the applicant masked.

`section` is passed in by the caller (`selectors.advert_section()`), so a predicate makes no query."""

import rules

from chengguan.org.roles import RoleCode
from chengguan.org.rules import has_role, is_administrator, staff_of

may_view_register = is_administrator | has_role(
    RoleCode.LEADER, RoleCode.INSPECTOR, RoleCode.ENFORCEMENT_OFFICER, RoleCode.HANDLER
)
may_check_signs = is_administrator | has_role(RoleCode.INSPECTOR, RoleCode.ENFORCEMENT_OFFICER)


def _active_staff(user):
    staff = staff_of(user)
    return staff if staff is not None and staff.is_active else None


def in_section(user, section) -> bool:
    """Works in the section or a unit under it."""
    staff = _active_staff(user)
    return bool(staff is not None and section is not None and staff.department.path.startswith(section.path))


def leads_section(user, section) -> bool:
    """A leader of the section or of a department above it."""
    staff = _active_staff(user)
    return bool(
        staff is not None
        and section is not None
        and staff.has_role(RoleCode.LEADER)
        and section.path.startswith(staff.department.path)
    )


def may_register(user, section) -> bool:
    return bool(is_administrator(user) or in_section(user, section))


def may_approve(user, section) -> bool:
    return bool(is_administrator(user) or leads_section(user, section))


def may_reveal_applicant(user, section) -> bool:
    return may_register(user, section) or may_approve(user, section)


def may_see_every_check(user, section) -> bool:
    return bool(may_register(user, section) or may_approve(user, section) or has_role(RoleCode.LEADER)(user))


def may_open(user, section) -> bool:
    """Opens the register at all: a viewing role, or the section's own staff."""
    return bool(may_view_register(user) or may_register(user, section))


rules.add_perm("adverts.view_register", may_view_register)
rules.add_perm("adverts.check_signs", may_check_signs)
