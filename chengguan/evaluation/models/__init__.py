"""Tables of the evaluation app."""

from .ballots import Answer, Ballot, BallotStatus, NomineeVote, PhoneCode
from .opinions import Opinion, OpinionState, Rectification
from .rounds import (
    COMPONENT_LABELS,
    COMPONENTS,
    UNIT_KINDS,
    InspectionScore,
    Nominee,
    Question,
    QuestionKind,
    RankingRow,
    Round,
    RoundAction,
    RoundEvent,
    RoundState,
    Target,
    TargetKind,
)

__all__ = [
    "COMPONENTS",
    "COMPONENT_LABELS",
    "UNIT_KINDS",
    "Answer",
    "Ballot",
    "BallotStatus",
    "InspectionScore",
    "Nominee",
    "NomineeVote",
    "Opinion",
    "OpinionState",
    "PhoneCode",
    "Question",
    "QuestionKind",
    "RankingRow",
    "Rectification",
    "Round",
    "RoundAction",
    "RoundEvent",
    "RoundState",
    "Target",
    "TargetKind",
]
