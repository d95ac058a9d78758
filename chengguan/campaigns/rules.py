"""Who may do what in a campaign.

The civility office (role civility_officer) runs the campaigns of its department and the departments below
it; inspectors score the campaigns they are assigned to; leaders and administrators see every campaign. A
unit's own accounts (UnitMember) act for their unit only."""

import rules

from chengguan.org.roles import RoleCode
from chengguan.org.rules import has_role, is_administrator, staff_of

from .models import UnitMember

may_open_console = is_administrator | has_role(RoleCode.CIVILITY_OFFICER, RoleCode.INSPECTOR, RoleCode.LEADER)
may_launch = is_administrator | has_role(RoleCode.CIVILITY_OFFICER)
sees_every_campaign = is_administrator | has_role(RoleCode.LEADER)


def _active_staff(user):
    staff = staff_of(user)
    return staff if staff is not None and staff.is_active else None


@rules.predicate
def manages(user, campaign) -> bool:
    """An administrator, or a civility officer at or above the campaign's owner department."""
    if is_administrator(user):
        return True
    staff = _active_staff(user)
    return bool(
        staff
        and campaign is not None
        and staff.has_role(RoleCode.CIVILITY_OFFICER)
        and campaign.owner_department.path.startswith(staff.department.path)
    )


@rules.predicate
def assigned_inspector(user, campaign) -> bool:
    staff = _active_staff(user)
    return bool(
        staff
        and campaign is not None
        and staff.has_role(RoleCode.INSPECTOR)
        and campaign.inspectors.filter(pk=staff.pk).exists()
    )


may_inspect = manages | assigned_inspector
may_view_campaign = sees_every_campaign | manages | assigned_inspector


def unit_of(user):
    """The unit the account acts for, or None."""
    if user is None or not user.is_authenticated:
        return None
    member = UnitMember.objects.select_related("unit").filter(user=user, unit__is_active=True).first()
    return member.unit if member else None


@rules.predicate
def acts_for(user, unit) -> bool:
    found = unit_of(user)
    return bool(found is not None and unit is not None and found.pk == unit.pk)


rules.add_perm("campaigns.launch", may_launch)
rules.add_perm("campaigns.manage", manages)
rules.add_perm("campaigns.inspect", may_inspect)
rules.add_perm("campaigns.view", may_view_campaign)
