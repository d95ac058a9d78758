"""Every write to a case goes through these functions (and nothing else)."""

from ..workflow import CaseRefused, IntakeKeyReused, TransitionRefused
from .auto import AutoOutcome, auto_dispatch_case, pull_back_case, set_auto_dispatch
from .batch import BatchResult, close_cases
from .followup import answer_follow_up, create_follow_up
from .intake import IntakeResult, report_case
from .lifecycle import (
    accept_and_dispatch,
    accept_case,
    close_case,
    dispatch_case,
    reject_case,
    reopen_case,
    report_handled,
    resume_case,
    send_back_case,
    start_handling,
    verify_case,
)
from .merge import MergeRefused, merge_case, unmerge_case
from .privacy import reveal_reporter
from .purge import PurgeResult, purge_contacts
from .requests import decide_request, request_extension, request_suspension
from .support import follow_up_for_reporter, support_case
from .urge import urge_case

__all__ = [
    "BatchResult",
    "IntakeResult",
    "PurgeResult",
    "TransitionRefused",
    "CaseRefused",
    "IntakeKeyReused",
    "MergeRefused",
    "accept_and_dispatch",
    "accept_case",
    "answer_follow_up",
    "AutoOutcome",
    "auto_dispatch_case",
    "pull_back_case",
    "set_auto_dispatch",
    "close_case",
    "close_cases",
    "create_follow_up",
    "decide_request",
    "dispatch_case",
    "merge_case",
    "follow_up_for_reporter",
    "purge_contacts",
    "reject_case",
    "reopen_case",
    "report_case",
    "report_handled",
    "request_extension",
    "request_suspension",
    "resume_case",
    "reveal_reporter",
    "send_back_case",
    "start_handling",
    "support_case",
    "unmerge_case",
    "urge_case",
    "verify_case",
]
