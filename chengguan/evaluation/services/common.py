"""What every evaluation write shares: the refusal, the lock, the permission and state checks, the event
row, and the keyed hashes that stand for phones and addresses."""

import ipaddress

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.cases.services.support import contact_hash
from chengguan.org.selectors import actor_snapshot

from .. import rules
from ..models import Round, RoundEvent


class EvaluationRefused(Exception):
    """The action does not fit the round's (or ballot's, opinion's) state; the message says why."""


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
    """`actor` None is the system (a notice outcome, a periodic job); people need the permission."""
    if actor is not None and not rules.may_manage_round(actor, round_):
        raise PermissionDenied(_("You may not manage this evaluation round."))


def require_state(round_: Round, *states: str) -> None:
    if round_.state not in states:
        raise EvaluationRefused(
            _("Not possible while the round is %(state)s.") % {"state": round_.get_state_display()}
        )


def required(**values) -> None:
    missing = {
        field: [_("This field is required.")]
        for field, value in values.items()
        if value is None or (isinstance(value, str) and not value.strip())
    }
    if missing:
        raise ValidationError(missing)


def record_event(
    round_: Round, *, action: str, actor=None, note: str = "", obj=None, **changes
) -> RoundEvent:
    who = actor_snapshot(actor)
    return RoundEvent.objects.create(
        round=round_,
        at=timezone.now(),
        action=action,
        actor=who["actor"],
        actor_name=who["actor_name"],
        note=(note or "").strip(),
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        changes=changes,
    )
