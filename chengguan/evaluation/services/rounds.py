"""Setting a round up (targets, questionnaire, nominees, weights), opening and closing it, and entering the
inspection results of its units."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.actors import is_system
from chengguan.core.refusals import require_actor, required
from chengguan.org.models import Department, Staff

from .. import rules
from ..models import (
    COMPONENTS,
    InspectionScore,
    Nominee,
    Question,
    QuestionKind,
    Round,
    RoundAction,
    RoundState,
    Target,
    TargetKind,
)
from .common import Code, EvaluationRefused, allowed, lock_round, log_event, person, require_state

SETUP_STATES = (RoundState.DRAFT,)


def _clean_round(*, title, start, end, max_choices, weights, eligible_voters=None) -> dict:
    required(title=title, start=start, end=end)
    errors: dict[str, list[str]] = {}
    if eligible_voters is not None and (
        isinstance(eligible_voters, bool)
        or not isinstance(eligible_voters, int)
        or not 0 < eligible_voters <= 100_000_000
    ):
        errors["eligible_voters"] = [_("The number of people invited is a whole number above 0.")]
    if end < start:
        errors["end"] = [_("The round cannot end before it starts.")]
    if isinstance(max_choices, bool) or not isinstance(max_choices, int) or not 0 <= max_choices <= 50:
        errors["max_choices"] = [_("Choose 0 to 50 outstanding individuals.")]
    cleaned = {}
    for name in COMPONENTS:
        value = (weights or {}).get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            errors[f"weight_{name}"] = [_("A weight is a whole number from 0 to 100.")]
        cleaned[f"weight_{name}"] = value
    if not errors and not any(cleaned.values()):
        errors["weight_satisfaction"] = [_("Give at least one component a weight.")]
    if errors:
        raise ValidationError(errors)
    return {
        "title": title.strip(),
        "start": start,
        "end": end,
        "max_choices": max_choices,
        "eligible_voters": eligible_voters,
        **cleaned,
    }


@transaction.atomic
def create_round(
    *,
    actor,
    title: str,
    owner_department: Department,
    start,
    end,
    description: str = "",
    max_choices: int = 0,
    weights: dict | None = None,
    eligible_voters: int | None = None,
) -> Round:
    """A draft round. The actor must run rounds for `owner_department` (their department or one below)."""
    require_actor(actor)
    round_ = Round(owner_department=owner_department, state=RoundState.DRAFT)
    if not is_system(actor) and not rules.may_manage_round(actor, round_):
        raise PermissionDenied(_("You may not run evaluation rounds for this department."))
    cleaned = _clean_round(
        title=title,
        start=start,
        end=end,
        max_choices=max_choices,
        weights=weights or {"satisfaction": 100},
        eligible_voters=eligible_voters,
    )
    for field, value in cleaned.items():
        setattr(round_, field, value)
    round_.description = (description or "").strip()
    round_.save()
    log_event(round_, action=RoundAction.CREATE, actor=actor)
    return round_


@transaction.atomic
def update_round(
    *,
    round_id: int,
    actor,
    title: str,
    start,
    end,
    description: str = "",
    max_choices: int = 0,
    weights: dict,
    eligible_voters: int | None = None,
) -> Round:
    """Change the set-up: everything while a draft; only the title, text and weights once open or closed."""
    require_actor(actor)
    round_ = lock_round(round_id)
    allowed(actor, round_)
    require_state(round_, RoundState.DRAFT, RoundState.OPEN, RoundState.CLOSED)
    cleaned = _clean_round(
        title=title,
        start=start,
        end=end,
        max_choices=max_choices,
        weights=weights,
        eligible_voters=eligible_voters,
    )
    if round_.state != RoundState.DRAFT:
        frozen = {"start": round_.start, "end": round_.end, "max_choices": round_.max_choices}
        if any(cleaned[field] != value for field, value in frozen.items()):
            raise EvaluationRefused(
                _("The period and the number of choices are fixed once voting opens."), code=Code.FROZEN
            )
    old = {field: str(getattr(round_, field)) for field in cleaned}
    for field, value in cleaned.items():
        setattr(round_, field, value)
    round_.description = (description or "").strip()
    round_.save()
    changed = {
        field: [old[field], str(value)] for field, value in cleaned.items() if old[field] != str(value)
    }
    log_event(round_, action=RoundAction.EDIT, actor=actor, **changed)
    return round_


@transaction.atomic
def add_target(
    *, round_id: int, actor, kind: str, department: Department, staff: Staff | None = None, name: str = ""
) -> Target:
    require_actor(actor)
    round_ = lock_round(round_id)
    allowed(actor, round_)
    require_state(round_, *SETUP_STATES)
    errors = {}
    if kind not in TargetKind.values:
        errors["kind"] = [_("Unknown kind of target.")]
    elif kind == TargetKind.STAFF and staff is None:
        errors["staff"] = [_("Choose the staff member rated.")]
    if department is None and staff is None:
        errors["department"] = [_("Choose the unit rated.")]
    if errors:
        raise ValidationError(errors)
    if kind != TargetKind.STAFF:
        staff = None
    department = staff.department if staff is not None else department
    name = (name or "").strip() or (staff.name if staff else department.name)
    if round_.targets.filter(kind=kind, department=department, staff=staff).exists():
        raise ValidationError({"department": [_("This target is already in the round.")]})
    target = Target.objects.create(
        round=round_,
        kind=kind,
        department=department,
        staff=staff,
        name=name[:100],
        sort_order=round_.targets.count() + 1,
    )
    log_event(
        round_,
        action=RoundAction.EDIT,
        actor=actor,
        obj=target,
        note=f"+ {target.name}",
        added_target=target.name,
    )
    return target


@transaction.atomic
def add_question(*, round_id: int, actor, text: str, kind: str = QuestionKind.RATING, required_: bool = True):
    require_actor(actor)
    round_ = lock_round(round_id)
    allowed(actor, round_)
    require_state(round_, *SETUP_STATES)
    required(text=text)
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": [_("Unknown kind of question.")]})
    question = Question.objects.create(
        round=round_,
        text=text.strip()[:200],
        kind=kind,
        required=required_,
        sort_order=round_.questions.count() + 1,
    )
    log_event(
        round_,
        action=RoundAction.EDIT,
        actor=actor,
        obj=question,
        note=f"+ {question.text}",
        added_question=question.text,
    )
    return question


@transaction.atomic
def add_nominee(*, round_id: int, actor, staff: Staff, citation: str = "") -> Nominee:
    require_actor(actor)
    round_ = lock_round(round_id)
    allowed(actor, round_)
    require_state(round_, *SETUP_STATES)
    if staff is None:
        raise ValidationError({"staff": [_("Choose the staff member nominated.")]})
    if round_.nominees.filter(staff=staff).exists():
        raise ValidationError({"staff": [_("%(name)s is already nominated.") % {"name": staff.name}]})
    nominee = Nominee.objects.create(round=round_, staff=staff, citation=(citation or "").strip()[:200])
    log_event(
        round_,
        action=RoundAction.EDIT,
        actor=actor,
        obj=nominee,
        note=f"+ {staff.name}",
        added_nominee=staff.name,
    )
    return nominee


@transaction.atomic
def remove_item(*, round_id: int, actor, kind: str, item_id: int) -> None:
    """Take a target, question or nominee out of a draft round."""
    require_actor(actor)
    round_ = lock_round(round_id)
    allowed(actor, round_)
    require_state(round_, *SETUP_STATES)
    model = {"target": Target, "question": Question, "nominee": Nominee}.get(kind)
    item = model.objects.filter(round=round_, pk=item_id).first() if model else None
    if item is None:
        raise ValidationError({"item": [_("No such item in this round.")]})
    label = str(item)
    item.delete()
    log_event(round_, action=RoundAction.EDIT, actor=actor, note=f"− {label}", **{f"removed_{kind}": label})


@transaction.atomic
def open_round(*, round_id: int, actor, now=None) -> Round:
    require_actor(actor)
    round_ = lock_round(round_id)
    allowed(actor, round_)
    require_state(round_, RoundState.DRAFT)
    if not round_.targets.exists():
        raise EvaluationRefused(_("Add at least one target before opening the round."), code=Code.NOT_READY)
    if not round_.questions.filter(kind=QuestionKind.RATING).exists():
        raise EvaluationRefused(
            _("Add at least one satisfaction question before opening the round."), code=Code.NOT_READY
        )
    if round_.max_choices and round_.nominees.count() < round_.max_choices:
        raise EvaluationRefused(
            _("There are fewer nominees than the choices a voter may make."), code=Code.NOT_READY
        )
    round_.state, round_.opened_at = RoundState.OPEN, now or timezone.now()
    round_.save(update_fields=["state", "opened_at", "updated_at"])
    log_event(round_, action=RoundAction.OPEN, actor=actor)
    return round_


@transaction.atomic
def close_round(*, round_id: int, actor, now=None) -> Round:
    require_actor(actor)
    round_ = lock_round(round_id)
    allowed(actor, round_)
    require_state(round_, RoundState.OPEN)
    round_.state, round_.closed_at = RoundState.CLOSED, now or timezone.now()
    round_.save(update_fields=["state", "closed_at", "updated_at"])
    log_event(round_, action=RoundAction.CLOSE, actor=actor)
    return round_


@transaction.atomic
def enter_inspection(*, round_id: int, actor, target_id: int, score, note: str = "") -> InspectionScore:
    """The inspection result (0–100) of a unit for this round; entering it again replaces it."""
    require_actor(actor)
    round_ = lock_round(round_id)
    allowed(actor, round_)
    require_state(round_, RoundState.OPEN, RoundState.CLOSED)
    target = round_.targets.filter(pk=target_id).first()
    if target is None or not target.is_unit:
        raise ValidationError({"target": [_("Choose a unit of this round.")]})
    try:
        value = Decimal(str(score)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"score": [_("An inspection score is a number from 0 to 100.")]})
    row = InspectionScore.objects.filter(target=target).first()
    old = str(row.score) if row else None
    row = row or InspectionScore(round=round_, target=target)
    row.score, row.note, row.entered_by, row.entered_at = (
        value,
        (note or "").strip()[:200],
        person(actor),
        timezone.now(),
    )
    row.save()
    log_event(round_, action=RoundAction.INSPECTION, actor=actor, obj=target, score=[old, str(value)])
    return row


def close_ended_rounds(*, actor, today=None) -> list[int]:
    """Close every open round whose voting period ended before `today` (the periodic job: `actor` is
    `CLOSE_ACTOR`). Returns the ids closed."""
    require_actor(actor)
    today = today or timezone.localdate()
    closed = []
    for pk in Round.objects.filter(state=RoundState.OPEN, end__lt=today).values_list("pk", flat=True):
        try:
            close_round(round_id=pk, actor=actor)
        except EvaluationRefused:  # closed by someone meanwhile
            continue
        closed.append(pk)
    return closed
