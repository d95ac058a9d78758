"""Triage of opinions (area and category, merging duplicates, splitting compound ones, setting aside) and
the rectification each one becomes: a case from the "evaluation" channel, dispatched to the responsible
unit, that runs the normal lifecycle (告知—整改—反馈—验收)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.cases import services as cases
from chengguan.cases.states import Channel
from chengguan.core.notify.message import Message
from chengguan.core.notify.services import notify_users
from chengguan.core.refusals import require_actor, required

from ..models import Opinion, OpinionState, Rectification, RoundAction
from .common import Code, EvaluationRefused, allowed, lock_round, log_event, person

OPEN_STATES = (OpinionState.NEW, OpinionState.TRIAGED)
ORIGIN_TYPE = "evaluation.opinion"


def _lock(opinion_id: int, actor):
    opinion = Opinion.objects.filter(pk=opinion_id).select_related("round").first()
    if opinion is None:
        raise ValidationError({"opinion": [_("No such opinion.")]})
    round_ = lock_round(opinion.round_id)
    allowed(actor, round_)
    opinion = Opinion.objects.select_for_update().get(pk=opinion_id)
    return round_, opinion


def _require_open(opinion: Opinion) -> None:
    if opinion.state not in OPEN_STATES:
        raise EvaluationRefused(
            _("The opinion is %(state)s: it can no longer be changed.")
            % {"state": opinion.get_state_display()},
            code=Code.OPINION_STATE,
        )


@transaction.atomic
def triage_opinion(
    *, opinion_id: int, actor, area=None, category=None, target=None, note: str = ""
) -> Opinion:
    require_actor(actor)
    round_, opinion = _lock(opinion_id, actor)
    _require_open(opinion)
    if category is not None and category.parent_id is None:
        raise ValidationError({"category": [_("Choose a subcategory.")]})
    if target is not None and target.round_id != round_.pk:
        raise ValidationError({"target": [_("Choose a target of this round.")]})
    old = {"area": opinion.area_id, "category": opinion.category_id, "target": opinion.target_id}
    opinion.area, opinion.category = area, category
    opinion.target = target or opinion.target
    opinion.note = (note or "").strip() or opinion.note
    opinion.state = OpinionState.TRIAGED
    opinion.save()
    new = {"area": opinion.area_id, "category": opinion.category_id, "target": opinion.target_id}
    changes = {k: [old[k], new[k]] for k in old if old[k] != new[k]}
    log_event(round_, action=RoundAction.TRIAGE, actor=actor, obj=opinion, **changes)
    return opinion


@transaction.atomic
def merge_opinions(*, opinion_id: int, duplicate_ids, actor) -> Opinion:
    """The duplicates are marked merged into `opinion_id`, which is kept and handled."""
    require_actor(actor)
    round_, opinion = _lock(opinion_id, actor)
    _require_open(opinion)
    ids = {int(i) for i in duplicate_ids or ()} - {opinion.pk}
    duplicates = list(Opinion.objects.select_for_update().filter(round=round_, pk__in=ids))
    if not ids or len(duplicates) != len(ids):
        raise ValidationError({"duplicates": [_("Choose other opinions of this round to merge.")]})
    for duplicate in duplicates:
        _require_open(duplicate)
        duplicate.state, duplicate.merged_into = OpinionState.MERGED, opinion
        duplicate.save(update_fields=["state", "merged_into"])
    log_event(round_, action=RoundAction.MERGE, actor=actor, obj=opinion, merged=sorted(ids))
    return opinion


@transaction.atomic
def split_opinion(*, opinion_id: int, actor, parts) -> list[Opinion]:
    """A compound opinion becomes two or more new ones (each handled on its own); the original is kept."""
    require_actor(actor)
    round_, opinion = _lock(opinion_id, actor)
    _require_open(opinion)
    texts = [p.strip() for p in parts or () if p and p.strip()]
    if len(texts) < 2:
        raise ValidationError({"parts": [_("Give at least two parts, one per line.")]})
    created = [
        Opinion.objects.create(
            round=round_,
            target=opinion.target,
            text=text,
            submitted_at=opinion.submitted_at,
            split_from=opinion,
            area=opinion.area,
            category=opinion.category,
        )
        for text in texts
    ]
    opinion.state = OpinionState.SPLIT
    opinion.save(update_fields=["state"])
    log_event(round_, action=RoundAction.SPLIT, actor=actor, obj=opinion, parts=[o.pk for o in created])
    return created


@transaction.atomic
def set_aside(*, opinion_id: int, actor, reason: str) -> Opinion:
    require_actor(actor)
    round_, opinion = _lock(opinion_id, actor)
    _require_open(opinion)
    required(reason=reason)
    opinion.state, opinion.note = OpinionState.SET_ASIDE, reason.strip()
    opinion.save(update_fields=["state", "note"])
    log_event(round_, action=RoundAction.DISMISS, actor=actor, note=reason, obj=opinion)
    return opinion


@transaction.atomic
def raise_rectification(
    *, opinion_id: int, actor, measure: str, department, responsible, due
) -> Rectification:
    """The triaged opinion becomes a case from the evaluation channel, carrying the measure, the unit, the
    person and the deadline. When the actor may also dispatch (a dispatcher or shift lead) the case is
    accepted and dispatched to the unit at once; otherwise it waits on the dispatcher's desk."""
    require_actor(actor)
    round_, opinion = _lock(opinion_id, actor)
    if opinion.state != OpinionState.TRIAGED:
        raise EvaluationRefused(
            _("Triage the opinion (area and category) before raising a rectification."), code=Code.NOT_READY
        )
    required(measure=measure, department=department, responsible=responsible, due=due)
    errors = {}
    if not department.is_active:
        errors["department"] = [_("%(name)s is not active.") % {"name": department}]
    if not responsible.is_active or not responsible.department.path.startswith(department.path):
        errors["responsible"] = [_("The responsible person must work in the responsible unit.")]
    if due < timezone.localdate():
        errors["due"] = [_("The deadline cannot be in the past.")]
    if opinion.category is None:
        errors["category"] = [_("Triage the opinion (area and category) before raising a rectification.")]
    if errors:
        raise ValidationError(errors)
    description = "\n".join(
        [
            opinion.text,
            _("Rectification measure: %(m)s") % {"m": measure.strip()},
            _("Responsible: %(unit)s, %(person)s; deadline %(due)s")
            % {"unit": department.name, "person": responsible.name, "due": due.isoformat()},
        ]
    )
    result = cases.report_case(
        description=description[:4000],
        channel=Channel.EVALUATION,
        address=(opinion.area.name if opinion.area else department.name),
        category=opinion.category,
        actor=actor,
        origin_type=ORIGIN_TYPE,
        origin_id=str(opinion.pk),
        intake_key=f"{ORIGIN_TYPE}:{opinion.pk}",
    )
    case = result.case
    try:
        cases.accept_and_dispatch(case_id=case.pk, actor=actor, department=department, note=measure.strip())
    except cases.TransitionRefused as exc:
        if exc.code != "forbidden_role":
            raise
    item = Rectification.objects.create(
        opinion=opinion,
        round=round_,
        case=case,
        measure=measure.strip(),
        department=department,
        responsible=responsible,
        due=due,
        created_by=person(actor),
        created_at=timezone.now(),
    )
    opinion.state = OpinionState.RECTIFYING
    opinion.save(update_fields=["state"])
    log_event(round_, action=RoundAction.RECTIFY, actor=actor, obj=opinion, case=case.number)
    notify_users(
        responsible,
        Message(
            subject=_("Rectification %(number)s is yours") % {"number": case.number},
            body=_("%(measure)s — deadline %(due)s") % {"measure": item.measure, "due": due.isoformat()},
            link=reverse("cases:detail", kwargs={"number": case.number}),
            kind="evaluation.rectification",
        ),
    )
    return item
