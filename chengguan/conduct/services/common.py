"""What every conduct write shares: the refusal with its stable codes, and the evidence hash. The checks
(`require_actor`, `require`, `required`) come from `core.refusals`; the timeline row from
`org.timeline.record_event` with `ConductEvent` and `subject_of(record)`."""

import hashlib
from enum import StrEnum

from chengguan.core.refusals import Refused


class ConductCode(StrEnum):
    """Why a conduct write was refused: stable values for clients and tests."""

    INSPECTION_CLOSED = "inspection_closed"
    DECIDED = "decided"
    NO_SANCTION = "no_sanction"
    NOT_FULL_SCORE = "not_full_score"
    ALREADY_NOMINATED = "already_nominated"
    STAR_DECIDED = "star_decided"
    ENFORCEMENT_REFUSED = "enforcement_refused"
    WRONG_STATE = "wrong_state"


class ConductRefused(Refused):
    """The action does not fit the record's state or the rules; the message says why."""

    code = ConductCode.WRONG_STATE


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
