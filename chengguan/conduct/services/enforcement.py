"""Enforcement records (执法全过程记录). An action is refused when an acting officer is an auxiliary
(协管员), lacks a valid enforcement certificate on the day, or when its evidence comes from fewer than
two recording devices. Evidence is stored under its SHA-256, never altered; every view or download is
written to the audit log (see `evidence`)."""

import mimetypes
from datetime import datetime
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.cases.models import Case
from chengguan.core.files import atomic_write, store_file
from chengguan.core.refusals import require, require_actor, required
from chengguan.org.roles import RoleCode
from chengguan.org.rules import staff_of
from chengguan.org.timeline import record_event

from .. import rules
from ..models import ConductAction, ConductEvent, EnforcementAction, EvidenceFile, subject_of
from .common import ConductCode, ConductRefused, sha256_of, vet_evidence

MIN_DEVICES = 2
MAX_EVIDENCE_BYTES = 2 * 2**30


class EnforcementRefused(ValidationError, ConductRefused):
    """The action may not be recorded as enforcement: a ConductRefused (code `enforcement_refused`) that
    carries its reasons per field, as a ValidationError does, so forms show each on its field."""

    code = ConductCode.ENFORCEMENT_REFUSED
    http_status = 400

    def __init__(self, errors: dict):
        Exception.__init__(self, errors)
        self.error_dict = ValidationError(errors).error_dict
        self.message = " ".join(m for ms in self.message_dict.values() for m in ms)


def officer_problems(officers, on) -> list[str]:
    """Why each of these officers may not enforce on the date `on` (empty when all may)."""
    problems = []
    for officer in officers:
        if officer.has_role(RoleCode.AUXILIARY):
            problems.append(
                _("%(name)s is an auxiliary (协管员): auxiliaries may not enforce.") % {"name": officer.name}
            )
        elif officer.valid_certificate(on) is None:
            problems.append(
                _("%(name)s has no valid enforcement certificate on %(date)s.")
                % {"name": officer.name, "date": on}
            )
    return problems


@atomic_write
def record_enforcement_action(
    *,
    actor,
    lead_officer,
    officers=(),
    started_at: datetime,
    ended_at: datetime,
    place: str,
    legal_basis: str,
    outcome: str,
    evidence=(),
    case_id: int | None = None,
) -> EnforcementAction:
    """`evidence`: (device, uploaded file) pairs. Everything is checked before anything is stored."""
    require_actor(actor)
    require(rules.may_record_enforcement(actor), _("You may not record enforcement actions."))
    own = staff_of(actor)
    everyone = [lead_officer, *[o for o in officers if o.pk != lead_officer.pk]]
    if (
        not rules.is_discipline(actor)
        and own not in everyone
        and not rules.leads_department_of(actor, lead_officer)
    ):
        raise ValidationError(
            {"lead_officer": [_("Record only actions you took part in or your department's.")]}
        )
    cleaned = required(place=place, legal_basis=legal_basis, outcome=outcome)
    errors: dict[str, list[str]] = {}
    if ended_at < started_at:
        errors["ended_at"] = [_("The action cannot end before it starts.")]
    if started_at > timezone.now():
        errors["started_at"] = [_("The action cannot start in the future.")]
    problems = officer_problems(everyone, timezone.localtime(started_at).date())
    if problems:
        errors["officers"] = problems
    if case_id is not None and not Case.objects.filter(pk=case_id).exists():
        errors["case"] = [_("No such case.")]
    files = _read(evidence, errors)
    devices = {device for device, *_rest in files}
    if len(devices) < MIN_DEVICES and "evidence" not in errors:
        errors["evidence"] = [
            _("Records from at least %(n)s recording devices are required; %(got)s given.")
            % {"n": MIN_DEVICES, "got": len(devices)}
        ]
    if errors:
        raise EnforcementRefused(errors)
    action = EnforcementAction.objects.create(
        case_id=case_id,
        lead_officer=lead_officer,
        department=lead_officer.department,
        started_at=started_at,
        ended_at=ended_at,
        place=cleaned["place"],
        legal_basis=cleaned["legal_basis"],
        outcome=cleaned["outcome"],
        recorded_by=actor,
    )
    action.officers.set(everyone)
    for device, name, stored_name, data in files:
        row = EvidenceFile(
            action=action,
            device=device,
            extension=PurePath(stored_name).suffix.lower()[:12],
            original_name=name[:200],
            content_type=mimetypes.guess_type(stored_name)[0] or "application/octet-stream",
            size=len(data),
            sha256=sha256_of(data),
        )
        store_file(row.file, stored_name, data)
        row.save()
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.RECORD,
        changes={"files": len(files), "devices": sorted(devices)},
        **subject_of(action),
    )
    return action


def _read(evidence, errors) -> list[tuple[str, str, bytes]]:
    files, seen = [], set()
    for device, upload in evidence or []:
        device = (device or "").strip()
        name = PurePath(getattr(upload, "name", "") or "evidence").name
        if not device:
            errors.setdefault("evidence", []).append(
                _("Name the recording device of %(name)s.") % {"name": name}
            )
            continue
        data = upload.read(MAX_EVIDENCE_BYTES + 1)
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
            if sha256_of(data) in seen:
                errors.setdefault("evidence", []).append(_("%(name)s is attached twice.") % {"name": name})
            else:
                seen.add(sha256_of(data))
                files.append((device[:60], name, stored_name, data))
    return files
