"""Tables of the conduct app."""

from .checks import (
    Check,
    CheckFinding,
    CheckKind,
    Checklist,
    ChecklistItem,
    CheckMode,
    CheckScore,
    CheckState,
    CheckTarget,
)
from .enforcement import EnforcementAction, EvidenceFile
from .inspections import Finding, FindingEvidence, FindingTarget, Inspection, InspectionKind, InspectionState
from .rulebook import SANCTION_ORDER, Rule, RuleSet, Sanction, Severity
from .self_checks import SelfCheck, SelfCheckPhase
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
    "Check",
    "CheckFinding",
    "CheckKind",
    "CheckMode",
    "CheckScore",
    "CheckState",
    "CheckTarget",
    "Checklist",
    "ChecklistItem",
    "SelfCheck",
    "SelfCheckPhase",
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
