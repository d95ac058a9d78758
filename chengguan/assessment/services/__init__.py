"""Every write of the assessment app: computing and recomputing snapshots, generating reports, loading
the default indicators. Each function takes keyword arguments only, runs in one transaction, checks the
actor's role first, then the state, then the input, records an `AssessmentEvent` (and an audit entry
for recomputations and reports), and runs side effects after the commit.

A scheduled job acts as `REPORTS_ACTOR` (`chengguan generate_reports`), set-up as `SETUP_ACTOR`."""

from .reports import generate_report
from .snapshots import (
    REPORTS_ACTOR,
    SETUP_ACTOR,
    AssessmentError,
    AssessmentRefused,
    Code,
    compute_snapshot,
    ensure_snapshots,
    load_default_indicators,
    recompute_snapshot,
)

__all__ = [
    "REPORTS_ACTOR",
    "SETUP_ACTOR",
    "AssessmentError",
    "AssessmentRefused",
    "Code",
    "compute_snapshot",
    "ensure_snapshots",
    "generate_report",
    "load_default_indicators",
    "recompute_snapshot",
]
