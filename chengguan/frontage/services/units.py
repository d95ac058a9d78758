"""Registering units (on the map or from a spreadsheet row), editing them, their agreements and revealing
a contact."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chengguan.core import audit
from chengguan.core.phones import parse_phone
from chengguan.core.refusals import require, require_actor, required
from chengguan.core.text import normalize

from .. import rules
from ..models import Agreement, EventAction, Unit, UnitKind
from .common import FrontageCode, FrontageRefused, log, place

NAME_MAX = Unit._meta.get_field("name").max_length
ADDRESS_MAX = Unit._meta.get_field("address").max_length


def clean_unit(*, name: str, address: str, kind: str, contact_name: str, contact_phone: str) -> dict:
    """Checked field values; ValidationError naming every bad field."""
    errors: dict[str, list[str]] = {}
    try:
        cleaned = required(name=name, address=address)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        cleaned = {"name": "", "address": ""}
    name, address = normalize(cleaned["name"] or ""), (cleaned["address"] or "").strip()
    if len(name) > NAME_MAX:
        errors["name"] = [_("The name is longer than %(n)s characters.") % {"n": NAME_MAX}]
    if len(address) > ADDRESS_MAX:
        errors["address"] = [_("The address is longer than %(n)s characters.") % {"n": ADDRESS_MAX}]
    if kind not in UnitKind.values:
        errors["kind"] = [_("The kind is a shop or a unit.")]
    phone = (contact_phone or "").strip()
    if phone:
        try:
            phone = parse_phone(phone, field="contact_phone")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    contact = (contact_name or "").strip()
    if len(contact) > 50:
        errors["contact_name"] = [_("The contact's name is longer than 50 characters.")]
    if errors:
        raise ValidationError(errors)
    return {"name": name, "address": address, "kind": kind, "contact_name": contact, "contact_phone": phone}


def _require_keeper(actor, department) -> None:
    require(
        rules.is_administrator(actor) or rules.keeps_department(actor, department),
        _("Only the staff of %(department)s keep units in this street.") % {"department": department.name},
    )


@transaction.atomic
def register_unit(
    *,
    actor,
    name: str,
    address: str,
    lng,
    lat,
    crs: str = "wgs84",
    kind: str = UnitKind.SHOP,
    contact_name: str = "",
    contact_phone: str = "",
    via_import: bool = False,
) -> Unit:
    """A new unit at a point inside the city; its cell, street and keeping department come from the grid
    and the responsibility list. The actor must keep that street."""
    require_actor(actor)
    require(rules.may_register(actor), _("Your role does not keep the 门前三包 register."))
    values = clean_unit(
        name=name, address=address, kind=kind, contact_name=contact_name, contact_phone=contact_phone
    )
    where = place(lng, lat, crs=crs)
    _require_keeper(actor, where["department"])
    if Unit.objects.filter(name=values["name"], address=values["address"]).exists():
        raise FrontageRefused(
            _("%(name)s at %(address)s is already registered.") % values, code=FrontageCode.DUPLICATE_UNIT
        )
    unit = Unit.objects.create(**values, **where, created_by=actor if actor.is_authenticated else None)
    log(
        actor=actor,
        action=EventAction.IMPORT if via_import else EventAction.REGISTER,
        unit=unit,
        cell=unit.cell_id,
        department=unit.department_id,
    )
    return unit


@transaction.atomic
def update_unit(
    *,
    actor,
    unit_id: int,
    name: str,
    address: str,
    lng,
    lat,
    crs: str = "wgs84",
    kind: str,
    contact_name: str | None = None,
    contact_phone: str | None = None,
    is_active: bool = True,
    via_import: bool = False,
) -> Unit:
    """Change a unit; a contact left as None stays as it is (the form shows it masked)."""
    require_actor(actor)
    unit = Unit.objects.select_for_update().select_related("department").get(pk=unit_id)
    require(rules.may_manage_unit(actor, unit), _("You may not change this unit."))
    values = clean_unit(
        name=name,
        address=address,
        kind=kind,
        contact_name=unit.contact_name if contact_name is None else contact_name,
        contact_phone=unit.contact_phone if contact_phone is None else contact_phone,
    )
    where = place(lng, lat, crs=crs)
    _require_keeper(actor, where["department"])
    if Unit.objects.filter(name=values["name"], address=values["address"]).exclude(pk=unit.pk).exists():
        raise FrontageRefused(
            _("%(name)s at %(address)s is already registered.") % values, code=FrontageCode.DUPLICATE_UNIT
        )
    changed = sorted(
        key
        for key, value in {**values, **where, "is_active": bool(is_active)}.items()
        if getattr(unit, key) != value
    )
    for key, value in {**values, **where, "is_active": bool(is_active)}.items():
        setattr(unit, key, value)
    unit.save()
    personal = {"contact_name", "contact_phone"}
    log(
        actor=actor,
        action=EventAction.IMPORT if via_import else EventAction.EDIT,
        unit=unit,
        fields=[key if key not in personal else f"{key} (private)" for key in changed],
    )
    return unit


@transaction.atomic
def record_agreement(
    *,
    actor,
    unit_id: int,
    signed_on: date,
    starts_on: date,
    ends_on: date,
    clean: bool = True,
    order: bool = True,
    green: bool = True,
    note: str = "",
) -> Agreement:
    """The unit's responsibility agreement (责任书): the duties it took on and its term."""
    require_actor(actor)
    unit = Unit.objects.select_for_update().select_related("department").get(pk=unit_id)
    require(rules.may_manage_unit(actor, unit), _("You may not record agreements for this unit."))
    cleaned = required(signed_on=signed_on, starts_on=starts_on, ends_on=ends_on)
    errors = {}
    if cleaned["ends_on"] < cleaned["starts_on"]:
        errors["ends_on"] = [_("The term ends before it starts.")]
    if cleaned["signed_on"] > cleaned["starts_on"]:
        errors["signed_on"] = [_("The agreement is signed on or before the first day of its term.")]
    if not (clean or order or green):
        errors["clean"] = [_("An agreement covers at least one of the three duties.")]
    if errors:
        raise ValidationError(errors)
    agreement = Agreement.objects.create(
        unit=unit,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        clean=bool(clean),
        order=bool(order),
        green=bool(green),
        note=(note or "").strip()[:200],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log(
        actor=actor,
        action=EventAction.AGREEMENT,
        unit=unit,
        agreement=agreement.pk,
        term=[str(starts_on), str(ends_on)],
        duties=agreement.duties,
    )
    return agreement


@transaction.atomic
def reveal_contact(*, actor, unit_id: int) -> dict:
    """The contact's real name and phone, for the unit's keepers and inspectors, with an audit entry."""
    require_actor(actor)
    unit = Unit.objects.select_related("department").get(pk=unit_id)
    if not rules.may_reveal_contact(actor, unit):
        raise PermissionDenied(_("You may not see this unit's contact."))
    audit.record(
        audit.Action.REVEAL, actor=actor, target=unit, data={"fields": ["contact_name", "contact_phone"]}
    )
    return {"name": unit.contact_name, "phone": unit.contact_phone}
