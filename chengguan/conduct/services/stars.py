"""The star of the month (城管每月一星). Only staff with a full score that month may be nominated; a leader
of a section or brigade nominates from their department; a bureau leader decides with the nominees'
records beside them, and the decision is published as a notice (公示). When the notice is confirmed after
its objection period the star goes onto the public honour roll; a withdrawn notice withdraws the star."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.refusals import require, require_actor, required
from chengguan.notices import services as notices
from chengguan.org.models import Staff
from chengguan.org.rules import staff_of
from chengguan.org.timeline import record_event

from .. import rules
from ..models import ConductAction, ConductEvent, Nomination, Star, StarState, subject_of
from ..selectors import eligibility_of, month_start
from .common import ConductCode, ConductRefused

SUBJECT_TYPE = "conduct.star_of_month"
# who settles a star when its notice ends (the notices app may export the same actor as OUTCOME_ACTOR)
OUTCOME_ACTOR = notices.OUTCOME_ACTOR


def notice_window_days() -> int:
    return int(getattr(settings, "CHENGGUAN_CONDUCT_STAR_NOTICE_DAYS", 5))


def _department_of(actor, *, default):
    own = staff_of(actor)
    return own.department if own is not None else default


def _require_eligible(staff: Staff, month: date) -> None:
    """A full score for the month and no pending or substantiated serious violation (五个严禁) in it."""
    eligibility = eligibility_of(staff, month)
    if eligibility["eligible"]:
        return
    raise ConductRefused(
        _("%(name)s cannot be the star of %(month)s: %(reasons)s.")
        % {"name": staff.name, "month": f"{month:%Y-%m}", "reasons": "；".join(eligibility["reasons"])},
        code=ConductCode.NOT_FULL_SCORE if not eligibility["full"] else ConductCode.SERIOUS_VIOLATION,
    )


@transaction.atomic
def nominate_star(*, actor, staff: Staff, month: date, reason: str) -> Nomination:
    require_actor(actor)
    month = month_start(month)
    require(rules.may_nominate(actor, staff), _("Only a leader of the person's department nominates them."))
    if month > month_start(timezone.localdate()):
        raise ValidationError({"month": [_("The month has not begun.")]})
    Staff.objects.select_for_update().filter(pk=staff.pk).first()
    _require_eligible(staff, month)
    if Nomination.objects.filter(month=month, staff=staff).exists():
        raise ConductRefused(
            _("%(name)s is already nominated for this month.") % {"name": staff.name},
            code=ConductCode.ALREADY_NOMINATED,
        )
    if Star.objects.filter(month=month).exclude(state=StarState.WITHDRAWN).exists():
        raise ConductRefused(_("The star of this month is already decided."), code=ConductCode.STAR_DECIDED)
    cleaned = required(reason=reason)
    nomination = Nomination.objects.create(
        month=month,
        staff=staff,
        department=_department_of(actor, default=staff.department),
        reason=cleaned["reason"],
        nominated_by=actor,
    )
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.NOMINATE,
        note=cleaned["reason"],
        changes={"staff": staff.pk},
        **subject_of(nomination),
    )
    return nomination


@transaction.atomic
def decide_star(*, actor, nomination_id: int, citation: str, now=None) -> Star:
    """The leadership picks one nominee; the decision is published at once as a notice."""
    require_actor(actor)
    nomination = (
        Nomination.objects.select_for_update().select_related("staff__department").get(pk=nomination_id)
    )
    require(rules.may_decide_star(actor), _("Only the bureau's leadership decides the star of the month."))
    if (
        Star.objects.select_for_update()
        .filter(month=nomination.month)
        .exclude(state=StarState.WITHDRAWN)
        .exists()
    ):
        raise ConductRefused(_("The star of this month is already decided."), code=ConductCode.STAR_DECIDED)
    _require_eligible(nomination.staff, nomination.month)
    cleaned = required(citation=citation)
    star = Star.objects.create(
        month=nomination.month,
        nomination=nomination,
        staff=nomination.staff,
        citation=cleaned["citation"],
        decided_by=actor,
    )
    owner_department = _department_of(actor, default=nomination.department)
    label = _("Star of the month %(month)s") % {"month": f"{star.month:%Y-%m}"}
    notice = notices.create_notice(
        actor=actor,
        title=_("Public notice: star of the month %(month)s") % {"month": f"{star.month:%Y-%m}"},
        body=_(
            "The leadership has chosen %(name)s (%(department)s) as the star of the month %(month)s.\n\n"
            "%(citation)s\n\nObjections may be filed during the notice period."
        )
        % {
            "name": star.staff.name,
            "department": star.staff.department.name,
            "month": f"{star.month:%Y-%m}",
            "citation": star.citation,
        },
        owner_department=owner_department,
        subject_type=SUBJECT_TYPE,
        subject_id=str(star.pk),
        subject_label=label,
        window_days=notice_window_days(),
    )
    notices.publish_notice(notice_id=notice.pk, actor=actor, now=now)
    star.notice_id = notice.pk
    star.save(update_fields=["notice_id", "updated_at"])
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.DECIDE,
        note=cleaned["citation"],
        changes={"notice": notice.pk},
        **subject_of(star),
    )
    return star


@transaction.atomic
def settle_star_notice(*, actor, notice, outcome: str) -> None:
    """A notice about a star ended: confirmed → on the honour roll; withdrawn → withdrawn."""
    require_actor(actor)
    star = Star.objects.select_for_update().filter(pk=int(notice.subject_id or 0)).first()
    if star is None or star.state != StarState.IN_NOTICE:
        return
    if outcome == notices.Outcome.CONFIRMED:
        star.state, star.confirmed_at = StarState.CONFIRMED, timezone.now()
        action = ConductAction.CONFIRMED
    elif outcome == notices.Outcome.WITHDRAWN:
        star.state, action = StarState.WITHDRAWN, ConductAction.WITHDRAWN
    else:
        return
    star.save(update_fields=["state", "confirmed_at", "updated_at"])
    record_event(ConductEvent, actor=actor, action=action, changes={"notice": notice.pk}, **subject_of(star))


def on_notice_outcome(notice, outcome: str) -> None:
    """The outcome handler registered with the notices app: acts as the notices' system actor."""
    settle_star_notice(actor=OUTCOME_ACTOR, notice=notice, outcome=outcome)
