"""Every write of the conduct app goes through these functions."""

from .common import ConductRefused
from .enforcement import EnforcementRefused, officer_problems, record_enforcement_action
from .inspections import close_inspection, create_inspection, record_finding, substantiate_complaint
from .stars import decide_star, nominate_star, on_notice_outcome
from .training import record_training
from .violations import award_commendation, decide_sanction, proposal_for, record_violation, state_case

__all__ = [
    "ConductRefused",
    "EnforcementRefused",
    "award_commendation",
    "close_inspection",
    "create_inspection",
    "decide_sanction",
    "decide_star",
    "nominate_star",
    "officer_problems",
    "on_notice_outcome",
    "proposal_for",
    "record_enforcement_action",
    "record_finding",
    "record_training",
    "record_violation",
    "state_case",
    "substantiate_complaint",
]
