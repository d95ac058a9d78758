"""三查 checks (查作风, 查效能, 查廉洁) by the discipline office: opened against one checklist, scored item by
item, with findings against a staff member (the violation is recorded on the same path as an inspection's
finding) or a unit (a rectification case through `cases.services`), and closed with the written report to
the district's work-style office (作风办)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.cases import services as cases
from chengguan.cases.states import Channel
from chengguan.core.refusals import require, require_actor, required
from chengguan.org.models import Department, Staff
from chengguan.org.timeline import record_event

from .. import rules
from ..models import (
    Check,
    CheckFinding,
    CheckKind,
    Checklist,
    CheckMode,
    CheckScore,
    CheckState,
    CheckTarget,
    ConductAction,
    ConductEvent,
    Rule,
    subject_of,
)
from .common import ConductCode, ConductRefused
from .violations import create_violation

CASE_ORIGIN = "conduct.check_finding"


@transaction.atomic
def create_check(
    *,
    actor,
    checklist: Checklist,
    kind: str,
    mode: str,
    title: str,
    held_on: date,
    inspectors,
    units=(),
    basis: str = "",
) -> Check:
    """Open a check against one of the 三查 checklists. A targeted check names the evaluation opinions it
    follows up."""
    require_actor(actor)
    require(rules.is_discipline(actor), _("Only the discipline office makes 三查 checks."))
    errors = {}
    if kind not in CheckKind.values:
        errors["kind"] = [_("Unknown kind of check.")]
    if mode not in CheckMode.values:
        errors["mode"] = [_("Say whether the check is open or covert.")]
    if checklist is None or not checklist.is_active:
        errors["checklist"] = [_("Choose an active checklist.")]
    inspectors = list(inspectors or [])
    if not inspectors:
        errors["inspectors"] = [_("Name at least one inspector.")]
    if held_on is not None and held_on > timezone.localdate():
        errors["held_on"] = [_("The date cannot be in the future.")]
    basis = (basis or "").strip()
    if kind == CheckKind.TARGETED and not basis:
        errors["basis"] = [_("A targeted check names the evaluation opinions it follows up.")]
    if errors:
        raise ValidationError(errors)
    cleaned = required(title=title, held_on=held_on)
    check = Check.objects.create(
        checklist=checklist,
        kind=kind,
        mode=mode,
        title=cleaned["title"],
        held_on=held_on,
        basis=basis,
        created_by=actor,
    )
    check.inspectors.set(inspectors)
    check.units.set(list(units or []))
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.CREATE,
        changes={"checklist": checklist.code, "kind": kind, "mode": mode},
        **subject_of(check),
    )
    return check


def _lock_open(check_id: int, actor, message: str) -> Check:
    require_actor(actor)
    check = Check.objects.select_for_update().select_related("checklist").get(pk=check_id)
    require(rules.is_discipline(actor), message)
    if check.state != CheckState.OPEN:
        raise ConductRefused(
            _("The check is reported and can no longer be changed."), code=ConductCode.CHECK_REPORTED
        )
    return check


@transaction.atomic
def score_check(*, actor, check_id: int, scores: dict) -> Check:
    """Score the check's items: `scores` maps an item (or its pk) to a score, or to (score, note). Each
    score lies between 0 and the item's points; items of another checklist are refused."""
    check = _lock_open(check_id, actor, _("Only the discipline office scores checks."))
    items = {item.pk: item for item in check.checklist.items.filter(is_active=True)}
    errors, rows = [], []
    for key, value in (scores or {}).items():
        pk = getattr(key, "pk", key)
        score, note = value if isinstance(value, tuple | list) else (value, "")
        item = items.get(pk)
        if item is None:
            errors.append(_("Item %(pk)s is not on this checklist.") % {"pk": pk})
        elif isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= item.points:
            errors.append(
                _("Item %(number)s scores between 0 and %(points)s.")
                % {"number": item.number, "points": item.points}
            )
        else:
            rows.append((item, score, (note or "").strip()[:200]))
    if errors:
        raise ValidationError({"scores": errors})
    for item, score, note in rows:
        CheckScore.objects.update_or_create(
            check_record=check, item=item, defaults={"score": score, "note": note}
        )
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.SCORE,
        changes={str(item.number): score for item, score, _note in rows},
        **subject_of(check),
    )
    return check


@transaction.atomic
def record_check_finding(
    *,
    actor,
    check_id: int,
    target: str,
    description: str,
    item=None,
    staff: Staff | None = None,
    rule: Rule | None = None,
    department: Department | None = None,
    raise_case: bool = False,
) -> CheckFinding:
    """A finding under one of the check's items. Against a staff member it records the violation of the
    rule (the item's rule unless another is named) at once, as an inspection's finding does; against a
    unit it raises a rectification case when asked."""
    check = _lock_open(check_id, actor, _("Only the discipline office records findings."))
    cleaned = required(description=description)
    errors = {}
    if item is not None and item.checklist_id != check.checklist_id:
        errors["item"] = [_("The item is not on this check's checklist.")]
    if target == CheckTarget.PERSON:
        rule = rule or (item.rule if item is not None else None)
        if staff is None:
            errors["staff"] = [_("Choose the staff member.")]
        if rule is None:
            errors["rule"] = [_("This item names no rule: choose the rule that was broken.")]
    elif target == CheckTarget.UNIT:
        if department is None:
            errors["department"] = [_("Choose the unit.")]
    else:
        errors["target"] = [_("Say whether the finding is against a staff member or a unit.")]
    if errors:
        raise ValidationError(errors)
    person = target == CheckTarget.PERSON
    finding = CheckFinding.objects.create(
        check_record=check,
        item=item,
        target=target,
        staff=staff if person else None,
        rule=rule if person else None,
        department=None if person else department,
        description=cleaned["description"],
        recorded_by=actor,
    )
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.RECORD,
        changes={"check": check.pk, "item": item.number if item else None},
        **subject_of(finding),
    )
    if person:
        label = f"{check.checklist.name}：{item.text}" if item else check.checklist.name
        finding.violation = create_violation(
            actor=actor,
            staff=staff,
            rule=rule,
            occurred_on=check.held_on,
            description=f"{cleaned['description']}（{label}）",
        )
        finding.save(update_fields=["violation", "updated_at"])
    elif raise_case:
        result = cases.report_case(
            description=_("三查 check finding at %(unit)s: %(text)s")
            % {"unit": department.name, "text": finding.description},
            channel=Channel.CONDUCT,
            address=department.name,
            actor=actor,
            origin_type=CASE_ORIGIN,
            origin_id=str(finding.pk),
            intake_key=f"{CASE_ORIGIN}:{finding.pk}",
        )
        finding.case_id = result.case.pk
        finding.save(update_fields=["case_id", "updated_at"])
        record_event(
            ConductEvent,
            actor=actor,
            action=ConductAction.RAISE_CASE,
            changes={"case": result.case.number},
            **subject_of(finding),
        )
    return finding


@transaction.atomic
def report_check(*, actor, check_id: int, report: str) -> Check:
    """Close the check with its written report (to the district's work-style office)."""
    check = _lock_open(check_id, actor, _("Only the discipline office reports checks."))
    cleaned = required(report=report)
    check.state, check.report, check.reported_at = CheckState.REPORTED, cleaned["report"], timezone.now()
    check.save(update_fields=["state", "report", "reported_at", "updated_at"])
    record_event(
        ConductEvent, actor=actor, action=ConductAction.CLOSE, note=cleaned["report"], **subject_of(check)
    )
    return check
