"""Reads of the evaluation app, scoped to what the user may see: the rounds a staff member may read or run,
ballots to review, opinions to triage; and the public's rounds and rectification list (no personal data:
voters are only hashes, and the public pages never show ballots)."""

import re

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from chengguan.cases.states import State as CaseState
from chengguan.core.privacy import mask_phone
from chengguan.org.rules import is_administrator, staff_of

from . import rules
from .models import Ballot, BallotStatus, NomineeVote, Opinion, OpinionState, Rectification, Round, RoundState

PUBLIC_STATES = (RoundState.OPEN, RoundState.CLOSED, RoundState.PUBLISHED, RoundState.CONFIRMED)
RESULT_STATES = (RoundState.PUBLISHED, RoundState.CONFIRMED)

# 告知—整改—反馈—验收: the case states grouped into the four stages the public follows.
STAGES = {
    "notified": (
        _("notified"),
        (CaseState.REPORTED, CaseState.ACCEPTED, CaseState.DISPATCHED, CaseState.SENT_BACK),
    ),
    "rectifying": (_("being rectified"), (CaseState.IN_PROGRESS, CaseState.REWORK, CaseState.SUSPENDED)),
    "feedback": (_("rectification reported"), (CaseState.HANDLED,)),
    "accepted": (_("checked and accepted"), (CaseState.VERIFIED, CaseState.CLOSED)),
    "dropped": (_("not taken up"), (CaseState.REJECTED,)),
}


def stage_of(case_state: str) -> str:
    return next(key for key, (_label, states) in STAGES.items() if case_state in states)


def stage_label(case_state: str):
    return STAGES[stage_of(case_state)][0]


def visible_rounds(user, *, state: str = "") -> QuerySet[Round]:
    """Rounds the user may read: all for administrators, discipline inspectors and leaders; otherwise those
    of the user's department and the departments below it."""
    qs = Round.objects.select_related("owner_department")
    if not (is_administrator(user) or rules.has_role("discipline", "leader")(user)):
        staff = staff_of(user)
        if staff is None or not staff.is_active:
            return qs.none()
        qs = qs.filter(owner_department__path__startswith=staff.department.path)
    if state in RoundState.values:
        qs = qs.filter(state=state)
    return qs.annotate(
        ballot_count=Count("ballots", filter=~Q(ballots__status=BallotStatus.VOIDED), distinct=True),
        flagged_count=Count("ballots", filter=Q(ballots__status=BallotStatus.FLAGGED), distinct=True),
    ).order_by("-start", "-id")


def visible_round(user, pk: int) -> Round | None:
    return visible_rounds(user).filter(pk=pk).first()


def visible_opinion(user, pk: int) -> Opinion | None:
    """An opinion of a round `user` may read, else None."""
    return Opinion.objects.filter(pk=pk, round__in=visible_rounds(user).values("pk")).first()


def ballots_for_review(round_: Round, *, status: str = "") -> QuerySet[Ballot]:
    qs = round_.ballots.select_related("target", "voided_by")
    if status in BallotStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-cast_at", "-id")


def opinions_for_staff(round_: Round, *, state: str = "", q: str = "") -> QuerySet[Opinion]:
    qs = round_.opinions.select_related("target", "area", "category", "merged_into", "rectification__case")
    if state in OpinionState.values:
        qs = qs.filter(state=state)
    if q:
        qs = qs.filter(text__icontains=q)
    return qs


def public_rounds() -> QuerySet[Round]:
    return (
        Round.objects.filter(state__in=PUBLIC_STATES)
        .select_related("owner_department")
        .order_by("-start", "-id")
    )


def public_round(pk: int) -> Round | None:
    return public_rounds().filter(pk=pk).first()


def public_rectifications(round_: Round | None = None) -> QuerySet[Rectification]:
    qs = Rectification.objects.filter(round__state__in=PUBLIC_STATES).select_related(
        "case", "department", "responsible", "round", "opinion"
    )
    if round_ is not None:
        qs = qs.filter(round=round_)
    return qs.order_by("due", "id")


def voter_progress(round_: Round, voter_hash: str) -> dict:
    """What this verified phone has done in the round: the targets evaluated, whether it chose nominees."""
    if not voter_hash:
        return {"targets": set(), "nominees": False, "opinions": 0}
    return {
        "targets": set(round_.ballots.filter(voter_hash=voter_hash).values_list("target_id", flat=True)),
        "nominees": NomineeVote.objects.filter(round=round_, voter_hash=voter_hash).exists(),
        "opinions": round_.opinions.filter(voter_hash=voter_hash, ballot__isnull=True).count(),
    }


def ranking(round_: Round):
    return round_.ranking.select_related("target__department")


def rectifications_of(round_: Round) -> QuerySet[Rectification]:
    """Every rectification item of a round, whatever its state (for staff and exports)."""
    return round_.rectifications.select_related("case", "opinion", "department", "responsible").order_by(
        "due", "id"
    )


_NUMBERS = re.compile(r"\+?\d[\d\- ]{5,}\d")


def public_text(text: str) -> str:
    """An opinion as the public page shows it: any phone-like number in it masked (people write their
    numbers into free text)."""
    return _NUMBERS.sub(lambda match: mask_phone(match.group(0)), text or "")


def nominees_with_votes(round_: Round):
    """The round's nominees in set-up order, each with its vote count (one query, whatever their number)."""
    return round_.nominees.select_related("staff__department").annotate(vote_count=Count("votes"))


def nominee_votes(round_: Round):
    """The nominees with their vote counts, most votes first."""
    return (
        round_.nominees.select_related("staff__department")
        .annotate(vote_count=Count("votes"))
        .order_by("-vote_count", "id")
    )
