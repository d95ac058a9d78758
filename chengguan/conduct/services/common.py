"""What every conduct write shares: the refusal with its stable codes, and the evidence hash. The checks
(`require_actor`, `require`, `required`) come from `core.refusals`; the timeline row from
`org.timeline.record_event` with `ConductEvent` and `subject_of(record)`."""

import hashlib
from enum import StrEnum
from pathlib import PurePath

from chengguan.core.images import check_container, clean_image
from chengguan.core.refusals import Refused

# evidence with these extensions is a photo: stored re-encoded from its pixels
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "webp", "heic", "heif"}


class ConductCode(StrEnum):
    """Why a conduct write was refused: stable values for clients and tests."""

    INSPECTION_CLOSED = "inspection_closed"
    DECIDED = "decided"
    NO_SANCTION = "no_sanction"
    NOT_FULL_SCORE = "not_full_score"
    SERIOUS_VIOLATION = "serious_violation"
    ALREADY_NOMINATED = "already_nominated"
    STAR_DECIDED = "star_decided"
    ENFORCEMENT_REFUSED = "enforcement_refused"
    WRONG_STATE = "wrong_state"
    CHECK_REPORTED = "check_reported"
    PHASE_NOT_OPEN = "phase_not_open"
    NOT_IN_PHASE = "not_in_phase"


class ConductRefused(Refused):
    """The action does not fit the record's state or the rules; the message says why."""

    code = ConductCode.WRONG_STATE


def vet_evidence(name: str, data: bytes) -> tuple[str, bytes]:
    """The name and bytes to store for an uploaded evidence file: a photo re-encoded by
    `core.images.clean_image` (metadata such as GPS stripped, bounded, stored under its clean format's
    extension); any other file (recordings, documents) only when its content matches the container its
    extension names (`core.images.check_container`). ValidationError with a message otherwise."""
    path = PurePath(name or "evidence")
    extension = path.suffix.lower().lstrip(".")
    if extension in IMAGE_EXTENSIONS:
        clean = clean_image(data, name=path.name)
        return f"{path.stem or 'photo'}.{clean.extension}", clean.data
    check_container(data[:64], extension=extension, name=path.name)
    return path.name, data


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
