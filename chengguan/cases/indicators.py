"""Where modules that rank units (evaluation) get the case indicators of departments without knowing the
module that defines them (assessment): that module registers its function here from AppConfig.ready(), so
the two stay independent and there is still one definition of "on time", "rework" and "satisfaction".

    department_indicators(start=…, end=…, department_ids=[…]) -> {department id: {name: value}}
"""

from collections.abc import Callable
from datetime import datetime

DepartmentIndicators = Callable[..., dict[int, dict[str, float | None]]]
_provider: list[DepartmentIndicators] = []


def register_department_indicators(function: DepartmentIndicators) -> None:
    """The one provider (the assessment app); registering again replaces it."""
    _provider[:] = [function]


def department_indicators(*, start: datetime, end: datetime, department_ids) -> dict[int, dict]:
    """Live case figures per department for [start, end), the subtree of each included: the raw counts and
    every indicator (rates as fractions 0–1). Empty when no module provides them."""
    if not _provider:
        return {}
    return _provider[0](start=start, end=end, department_ids=list(department_ids))
