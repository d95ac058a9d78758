"""Scoring: self-assessments by units, inspections by inspectors with evidence, findings that become
rectification cases (告知—整改—反馈—验收) and vetoes (一票否决)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.cases import services as cases
from chengguan.cases.states import Channel
from chengguan.core.files import atomic_write
from chengguan.core.refusals import require_actor, required
from chengguan.core.text import normalize
from chengguan.org.selectors import actor_snapshot
from chengguan.org.timeline import record_event

from .. import rules
from ..models import (
    HOLDS_TITLE,
    ApplicationState,
    CampaignEvent,
    CampaignState,
    EventAction,
    Finding,
    Inspection,
    InspectionKind,
    ItemScore,
    Title,
    Veto,
    VetoCondition,
)
from .common import CampaignRefused, lock_application, require_inspector
from .photos import check_photos, store_photos

FINDING_ORIGIN = "campaigns.finding"


def _clean_scores(campaign, scores: dict, *, unit_kind: str, need_evidence: bool) -> list[tuple]:
    """[(item, points, evidence)] for every checklist item that applies to the kind of unit (a building
    site is not scored against the school items), or ValidationError naming each bad item."""
    errors: dict[str, list[str]] = {}
    cleaned = []
    applying = list(campaign.standards_for(unit_kind))
    for item in applying:
        raw = scores.get(item.code)
        points, evidence = (list(raw) + [""])[:2] if isinstance(raw, tuple | list) else (raw, "")
        field = f"item_{item.code}"
        try:
            value = Decimal(str(points)).quantize(Decimal("0.1"))
        except (InvalidOperation, ValueError, TypeError):
            errors[field] = [_("Give the points for %(code)s.") % {"code": item.code}]
            continue
        if not Decimal(0) <= value <= item.points:
            errors[field] = [
                _("The points for %(code)s are 0 to %(max)s.") % {"code": item.code, "max": item.points}
            ]
            continue
        evidence = (evidence or "").strip()
        if need_evidence and value < item.points and not evidence:
            errors[field] = [
                _("Say what was found for %(code)s: points were deducted.") % {"code": item.code}
            ]
            continue
        cleaned.append((item, value, evidence))
    all_codes = set(campaign.standards.values_list("code", flat=True))
    unknown = set(scores) - all_codes
    if unknown:
        errors["scores"] = [_("Unknown items: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}]
    elsewhere = (set(scores) & all_codes) - {item.code for item in applying}
    if elsewhere:
        errors.setdefault("scores", []).append(
            _("These items are not for this kind of unit: %(codes)s.")
            % {"codes": ", ".join(sorted(elsewhere))}
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _store(application, *, kind, actor, scores, note, done_on) -> Inspection:
    who = actor_snapshot(actor)
    inspection = Inspection.objects.create(
        application=application,
        kind=kind,
        done_on=done_on or timezone.localdate(),
        by=who["actor"],
        by_name=who["actor_name"],
        note=note.strip(),
        total=sum((points for _item, points, _evidence in scores), Decimal(0)),
    )
    ItemScore.objects.bulk_create(
        ItemScore(
            inspection=inspection,
            item=item,
            points=points,
            evidence=evidence,
            search_text=normalize(evidence),
        )
        for item, points, evidence in scores
    )
    return inspection


def _require_running(application) -> None:
    if application.state != ApplicationState.ACCEPTED or application.campaign.state != CampaignState.OPEN:
        raise CampaignRefused(_("Only accepted units of a running campaign are scored."))


@transaction.atomic
def file_self_assessment(*, application_id: int, actor, scores: dict, note: str = "") -> Inspection:
    """The unit scores itself against the checklist (it does not count in the ranking)."""
    require_actor(actor)
    application = lock_application(application_id)
    if not rules.acts_for(actor, application.unit):
        raise PermissionDenied(_("Only the unit itself files its self-assessment."))
    _require_running(application)
    cleaned = _clean_scores(
        application.campaign, scores, unit_kind=application.unit.kind, need_evidence=False
    )
    inspection = _store(
        application, kind=InspectionKind.SELF, actor=actor, scores=cleaned, note=note, done_on=None
    )
    record_event(
        CampaignEvent,
        campaign=application.campaign,
        actor=actor,
        action=EventAction.SELF_ASSESS,
        application=application,
        changes={"total": str(inspection.total)},
    )
    return inspection


def official_score(application) -> Decimal | None:
    """The mean of the inspections' totals (None before the first inspection)."""
    totals = list(
        application.inspections.filter(kind=InspectionKind.INSPECTION).values_list("total", flat=True)
    )
    if not totals:
        return None
    return (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.1"))


@atomic_write
def inspect_unit(
    *, application_id: int, actor, scores: dict, findings=(), note: str = "", done_on=None, photos=()
) -> Inspection:
    """An inspector scores every checklist item with evidence for deductions; each finding (item code or
    "", text) becomes a rectification case through the case lifecycle."""
    require_actor(actor)
    application = lock_application(application_id)
    campaign = application.campaign
    require_inspector(actor, campaign)
    _require_running(application)
    cleaned = _clean_scores(campaign, scores, unit_kind=application.unit.kind, need_evidence=True)
    checked = check_photos(photos)
    items = {item.code: item for item in campaign.standards_for(application.unit.kind)}
    problems = []
    for code, text in findings:
        text = (text or "").strip()
        if text:
            if code and code not in items:
                raise ValidationError({"findings": [_("Unknown item %(code)s.") % {"code": code}]})
            problems.append((items.get(code), text))
    inspection = _store(
        application, kind=InspectionKind.INSPECTION, actor=actor, scores=cleaned, note=note, done_on=done_on
    )
    store_photos(checked, inspection=inspection)
    for item, text in problems:
        finding = Finding.objects.create(
            inspection=inspection, item=item, text=text, search_text=normalize(text)
        )
        label = f"{item.code} " if item else ""
        result = cases.report_case(
            description=f"【{campaign.name}】{application.unit.name}：{label}{text}",
            channel=Channel.CAMPAIGN,
            address=(application.unit.address or application.unit.name)[:200],
            actor=actor,
            origin_type=FINDING_ORIGIN,
            origin_id=str(finding.pk),
            intake_key=f"campaign-finding-{finding.pk}",
        )
        finding.case = result.case
        finding.save(update_fields=["case"])
        record_event(
            CampaignEvent,
            campaign=campaign,
            actor=actor,
            action=EventAction.FINDING,
            application=application,
            note=text,
            changes={"case": result.case.number},
        )
    application.score = official_score(application)
    application.save(update_fields=["score"])
    record_event(
        CampaignEvent,
        campaign=campaign,
        actor=actor,
        action=EventAction.INSPECT,
        application=application,
        note=note,
        changes={"total": str(inspection.total), "score": str(application.score)},
    )
    return inspection


@atomic_write
def record_veto(*, application_id: int, actor, condition_id: int, evidence: str, photos=()) -> Veto:
    """一票否决: the unit is disqualified whatever its score; a proposed unit drops off the list and a named
    unit loses its title at once."""
    require_actor(actor)
    application = lock_application(application_id)
    campaign = application.campaign
    require_inspector(actor, campaign)
    if application.state != ApplicationState.ACCEPTED:
        raise CampaignRefused(_("Only an accepted unit can be vetoed."))
    condition = VetoCondition.objects.filter(pk=condition_id, campaign=campaign).first()
    if condition is None:
        raise ValidationError({"condition": [_("Choose one of the campaign's veto conditions.")]})
    required(evidence=evidence)
    checked = check_photos(photos)
    veto = Veto.objects.create(
        application=application,
        condition=condition,
        evidence=evidence.strip(),
        search_text=normalize(evidence),
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    store_photos(checked, veto=veto)
    old_title = application.title
    application.disqualified = True
    if application.title in HOLDS_TITLE:
        application.title = Title.REVOKED
    elif application.title == Title.PROPOSED:
        application.title = Title.NONE
    application.save(update_fields=["disqualified", "title"])
    record_event(
        CampaignEvent,
        campaign=campaign,
        actor=actor,
        action=EventAction.VETO,
        application=application,
        note=evidence,
        changes={"condition": condition.text, "title": [old_title, application.title]},
    )
    return veto
