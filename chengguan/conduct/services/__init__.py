"""Every write of the conduct app goes through these functions."""

from .checks import create_check, record_check_finding, report_check, score_check
from .common import ConductCode, ConductRefused
from .enforcement import EnforcementRefused, officer_problems, record_enforcement_action
from .inspections import close_inspection, create_inspection, record_finding, substantiate_complaint
from .self_checks import (
    REMINDER_ACTOR,
    open_self_check_phase,
    remind_missing_self_checks,
    remind_self_checks,
    submit_self_check,
    summarise_self_checks,
)
from .stars import OUTCOME_ACTOR, decide_star, nominate_star, on_notice_outcome, settle_star_notice
from .training import record_training
from .violations import award_commendation, decide_sanction, proposal_for, record_violation, state_case

__all__ = [
    "OUTCOME_ACTOR",
    "REMINDER_ACTOR",
    "ConductCode",
    "ConductRefused",
    "EnforcementRefused",
    "award_commendation",
    "close_inspection",
    "create_check",
    "open_self_check_phase",
    "record_check_finding",
    "remind_missing_self_checks",
    "remind_self_checks",
    "report_check",
    "score_check",
    "submit_self_check",
    "summarise_self_checks",
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
    "settle_star_notice",
    "state_case",
    "substantiate_complaint",
]
