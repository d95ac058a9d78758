"""What every evaluation write shares: the refusal, the lock, the permission and state checks, the event
row, and the keyed hashes that stand for phones and addresses."""

import ipaddress
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from chengguan.cases.services.support import contact_hash
from chengguan.core.actors import PUBLIC as PUBLIC  # re-exported: the public side's actor
from chengguan.core.actors import SystemActor, is_system
from chengguan.core.refusals import Refused, require_actor
from chengguan.org.timeline import record_event

from .. import rules
from ..models import Round, RoundEvent

CLOSE_ACTOR = SystemActor("close_evaluation_rounds")  # the periodic job
CHECKS_ACTOR = SystemActor("ballot_checks")  # the rate limits and the burst detector flagging ballots


class Code(StrEnum):
    """Stable codes of the refusals of the evaluation app."""

    WRONG_STATE = "wrong_state"
    NO_SUCH_ROUND = "no_such_round"
    NOT_READY = "not_ready"
    FROZEN = "frozen"
    NOT_VERIFIED = "not_verified"
    BAD_CODE = "bad_code"
    ALREADY_VOTED = "already_voted"
    NO_NOMINEES = "no_nominees"
    BALLOT_STATE = "ballot_state"
    OPINION_STATE = "opinion_state"
    NOTHING_TO_RANK = "nothing_to_rank"


class EvaluationRefused(Refused):
    """The action does not fit the round's (or ballot's, opinion's) state; the message says why."""

    code = Code.WRONG_STATE


def keyed_hash(kind: str, value: str) -> str:
    """HMAC-SHA256 with SECRET_KEY (the cases app's contact hash, in the evaluation's own namespace)."""
    return contact_hash(f"evaluation.{kind}", value)


def network_of(ip: str) -> str:
    """The /24 of an IPv4 address or the /48 of an IPv6 one: ballots from one network look alike."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip or "unknown"
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def lock_round(round_id: int) -> Round:
    return Round.objects.select_for_update(of=("self",)).select_related("owner_department").get(pk=round_id)


def allowed(actor, round_: Round) -> None:
    """A job of the system may; a person needs the permission."""
    require_actor(actor)
    if not is_system(actor) and not rules.may_manage_round(actor, round_):
        raise PermissionDenied(_("You may not manage this evaluation round."))


def person(actor):
    """The account to store on a row (entered by, voided by): none for a job of the system."""
    return None if is_system(actor) else actor


def require_state(round_: Round, *states: str) -> None:
    if round_.state not in states:
        raise EvaluationRefused(
            _("Not possible while the round is %(state)s.") % {"state": round_.get_state_display()},
            code=Code.WRONG_STATE,
        )


def log_event(round_: Round, *, action: str, actor, note: str = "", obj=None, **changes) -> RoundEvent:
    """The round's timeline row, through the one `record_event`, naming the object it is about."""
    return record_event(
        RoundEvent,
        actor=actor,
        action=action,
        note=note,
        changes=changes,
        round=round_,
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
    )
