"""Violations, sanctions and commendations.

A violation proposes a sanction within its rule's allowed list: the mildest for a first violation, one
step up for each earlier violation of the same rule by the same person in the same month (the repeat
escalates), never beyond the gravest allowed. The person is notified and may state their case while it
awaits the decision; a leader over the person's department decides a sanction in the allowed list (or
dismisses the violation, with reasons). The rule's deduction counts in the month's score once decided."""

from datetime import date
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengguan.core.notify.message import Message
from chengguan.core.notify.services import notify_users
from chengguan.core.refusals import require, require_actor, required
from chengguan.org.models import Staff
from chengguan.org.timeline import record_event

from .. import rules
from ..models import (
    Commendation,
    ConductAction,
    ConductEvent,
    DecisionCounter,
    Rule,
    Violation,
    ViolationState,
    subject_of,
)
from ..selectors import month_range
from .common import ConductCode, ConductRefused


def proposal_for(rule: Rule, *, staff: Staff, occurred_on: date, exclude_pk=None) -> tuple[str, int]:
    """The sanction to propose and how many earlier violations of the rule the person has that month."""
    allowed = rule.sanctions()
    if not allowed:
        raise ConductRefused(
            _("This rule is an expectation and carries no sanction: record no violation of it."),
            code=ConductCode.NO_SANCTION,
        )
    start, end = month_range(occurred_on)
    earlier = (
        Violation.objects.filter(staff=staff, rule=rule, occurred_on__gte=start, occurred_on__lt=end)
        .exclude(state=ViolationState.DISMISSED)
        .exclude(pk=exclude_pk)
        .count()
    )
    return allowed[min(earlier, len(allowed) - 1)], earlier


def create_violation(
    *, actor, staff: Staff, rule: Rule, occurred_on: date, description: str, finding=None, case_id=None
) -> Violation:
    """The shared part of recording a violation (the caller has checked permission and holds the lock)."""
    require_actor(actor)
    if not rule.is_active:
        raise ValidationError({"rule": [_("This rule is no longer in force.")]})
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": [_("The date cannot be in the future.")]})
    cleaned = required(description=description)
    Staff.objects.select_for_update().filter(pk=staff.pk).first()  # serialises the repeat count per person
    sanction, earlier = proposal_for(rule, staff=staff, occurred_on=occurred_on)
    violation = Violation.objects.create(
        staff=staff,
        rule=rule,
        occurred_on=occurred_on,
        description=cleaned["description"],
        finding=finding,
        case_id=case_id,
        proposed_sanction=sanction,
        repeat_count=earlier,
        deduction=rule.deduction,
        recorded_by=actor if actor.is_authenticated else None,
    )
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.RECORD,
        changes={"proposed": sanction, "repeat_count": earlier, "rule": rule.pk},
        **subject_of(violation),
    )
    link = reverse("conduct:violation", args=[violation.pk])
    message = Message(
        subject=gettext_lazy("A conduct violation was recorded against you"),
        body=gettext_lazy("You may state your case on the violation's page before a leader decides."),
        link=link,
        kind="conduct.violation",
    )
    transaction.on_commit(partial(notify_users, staff, message))
    return violation


@transaction.atomic
def record_violation(
    *, actor, staff: Staff, rule: Rule, occurred_on: date, description: str, case_id=None
) -> Violation:
    """The discipline office records a violation directly (for instance from a substantiated complaint)."""
    require_actor(actor)
    require(rules.is_discipline(actor), _("Only the discipline office records violations."))
    return create_violation(
        actor=actor, staff=staff, rule=rule, occurred_on=occurred_on, description=description, case_id=case_id
    )


def _lock(violation_id: int) -> Violation:
    return (
        Violation.objects.select_for_update(of=("self",))
        .select_related("staff__department", "rule")
        .get(pk=violation_id)
    )


@transaction.atomic
def state_case(*, violation_id: int, actor, statement: str) -> Violation:
    """The person states their case (陈述申辩) while the violation awaits the decision."""
    require_actor(actor)
    violation = _lock(violation_id)
    require(rules.is_self(actor, violation.staff), _("Only the person concerned may state their case."))
    if violation.state != ViolationState.PROPOSED:
        raise ConductRefused(
            _("The decision is made; the statement can no longer be changed."), code=ConductCode.DECIDED
        )
    cleaned = required(statement=statement)
    violation.statement, violation.statement_at = cleaned["statement"], timezone.now()
    violation.save(update_fields=["statement", "statement_at", "updated_at"])
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.STATEMENT,
        note=cleaned["statement"],
        **subject_of(violation),
    )
    return violation


