"""Every write of the outdoor-advertising register goes through these functions."""

from .checks import ORIGIN_TYPE, record_sign_check
from .common import AdvertCode, AdvertRefused
from .permits import apply_for_permit, approve_permit, refuse_permit, reveal_applicant, revoke_permit
from .reminders import EXPIRY_ACTOR, run_expiry

__all__ = [
    "EXPIRY_ACTOR",
    "ORIGIN_TYPE",
    "AdvertCode",
    "AdvertRefused",
    "apply_for_permit",
    "approve_permit",
    "record_sign_check",
    "refuse_permit",
    "reveal_applicant",
    "revoke_permit",
    "run_expiry",
]
