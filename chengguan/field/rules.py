"""Who the field app is for: inspectors, shift leads, handlers and enforcement officers."""

from chengguan.org.roles import RoleCode as R

INSPECTING = (R.INSPECTOR, R.SHIFT_LEAD)
HANDLING = (R.HANDLER, R.ENFORCEMENT_OFFICER)
ENFORCING = (R.ENFORCEMENT_OFFICER,)
FIELD_ROLES = (*INSPECTING, *HANDLING)
PATROL_ROLES = (R.INSPECTOR,)
