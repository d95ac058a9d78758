"""Inspections (督察) and their findings. A finding against a person becomes a violation of a rule; a
finding against a place or unit can raise a rectification case through `cases.services`."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.cases import services as cases
from chengguan.cases.models import Case
from chengguan.cases.states import Channel
from chengguan.core.files import atomic_write, store_file
from chengguan.core.refusals import require, require_actor, required
from chengguan.org.models import Department, Staff
from chengguan.org.timeline import record_event

from .. import rules
from ..models import (
    ConductAction,
    ConductEvent,
    Finding,
    FindingEvidence,
    FindingTarget,
    Inspection,
    InspectionKind,
    InspectionState,
    Rule,
    subject_of,
)
from .common import ConductCode, ConductRefused, sha256_of, vet_evidence
from .violations import create_violation

MAX_EVIDENCE_BYTES = 200 * 2**20


@transaction.atomic
def create_inspection(
    *,
    actor,
    kind: str,
    title: str,
    held_on: date,
    department: Department,
    inspectors,
    scope_departments=(),
    scope_staff=(),
    scope_places: str = "",
    checklist=(),
) -> Inspection:
    require_actor(actor)
    require(rules.is_discipline(actor), _("Only the discipline office opens inspections."))
    errors = {}
    if kind not in InspectionKind.values:
        errors["kind"] = [_("Unknown kind of inspection.")]
    inspectors = list(inspectors or [])
    if not inspectors:
        errors["inspectors"] = [_("Name at least one inspector.")]
    if errors:
        raise ValidationError(errors)
    cleaned = required(title=title)
    inspection = Inspection.objects.create(
        kind=kind,
        title=cleaned["title"],
        held_on=held_on,
        department=department,
        scope_places=(scope_places or "").strip(),
        checklist=[item.strip() for item in checklist if item and item.strip()],
        created_by=actor,
    )
    inspection.inspectors.set(inspectors)
    inspection.scope_departments.set(list(scope_departments or []))
    inspection.scope_staff.set(list(scope_staff or []))
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.CREATE,
        changes={"kind": kind},
        **subject_of(inspection),
    )
    return inspection


def _lock(inspection_id: int) -> Inspection:
    return Inspection.objects.select_for_update().get(pk=inspection_id)


@atomic_write
def record_finding(
    *,
    actor,
    inspection_id: int,
    target: str,
    description: str,
    staff: Staff | None = None,
    rule: Rule | None = None,
    place: str = "",
    raise_case: bool = False,
    evidence=(),
) -> Finding:
    """A finding with its evidence files. Against a person (staff and rule required) it records the
    violation at once; against a place (place required) it raises a rectification case when asked."""
    require_actor(actor)
    inspection = _lock(inspection_id)
    require(rules.is_discipline(actor), _("Only the discipline office records findings."))
    if inspection.state != InspectionState.OPEN:
        raise ConductRefused(
            _("The inspection is closed and takes no more findings."), code=ConductCode.INSPECTION_CLOSED
        )
    cleaned = required(description=description)
    errors = {}
    if target == FindingTarget.PERSON:
        if staff is None:
            errors["staff"] = [_("Choose the staff member.")]
        if rule is None:
            errors["rule"] = [_("Choose the rule that was broken.")]
    elif target == FindingTarget.PLACE:
        if not (place or "").strip():
            errors["place"] = [_("Name the place or unit.")]
    else:
        errors["target"] = [_("Say whether the finding is against a person or a place.")]
    files = _read_files(evidence, errors)
    if errors:
        raise ValidationError(errors)
    finding = Finding.objects.create(
        inspection=inspection,
        target=target,
        staff=staff if target == FindingTarget.PERSON else None,
        rule=rule if target == FindingTarget.PERSON else None,
        place=(place or "").strip(),
        description=cleaned["description"],
        recorded_by=actor,
    )
    for name, stored_name, data in files:
        row = FindingEvidence(
            finding=finding, original_name=name[:200], sha256=sha256_of(data), size=len(data)
        )
        store_file(row.file, stored_name[-80:] or "evidence", data)
        row.save()
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.RECORD,
        changes={"inspection": inspection.pk, "files": len(files)},
        **subject_of(finding),
    )
    if target == FindingTarget.PERSON:
        create_violation(
            actor=actor,
            staff=staff,
            rule=rule,
            occurred_on=inspection.held_on,
            description=cleaned["description"],
            finding=finding,
        )
    elif raise_case:
        result = cases.report_case(
            description=_("Conduct inspection finding at %(place)s: %(text)s")
            % {"place": finding.place, "text": finding.description},
            channel=Channel.CONDUCT,
            address=finding.place,
            actor=actor,
            origin_type="conduct.finding",
            origin_id=str(finding.pk),
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


def _read_files(uploads, errors) -> list[tuple[str, bytes]]:
    files = []
    for upload in uploads or []:
        data = upload.read(MAX_EVIDENCE_BYTES + 1)
        name = getattr(upload, "name", "") or "evidence"
        if not data:
            errors.setdefault("evidence", []).append(_("%(name)s is empty.") % {"name": name})
        elif len(data) > MAX_EVIDENCE_BYTES:
            errors.setdefault("evidence", []).append(_("%(name)s is too large.") % {"name": name})
        else:
            try:
                stored_name, data = vet_evidence(name, data)
            except ValidationError as refused:
                errors.setdefault("evidence", []).extend(refused.messages)
                continue
            files.append((name, stored_name, data))
    return files


@transaction.atomic
def close_inspection(*, actor, inspection_id: int, report: str) -> Inspection:
    require_actor(actor)
    inspection = _lock(inspection_id)
    require(rules.is_discipline(actor), _("Only the discipline office closes inspections."))
    if inspection.state != InspectionState.OPEN:
        raise ConductRefused(_("The inspection is already closed."), code=ConductCode.INSPECTION_CLOSED)
    cleaned = required(report=report)
    inspection.state, inspection.report = InspectionState.CLOSED, cleaned["report"]
    inspection.save(update_fields=["state", "report", "updated_at"])
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.CLOSE,
        note=cleaned["report"],
        **subject_of(inspection),
    )
    return inspection


@transaction.atomic
def substantiate_complaint(
    *, actor, case_id: int, staff: Staff, rule: Rule, description: str, occurred_on: date | None = None
):
    """A public complaint about a staff member's conduct (a case) is found true: record the violation,
    linked back to the case."""
    require_actor(actor)
    require(rules.is_discipline(actor), _("Only the discipline office substantiates complaints."))
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        raise ValidationError({"case": [_("No such case.")]})
    day = occurred_on or timezone.localtime(case.reported_at).date()
    return create_violation(
        actor=actor, staff=staff, rule=rule, occurred_on=day, description=description, case_id=case.pk
    )
