"""Any change to a department makes every process reload its list of departments (`selectors`)."""

from chengguan.core import versioning

from .models import Department

DEPARTMENTS_VERSION_KEY = "departments"

versioning.bump_on_change(DEPARTMENTS_VERSION_KEY, Department)
