"""The one write of the field app: apply a result made on a device, exactly once.

Each result carries the device's idempotency key. A patrol report goes through the cases intake, which is
idempotent on the same key; a lifecycle action (verify, start, report handled, send back) runs in one
transaction with its `Submission` row, so a resent result is answered from that row instead of acting
again. A result the rules or the case's state refuse is answered with the reason and kept as refused."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chengguan.cases import selectors as cases_selectors
from chengguan.cases import services as cases
from chengguan.cases.states import Channel
from chengguan.core.refusals import Refused, require, require_actor
from chengguan.grid.bounds import check_in_area
from chengguan.org.selectors import staff_for
from chengguan.org.timeline import record_event

from .models import Kind, Outcome, Submission
from .rules import FIELD_ROLES, PATROL_ROLES

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class FieldRefused(Refused):
    code = "key_reused"


@dataclass(frozen=True)
class Receipt:
    outcome: str
    case_number: str
    message: str = ""
    code: str = ""
    replayed: bool = False

    @classmethod
    def of(cls, row: Submission, *, replayed: bool) -> "Receipt":
        return cls(row.outcome, row.case_number, row.note, row.code, replayed)


def submit_result(
    *,
    actor,
    key: str,
    kind: str,
    case_number: str = "",
    fields: dict,
    photos=(),
    photo_places=(),
    made_at: datetime | None = None,
) -> Receipt:
    """Apply one result sent by the field app. `fields` holds the kind's own values (description, category,
    lng, lat for a patrol report; passed and note for a verification; note; reason). `photo_places` is what
    the device recorded for each photo (taken_at, lng, lat, accuracy), kept beside the stripped photos.

    Raises ValidationError for a malformed submission (bad key or kind), FieldRefused when the key belongs
    to someone else's result; every refusal of the result itself is answered in the receipt."""
    require_actor(actor)
    staff = staff_for(actor)
    require(staff is not None and staff.has_role(*FIELD_ROLES), _("The field app is for field staff."))
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise ValidationError({"key": [_("Each result needs its device key (8 to 64 letters or digits).")]})
    if kind not in Kind.values:
        raise ValidationError({"kind": [_("Unknown kind of result.")]})
    if earlier := _earlier(actor, key):
        return earlier
    row = {"actor": actor, "key": key, "kind": kind, "made_at": made_at, "photos": list(photo_places)}
    try:
        if kind == Kind.PATROL:
            return _patrol(staff, fields, photos, row)
        return _action(case_number, fields, photos, row)
    except IntegrityError:  # the same key arrived twice at once: the other one acted
        if earlier := _earlier(actor, key):
            return earlier
        raise


def _earlier(actor, key: str) -> Receipt | None:
    row = Submission.objects.filter(key=key).first()
    if row is None:
        return None
    if row.actor_id != actor.pk:
        raise FieldRefused(_("This device key was used by someone else."))
    return Receipt.of(row, replayed=True)


def _patrol(staff, fields: dict, photos, row: dict) -> Receipt:
    if not staff.has_role(*PATROL_ROLES):
        return _refused(row, "", PermissionDenied(_("Only inspectors file patrol reports.")))
    try:
        _check_position(fields)
        result = cases.report_case(
            actor=row["actor"],
            channel=Channel.PATROL,
            description=fields.get("description", ""),
            category=fields.get("category") or None,
            lng=fields.get("lng"),
            lat=fields.get("lat"),
            address=fields.get("address", ""),
            photos=photos,
            intake_key=f"field-{row['key']}",
        )
    except (ValidationError, Refused, PermissionDenied) as exc:
        return _refused(row, "", exc)
    row["position"] = {name: fields[name] for name in ("lng", "lat", "accuracy") if name in fields}
    with transaction.atomic():
        return _done(row, result.case.number)


def _check_position(fields: dict) -> None:
    """A patrol report is made where the inspector stands: inside the area the bureau manages."""
    try:
        lng, lat = float(fields["lng"]), float(fields["lat"])
    except (KeyError, TypeError, ValueError):
        raise ValidationError({"lng": [_("Give the position of the problem.")]}) from None
    check_in_area(lng, lat, field="lng")


def _action(case_number: str, fields: dict, photos, row: dict) -> Receipt:
    actor = row["actor"]
    case = cases_selectors.case_for(actor, str(case_number or "")[:20])
    if case is None:
        return _refused(row, case_number, Refused(_("No such case, or not yours to see."), code="not_found"))
    try:
        with transaction.atomic():
            receipt = _done(row, case.number)
            _apply(row["kind"], case.pk, actor, fields, photos)
            return receipt
    except (ValidationError, Refused, PermissionDenied) as exc:
        return _refused(row, case.number, exc)


def _apply(kind: str, case_id: int, actor, fields: dict, photos) -> None:
    note = str(fields.get("note", ""))
    if kind == Kind.VERIFY:
        passed = fields.get("passed")
        if passed not in (True, False):
            raise ValidationError({"passed": [_("Say whether the verification passed.")]})
        cases.verify_case(case_id=case_id, actor=actor, passed=passed, note=note, photos=photos)
    elif kind == Kind.START:
        cases.start_handling(case_id=case_id, actor=actor, note=note)
    elif kind == Kind.HANDLED:
        cases.report_handled(case_id=case_id, actor=actor, note=note, photos=photos)
    else:
        cases.send_back_case(case_id=case_id, actor=actor, reason=str(fields.get("reason", "")))


def _done(row: dict, case_number: str) -> Receipt:
    _record(row, case_number, Outcome.DONE)
    return Receipt(Outcome.DONE, case_number)


def _refused(row: dict, case_number: str, exc: Exception) -> Receipt:
    code = getattr(exc, "code", "") if isinstance(exc, Refused) else "invalid"
    code = "forbidden" if isinstance(exc, PermissionDenied) else code
    message = _reason(exc)
    with transaction.atomic():
        _record(row, case_number, Outcome.REFUSED, code=code, message=message)
    return Receipt(Outcome.REFUSED, case_number, message, code)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)[:500]
    return str(getattr(exc, "message", "") or exc)[:500]


def _record(row: dict, case_number: str, outcome: str, *, code: str = "", message: str = "") -> None:
    record_event(
        Submission,
        actor=row["actor"],
        action=row["kind"],
        note=message,
        changes={name: row[name] for name in ("photos", "position") if row.get(name)},
        key=row["key"],
        case_number=case_number or "",
        outcome=outcome,
        code=code,
        made_at=row["made_at"],
    )
