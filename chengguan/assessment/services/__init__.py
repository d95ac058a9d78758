"""Every write of the assessment app: computing and recomputing snapshots, generating reports, loading
the default indicators. Each function takes keyword arguments only, runs in one transaction, checks the
actor's role first, then the state, then the input, records an `AssessmentEvent` (and an audit entry
for recomputations and reports), and runs side effects after the commit.

`by_system=True` marks a scheduled job (`chengguan generate_reports`) acting without a user."""

from .reports import generate_report
from .snapshots import (
    AssessmentError,
    compute_snapshot,
    ensure_snapshots,
    load_default_indicators,
    recompute_snapshot,
)

__all__ = [
    "AssessmentError",
    "compute_snapshot",
    "ensure_snapshots",
    "generate_report",
    "load_default_indicators",
    "recompute_snapshot",
]
