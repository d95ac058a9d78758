"""Launching a campaign from a template, its inspectors, and the participant units with their accounts."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chengguan.core import audit
from chengguan.core.phones import parse_phone
from chengguan.core.refusals import require_actor, required
from chengguan.core.text import normalize
from chengguan.org.models import Department, Staff
from chengguan.org.roles import RoleCode
from chengguan.org.timeline import record_event

from .. import blueprints, rules
from ..models import (
    Campaign,
    CampaignEvent,
    EventAction,
    Phase,
    StandardItem,
    Task,
    Unit,
    UnitKind,
    UnitMember,
    VetoCondition,
)
from .common import lock_campaign, require_manager

# the audit action of a log-in created here (`audit.Action` has no account action yet)
ACCOUNT_CREATED = audit.Action.ACCOUNT_CREATED


@transaction.atomic
def launch_campaign(
    *,
    actor,
    blueprint: str,
    owner_department: Department,
    starts_on: date,
    name: str = "",
    code: str = "",
    quota: dict | None = None,
    inspectors=(),
) -> Campaign:
    """A running campaign built from a template: phases dated from `starts_on`, the application window,
    the standards checklist, veto conditions, task lists, reporting rule, inspection plan and quota."""
    require_actor(actor)
    if not rules.may_launch(actor):
        raise PermissionDenied(_("Only the civility office may launch campaigns."))
    probe = Campaign(owner_department=owner_department)
    require_manager(actor, probe)
    errors = {}
    if blueprint not in blueprints.KEYS:
        errors["blueprint"] = [_("Unknown campaign template.")]
    if not isinstance(starts_on, date):
        errors["starts_on"] = [_("Give the start date.")]
    if quota is not None and not _valid_quota(quota):
        errors["quota"] = [_("The quota gives a whole number of units per kind of unit.")]
    if errors:
        raise ValidationError(errors)
    plan = blueprints.load(blueprint)
    name = (name or "").strip() or f"{plan['name']}（{starts_on.year}）"
    code = slugify(code or f"{blueprint}-{starts_on:%Y%m%d}")[:40]
    if Campaign.objects.filter(code=code).exists():
        raise ValidationError({"code": [_("A campaign with this code exists already.")]})
    total_days = sum(phase["days"] for phase in plan["phases"])
    campaign = Campaign.objects.create(
        code=code,
        name=name[:120],
        blueprint=blueprint,
        description=plan["description"],
        search_text=normalize(f"{name} {plan['description']}"),
        owner_department=owner_department,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=total_days - 1),
        apply_from=starts_on,
        apply_until=starts_on + timedelta(days=plan["apply_days"] - 1),
        unit_kinds=plan["unit_kinds"],
        report_day=plan.get("report_day"),
        remind_days=plan.get("remind_days", 3),
        inspections_planned=plan.get("inspections_planned", 1),
        inspection_plan=plan.get("inspection_plan", ""),
        quota=quota if quota is not None else plan["quota"],
        awards=plan.get("awards", ""),
        title=plan["title"],
        titles=plan.get("titles", {}),
        require_rectification=plan.get("require_rectification", True),
    )
    day = starts_on
    for order, phase in enumerate(plan["phases"]):
        end = day + timedelta(days=phase["days"] - 1)
        Phase.objects.create(campaign=campaign, name=phase["name"], starts_on=day, ends_on=end, order=order)
        day = end + timedelta(days=1)
    StandardItem.objects.bulk_create(
        StandardItem(campaign=campaign, order=order, points=Decimal(str(item.pop("points"))), **item)
        for order, item in enumerate(dict(row) for row in plan["standards"])
    )
    VetoCondition.objects.bulk_create(
        VetoCondition(campaign=campaign, text=text, order=order) for order, text in enumerate(plan["vetoes"])
    )
    Task.objects.bulk_create(
        Task(campaign=campaign, unit_kind=kind, text=text, order=order)
        for kind, texts in plan["tasks"].items()
        for order, text in enumerate(texts)
    )
    if inspectors:
        _assign(campaign, inspectors)
    record_event(
        CampaignEvent,
        campaign=campaign,
        actor=actor,
        action=EventAction.LAUNCH,
        changes={"blueprint": blueprint, "starts_on": str(starts_on)},
    )
    return campaign


def _valid_quota(quota) -> bool:
    return isinstance(quota, dict) and all(
        (key == "*" or key in UnitKind.values) and isinstance(n, int) and not isinstance(n, bool) and n >= 0
        for key, n in quota.items()
    )


def _assign(campaign: Campaign, inspectors) -> list[int]:
    staff = list(Staff.objects.filter(pk__in=[getattr(s, "pk", s) for s in inspectors], is_active=True))
    if any(not member.has_role(RoleCode.INSPECTOR) for member in staff) or len(staff) != len(set(inspectors)):
        raise ValidationError({"inspectors": [_("Choose active staff with the inspector role.")]})
    campaign.inspectors.set(staff)
    return [member.pk for member in staff]


@transaction.atomic
def assign_inspectors(*, campaign_id: int, actor, inspectors) -> Campaign:
    require_actor(actor)
    campaign = lock_campaign(campaign_id)
    require_manager(actor, campaign)
    ids = _assign(campaign, inspectors)
    record_event(
        CampaignEvent,
        campaign=campaign,
        actor=actor,
        action=EventAction.LAUNCH,
        note=_("Inspectors assigned."),
        changes={"inspectors": ids},
    )
    return campaign


@transaction.atomic
def register_unit(
    *,
    actor,
    name: str,
    kind: str,
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    department=None,
    area=None,
) -> Unit:
    """A participant unit (a school, a site, a shop …), entered by the civility office."""
    require_actor(actor)
    if not rules.may_launch(actor):
        raise PermissionDenied(_("Only the civility office may register units."))
    required(name=name)
    if kind not in UnitKind.values:
        raise ValidationError({"kind": [_("Unknown kind of unit.")]})
    if Unit.objects.filter(name=name.strip()).exists():
        raise ValidationError({"name": [_("A unit with this name exists already.")]})
    return Unit.objects.create(
        name=name.strip(),
        kind=kind,
        address=address.strip(),
        contact_name=contact_name.strip(),
        contact_phone=parse_phone(contact_phone, field="contact_phone")
        if (contact_phone or "").strip()
        else "",
        department=department,
        area=area,
    )


@transaction.atomic
def add_unit_account(*, actor, unit_id: int, username: str, password: str = "") -> UnitMember:
    """A log-in that acts for the unit: it applies, reports and sees its own scores."""
    require_actor(actor)
    if not rules.may_launch(actor):
        raise PermissionDenied(_("Only the civility office may create unit accounts."))
    required(username=username)
    unit = Unit.objects.get(pk=unit_id)
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValidationError({"username": [_("This user name is taken.")]})
    user = user_model.objects.create_user(username=username, password=password or get_random_string(16))
    member = UnitMember.objects.create(unit=unit, user=user)
    audit.record(
        ACCOUNT_CREATED, actor=actor, target=user, data={"username": username, "unit": unit.pk, "for": "unit"}
    )
    return member
