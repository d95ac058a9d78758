"""Importing units from a spreadsheet. A file that cannot be read as a whole is refused and changes
nothing; otherwise each row is imported on its own (a savepoint each): a unit is created, or updated
when one with the same name and address is registered, with its agreement when the row gives one; a bad
row is refused with its row number and reason. The run and every refusal are kept for the result page."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core import audit
from chengguan.core.refusals import Refused, require, require_actor

from .. import rules
from ..models import ImportRun, Unit
from ..spreadsheet import SheetError, parse_date, parse_kind, read_sheet
from .units import clean_unit, record_agreement, register_unit, update_unit

MAX_BYTES = 5 * 2**20


class ImportRefused(Refused):
    code = "unreadable_file"
    http_status = 400


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


def _import_row(actor, values: dict) -> bool:
    """One row; True when a unit was created, False when one was updated."""
    kind = parse_kind(values.get("kind", ""))
    signed, starts, ends = (parse_date(values.get(key, "")) for key in ("signed_on", "starts_on", "ends_on"))
    if any((signed, starts, ends)) and not (starts and ends):
        raise ValueError(_("An agreement needs its first and last day."))
    fields = {
        "name": values.get("name", ""),
        "address": values.get("address", ""),
        "kind": kind,
        "contact_name": values.get("contact_name", ""),
        "contact_phone": values.get("contact_phone", ""),
    }
    clean = clean_unit(**fields)
    existing = Unit.objects.filter(name=clean["name"], address=clean["address"]).first()
    location = {"lng": values.get("lng"), "lat": values.get("lat")}
    if existing is None:
        unit, created = register_unit(actor=actor, via_import=True, **fields, **location), True
    else:
        kept = {
            key: None for key in ("contact_name", "contact_phone") if not values.get(key)
        }  # stay as they are
        unit = update_unit(
            actor=actor, unit_id=existing.pk, via_import=True, **{**fields, **kept}, **location
        )
        created = False
    if starts and ends:
        record_agreement(
            actor=actor, unit_id=unit.pk, signed_on=signed or starts, starts_on=starts, ends_on=ends
        )
    return created


def import_units(*, actor, data: bytes, filename: str) -> ImportRun:
    """Import a spreadsheet; ImportRefused when the file cannot be read at all. Each row commits alone, so
    a long file neither holds one lock for its whole length nor loses the good rows to a bad one."""
    require_actor(actor)
    require(rules.may_register(actor), _("Your role does not keep the 门前三包 register."))
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 2**20})
    try:
        sheet = read_sheet(data, filename)
    except SheetError as exc:
        raise ImportRefused(str(exc)) from None
    run = ImportRun(
        filename=(filename or "")[:200],
        imported_at=timezone.now(),
        rows=len(sheet.rows),
        imported_by=actor if actor.is_authenticated else None,
    )
    for number, values in sheet.rows:
        try:
            with transaction.atomic():
                if _import_row(actor, values):
                    run.created += 1
                else:
                    run.updated += 1
        except (ValidationError, ValueError, Refused, PermissionDenied) as exc:
            run.refused.append({"line": number, "name": values.get("name", "")[:100], "reason": _reason(exc)})
    with transaction.atomic():
        run.save()
        audit.record(
            audit.Action.IMPORT,
            actor=actor,
            target=run,
            data={"created": run.created, "updated": run.updated, "refused": len(run.refused)},
        )
    return run
