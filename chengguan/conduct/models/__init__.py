"""Tables of the conduct app."""

from .enforcement import EnforcementAction, EvidenceFile
from .inspections import Finding, FindingEvidence, FindingTarget, Inspection, InspectionKind, InspectionState
from .rulebook import SANCTION_ORDER, Rule, RuleSet, Sanction, Severity
from .stars import Nomination, Star, StarState
from .training import Attendance, TrainingKind, TrainingSession
from .violations import (
    Commendation,
    ConductAction,
    ConductEvent,
    DecisionCounter,
    Violation,
    ViolationState,
    subject_of,
)

__all__ = [
    "SANCTION_ORDER",
    "Attendance",
    "Commendation",
    "ConductAction",
    "ConductEvent",
    "DecisionCounter",
    "EnforcementAction",
    "EvidenceFile",
    "Finding",
    "FindingEvidence",
    "FindingTarget",
    "Inspection",
    "InspectionKind",
    "InspectionState",
    "Nomination",
    "Rule",
    "RuleSet",
    "Sanction",
    "Severity",
    "Star",
    "StarState",
    "TrainingKind",
    "TrainingSession",
    "Violation",
    "ViolationState",
    "subject_of",
]
