"""Who may see what of the grid."""

import rules


@rules.predicate
def is_staff_member(user) -> bool:
    """A signed-in user with an active staff record: sees the people responsible for a cell."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    staff = getattr(user, "staff", None)  # the reverse one-to-one raises (→ None) when there is none
    return staff is not None and staff.is_active


rules.add_perm("grid.view_cell_people", is_staff_member)
