"""Study and drills with attendance (bureau monthly, brigades fortnightly, squads weekly by default).
An unexcused absence deducts CHENGGUAN_CONDUCT_ABSENCE_DEDUCTION points from the month's score."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.refusals import require, require_actor, required
from chengguan.org.models import Department, Staff
from chengguan.org.timeline import record_event

from .. import rules
from ..models import Attendance, ConductAction, ConductEvent, TrainingKind, TrainingSession, subject_of


@transaction.atomic
def record_training(
    *, actor, department: Department, kind: str, held_on: date, title: str, present=(), absent=(), excused=()
) -> TrainingSession:
    """A session held by `department`, with who attended. Everyone listed must belong to the department's
    subtree and appear in one list only."""
    require_actor(actor)
    require(
        rules.is_discipline(actor) or rules.leads_department_of(actor, Staff(department=department)),
        _("Only a leader of the department or the discipline office records its study and drills."),
    )
    errors = {}
    if kind not in TrainingKind.values:
        errors["kind"] = [_("Choose study or drill.")]
    if held_on > timezone.localdate():
        errors["held_on"] = [_("The date cannot be in the future.")]
    groups = [list(present), list(absent), list(excused)]
    everyone = [s for group in groups for s in group]
    if len({s.pk for s in everyone}) != len(everyone):
        errors["attendance"] = [_("Each person may be listed once.")]
    outside = [s.name for s in everyone if not s.department.path.startswith(department.path)]
    if outside:
        errors["attendance"] = [_("Not in this department: %(names)s.") % {"names": "、".join(outside)}]
    if errors:
        raise ValidationError(errors)
    cleaned = required(title=title)
    session = TrainingSession.objects.create(
        department=department, kind=kind, held_on=held_on, title=cleaned["title"], recorded_by=actor
    )
    Attendance.objects.bulk_create(
        [Attendance(session=session, staff=s, present=True) for s in groups[0]]
        + [Attendance(session=session, staff=s, present=False) for s in groups[1]]
        + [Attendance(session=session, staff=s, present=False, excused=True) for s in groups[2]]
    )
    record_event(
        ConductEvent,
        actor=actor,
        action=ConductAction.RECORD,
        changes={"present": len(groups[0]), "absent": len(groups[1])},
        **subject_of(session),
    )
    return session
