"""Reviewing ballots: officials void a ballot (always with a recorded reason) or clear a flag. Nothing is
deleted: a voided ballot stays, marked, and no longer counts in the results."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.refusals import require_actor, required

from ..models import Ballot, BallotStatus, RoundAction, RoundState
from .common import Code, EvaluationRefused, allowed, lock_round, log_event, person, require_state

REVIEW_STATES = (RoundState.OPEN, RoundState.CLOSED)


def _ballot(round_, ballot_id: int) -> Ballot:
    ballot = Ballot.objects.select_for_update().filter(round=round_, pk=ballot_id).first()
    if ballot is None:
        raise ValidationError({"ballot": [_("No such ballot in this round.")]})
    return ballot


@transaction.atomic
def void_ballot(*, round_id: int, ballot_id: int, actor, reason: str) -> Ballot:
    require_actor(actor)
    round_ = lock_round(round_id)
    allowed(actor, round_)
    require_state(round_, *REVIEW_STATES)
    reason = required(reason=reason)["reason"]
    ballot = _ballot(round_, ballot_id)
    if ballot.status == BallotStatus.VOIDED:
        raise EvaluationRefused(_("This ballot is already voided."), code=Code.BALLOT_STATE)
    old = ballot.status
    ballot.status, ballot.voided_reason = BallotStatus.VOIDED, reason.strip()
    ballot.voided_by, ballot.voided_at = person(actor), timezone.now()
    ballot.save(update_fields=["status", "voided_reason", "voided_by", "voided_at"])
    log_event(
        round_, action=RoundAction.VOID, actor=actor, note=reason, obj=ballot, status=[old, ballot.status]
    )
    return ballot


@transaction.atomic
def clear_flag(*, round_id: int, ballot_id: int, actor, note: str = "") -> Ballot:
    """A flagged ballot found genuine counts as valid again (the flag's reason stays on it)."""
    require_actor(actor)
    round_ = lock_round(round_id)
    allowed(actor, round_)
    require_state(round_, *REVIEW_STATES)
    ballot = _ballot(round_, ballot_id)
    if ballot.status != BallotStatus.FLAGGED:
        raise EvaluationRefused(_("Only a flagged ballot can be cleared."), code=Code.BALLOT_STATE)
    ballot.status = BallotStatus.VALID
    ballot.save(update_fields=["status"])
    log_event(round_, action=RoundAction.CLEAR, actor=actor, note=note, obj=ballot)
    return ballot
