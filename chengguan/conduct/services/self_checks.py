"""Self-check phases (自查自纠): the discipline office opens a phase, every staff member in its scope submits
a written self-check against the 三查 items (and may revise it while the phase is open), those missing are
reminded (by a button or the daily job), and the office writes its summary of the submissions."""

from datetime import date, timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengguan.core.actors import SystemActor
from chengguan.core.notify.message import Message
from chengguan.core.notify.services import notify_users
from chengguan.core.refusals import require, require_actor, required
from chengguan.org.models import Department
from chengguan.org.rules import staff_of
from chengguan.org.timeline import record_event

from .. import rules
from ..models import ChecklistItem, ConductAction, ConductEvent, SelfCheck, SelfCheckPhase, subject_of
from ..selectors.checks import active_checklists, missing_self_checks, self_check_participants
from .common import ConductCode, ConductRefused

REMINDER_ACTOR = SystemActor("self_check_reminders")
REMIND_DAYS = 3  # the job reminds those missing on each of the phase's last days


@transaction.atomic
def open_self_check_phase(
    *,
    actor,
    title: str,
    starts_on: date,
    ends_on: date,
    department: Department | None = None,
    instructions: str = "",
) -> SelfCheckPhase:
    require_actor(actor)
    require(rules.is_discipline(actor), _("Only the discipline office opens self-check phases."))
    cleaned = required(title=title, starts_on=starts_on, ends_on=ends_on)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The phase cannot end before it starts.")]})
    if ends_on < timezone.localdate():
        raise ValidationError({"ends_on": [_("The phase cannot end in the past.")]})
    phase = SelfCheckPhase.objects.create(
        title=cleaned["title"],
        starts_on=starts_on,
        ends_on=ends_on,
        department=department,
        instructions=(instructions or "").strip(),
        created_by=actor,
    )
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.CREATE,
        changes={"starts_on": str(starts_on), "ends_on": str(ends_on)},
        **subject_of(phase),
    )
    message = Message(
        subject=gettext_lazy("Write your self-check"),
        body=_("%(title)s: submit your self-check by %(due)s.") % {"title": phase.title, "due": ends_on},
        link=reverse("conduct:my_self_check"),
        kind="conduct.self_check",
    )
    participants = list(self_check_participants(phase))
    transaction.on_commit(partial(notify_users, participants, message))
    return phase


@transaction.atomic
def submit_self_check(
    *, actor, phase_id: int, answers: dict, measures: str, causes: str = "", flagged_items=()
) -> SelfCheck:
    """The person's own self-check: what they found under each checklist (at least one answer), the
    causes and the corrective measures; submitted again, it replaces the earlier text."""
    require_actor(actor)
    phase = SelfCheckPhase.objects.select_for_update().get(pk=phase_id)
    own = staff_of(actor)
    require(own is not None and own.is_active, _("Only staff members submit self-checks."))
    if not phase.is_open_on(timezone.localdate()):
        raise ConductRefused(
            _("The phase runs from %(start)s to %(end)s: self-checks are taken only then.")
            % {"start": phase.starts_on, "end": phase.ends_on},
            code=ConductCode.PHASE_NOT_OPEN,
        )
    if not self_check_participants(phase).filter(pk=own.pk).exists():
        raise ConductRefused(_("You are not among the staff of this phase."), code=ConductCode.NOT_IN_PHASE)
    codes = {c.code for c in active_checklists()}
    cleaned_answers = {
        code: str(text).strip()[:4000]
        for code, text in (answers or {}).items()
        if code in codes and str(text).strip()
    }
    errors = {}
    if not cleaned_answers:
        errors["answers"] = [_("Write what you found under at least one of the three checks.")]
    if not (measures or "").strip():
        errors["measures"] = [_("Write the corrective measures.")]
    items = list(flagged_items or [])
    if any(not isinstance(i, ChecklistItem) or i.checklist.code not in codes for i in items):
        errors["flagged_items"] = [_("Choose items of the active checklists.")]
    if errors:
        raise ValidationError(errors)
    submission, created = SelfCheck.objects.update_or_create(
        phase=phase,
        staff=own,
        defaults={
            "answers": cleaned_answers,
            "causes": (causes or "").strip(),
            "measures": measures.strip(),
            "submitted_at": timezone.now(),
        },
    )
    submission.flagged_items.set(items)
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.SUBMIT,
        changes={"phase": phase.pk, "revised": not created, "items": len(items)},
        **subject_of(submission),
    )
    return submission


def _remind(phase: SelfCheckPhase, *, actor, today: date) -> int:
    missing = list(missing_self_checks(phase))
    phase.last_reminded_on = today
    phase.save(update_fields=["last_reminded_on", "updated_at"])
    message = Message(
        subject=gettext_lazy("Your self-check is missing"),
        body=_("%(title)s: submit your self-check by %(due)s.")
        % {"title": phase.title, "due": phase.ends_on},
        link=reverse("conduct:my_self_check"),
        kind="conduct.self_check_reminder",
    )
    transaction.on_commit(partial(notify_users, missing, message))
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.REMIND,
        changes={"missing": len(missing)},
        **subject_of(phase),
    )
    return len(missing)


@transaction.atomic
def remind_missing_self_checks(*, actor, phase_id: int) -> int:
    """The office reminds everyone in the phase who has not submitted; returns how many."""
    require_actor(actor)
    phase = SelfCheckPhase.objects.select_for_update().get(pk=phase_id)
    require(rules.is_discipline(actor), _("Only the discipline office sends reminders."))
    today = timezone.localdate()
    if not phase.is_open_on(today):
        raise ConductRefused(_("The phase is not open."), code=ConductCode.PHASE_NOT_OPEN)
    return _remind(phase, actor=actor, today=today)


@transaction.atomic
def remind_self_checks(*, actor, today: date | None = None) -> int:
    """The daily job: in each open phase's last `REMIND_DAYS` days, remind those missing once a day.
    Returns how many reminders were sent."""
    require_actor(actor)
    today = today or timezone.localdate()
    phases = SelfCheckPhase.objects.select_for_update().filter(
        starts_on__lte=today, ends_on__gte=today, ends_on__lte=today + timedelta(days=REMIND_DAYS)
    )
    sent = 0
    for phase in phases:
        if phase.last_reminded_on != today:
            sent += _remind(phase, actor=actor, today=today)
    return sent


@transaction.atomic
def summarise_self_checks(*, actor, phase_id: int, summary: str) -> SelfCheckPhase:
    """The office's written analysis of the submissions (汇总分析), printed in the summary report."""
    require_actor(actor)
    phase = SelfCheckPhase.objects.select_for_update().get(pk=phase_id)
    require(rules.is_discipline(actor), _("Only the discipline office writes the summary."))
    cleaned = required(summary=summary)
    phase.summary = cleaned["summary"]
    phase.save(update_fields=["summary", "updated_at"])
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.SUMMARISE,
        note=phase.summary[:500],
        **subject_of(phase),
    )
    return phase