@transaction.atomic
def decide_sanction(
    *, violation_id: int, actor, sanction: str, reasons: str = "", dismiss: bool = False
) -> Violation:
    """A leader over the person's department decides: a sanction within the rule's allowed list, or
    dismissal (reasons required). Deciding a sanction other than the proposed one also needs reasons."""
    require_actor(actor)
    violation = _lock(violation_id)
    require(
        rules.may_decide_sanction(actor, violation.staff),
        _("Only a leader of the person's department decides sanctions."),
    )
    if violation.state != ViolationState.PROPOSED:
        raise ConductRefused(
            _("Already decided: %(state)s.") % {"state": violation.get_state_display()},
            code=ConductCode.DECIDED,
        )
    reasons = (reasons or "").strip()
    if dismiss:
        if not reasons:
            raise ValidationError({"reasons": [_("Give the reasons for dismissing the violation.")]})
        violation.state, violation.sanction = ViolationState.DISMISSED, ""
    else:
        if sanction not in violation.rule.sanctions():
            raise ValidationError(
                {
                    "sanction": [
                        _("Choose one of the sanctions the rule allows: %(list)s.")
                        % {"list": "、".join(violation.rule.sanction_labels())}
                    ]
                }
            )
        if sanction != violation.proposed_sanction and not reasons:
            raise ValidationError(
                {"reasons": [_("Give the reasons for departing from the proposed sanction.")]}
            )
        violation.state, violation.sanction = ViolationState.DECIDED, sanction
    violation.decision_reasons, violation.decided_by, violation.decided_at = reasons, actor, timezone.now()
    year = timezone.localtime(violation.decided_at).year
    violation.document_year, violation.document_sequence = year, next_document_sequence(year)
    violation.document_number = document_number(year, violation.document_sequence)
    violation.save()
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.DISMISS if dismiss else ConductAction.DECIDE,
        note=reasons,
        changes={"sanction": violation.sanction, "document_number": violation.document_number},
        **subject_of(violation),
    )
    message = Message(
        subject=gettext_lazy("The decision on your conduct violation"),
        body=gettext_lazy("A leader has decided on the violation recorded against you."),
        link=reverse("conduct:violation", args=[violation.pk]),
        kind="conduct.decision",
    )
    transaction.on_commit(partial(notify_users, violation.staff, message))
    return violation


def document_prefix() -> str:
    """The issuing office's abbreviation before a decision's number, e.g. 池城管纪决."""
    return str(getattr(settings, "CHENGGUAN_CONDUCT_DECISION_PREFIX", "") or "城管纪决")


def document_number(year: int, sequence: int) -> str:
    return f"{document_prefix()}〔{year}〕{sequence}号"


def next_document_sequence(year: int) -> int:
    """Take the next number of the year's sequence under a row lock (inside the caller's transaction: a
    decision rolled back gives its number back with it, a decision made keeps it for good)."""
    DecisionCounter.objects.bulk_create([DecisionCounter(year=year)], ignore_conflicts=True)
    counter = DecisionCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def award_commendation(*, actor, staff: Staff, awarded_on: date, points: int, reason: str) -> Commendation:
    require_actor(actor)
    require(
        rules.is_discipline(actor) or rules.may_decide_sanction(actor, staff),
        _("Only a leader of the person's department or the discipline office awards commendations."),
    )
    if isinstance(points, bool) or not isinstance(points, int) or not 1 <= points <= 20:
        raise ValidationError({"points": [_("A commendation adds 1 to 20 points.")]})
    if awarded_on > timezone.localdate():
        raise ValidationError({"awarded_on": [_("The date cannot be in the future.")]})
    cleaned = required(reason=reason)
    commendation = Commendation.objects.create(
        staff=staff, awarded_on=awarded_on, points=points, reason=cleaned["reason"], awarded_by=actor
    )
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.AWARD,
        note=cleaned["reason"],
        changes={"points": points},
        **subject_of(commendation),
    )
    return commendation
