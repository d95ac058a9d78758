"""Limits and the burst detector, counted in the database (the ballots and codes themselves), so they hold
across processes and feed the review list. Settings: CHENGGUAN_EVALUATION_LIMITS overrides DEFAULTS."""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from chengguan.core.limits import RateLimited as CoreRateLimited

from ..models import Ballot, BallotStatus, PhoneCode, RoundAction, RoundEvent
from .common import CHECKS_ACTOR, EvaluationRefused, log_event

DEFAULTS = {
    "ip_ballots": (10, 60),  # ballots per client address per window (seconds)
    "voter_ballots": (10, 60),  # ballots per verified phone per window
    "ip_codes": (10, 600),  # codes requested per address per window
    "phone_codes": (3, 600),  # codes requested per phone per window
    "burst": (5, 60),  # this many ballots from one network within the window are flagged
    "identical_run": 5,  # this many ballots in a row for a target with identical answers are flagged
    "code_ttl": 600,  # a code is valid this many seconds
    "code_attempts": 5,  # wrong codes before a code is spent
}


class RateLimited(CoreRateLimited, EvaluationRefused):
    """Too many ballots or codes from one address or phone in a short time (429, code "rate_limited")."""


def config() -> dict:
    return {**DEFAULTS, **getattr(settings, "CHENGGUAN_EVALUATION_LIMITS", {})}


def codes_refusal(*, round_id: int, phone_hash: str, ip_hash: str, now) -> str | None:
    conf = config()
    for field, value, key in (("phone_hash", phone_hash, "phone_codes"), ("ip_hash", ip_hash, "ip_codes")):
        limit, window = conf[key]
        since = now - timedelta(seconds=window)
        if PhoneCode.objects.filter(**{field: value}, created_at__gt=since).count() >= limit:
            return _("Too many codes were requested in a short time. Please wait a few minutes.")
    return None


def ballots_refusal(*, round_, voter_hash: str, ip_hash: str, now) -> str | None:
    conf = config()
    for field, value, key in (
        ("ip_hash", ip_hash, "ip_ballots"),
        ("voter_hash", voter_hash, "voter_ballots"),
    ):
        limit, window = conf[key]
        since = now - timedelta(seconds=window)
        if Ballot.objects.filter(round=round_, **{field: value}, cast_at__gt=since).count() >= limit:
            return _(
                "Too many ballots were sent from this network or phone in a short time. Please wait a minute."
            )
    return None


def _flag(round_, ballots, reason: str) -> int:
    ids = [b.pk for b in ballots if b.status == BallotStatus.VALID]
    if not ids:
        return 0
    Ballot.objects.filter(pk__in=ids).update(status=BallotStatus.FLAGGED, flag_reason=reason[:200])
    log_event(round_, action=RoundAction.FLAG, actor=CHECKS_ACTOR, note=reason, ballots=ids)
    return len(ids)


def flag_burst(round_, *, network_hash: str, now) -> int:
    """Flag every ballot of a burst: at least `burst` ballots from one network within the window."""
    threshold, window = config()["burst"]
    since = now - timedelta(seconds=window)
    recent = list(Ballot.objects.filter(round=round_, network_hash=network_hash, cast_at__gt=since))
    if len(recent) < threshold:
        return 0
    reason = _("%(n)s ballots from one network within %(s)s seconds") % {"n": len(recent), "s": window}
    return _flag(round_, recent, reason)


def flag_identical_run(round_, *, target) -> int:
    """Flag the last ballots for a target when `identical_run` of them in a row have the same answers."""
    run = config()["identical_run"]
    last = list(Ballot.objects.filter(round=round_, target=target).order_by("-cast_at", "-id")[:run])
    if len(last) < run or len({b.fingerprint for b in last}) != 1:
        return 0
    reason = _("%(n)s ballots in a row with identical answers") % {"n": run}
    return _flag(round_, last, reason)


def record_refusal(round_, *, note: str, network_hash: str, now) -> None:
    """One timeline entry per network per burst window (not one per refused ballot)."""
    _threshold, window = config()["burst"]
    network = network_hash[:12]
    recent = RoundEvent.objects.filter(
        round=round_,
        action=RoundAction.RATE_LIMIT,
        changes__network=network,
        at__gt=now - timedelta(seconds=window),
    )
    if not recent.exists():
        log_event(round_, action=RoundAction.RATE_LIMIT, actor=CHECKS_ACTOR, note=note, network=network)
