"""Auto-dispatch (智能派单): a new report the classifier is sure enough of, in a category the bureau enabled,
is accepted and dispatched by the system through the ordinary lifecycle services; a dispatcher can pull it
back to the desk; every pull-back and every change of category becomes a labelled example for the next
training (`classifier.runtime.example_samples`)."""

import logging
import threading
import time
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core import audit
from chengguan.core.actors import SystemActor
from chengguan.core.files import atomic_write
from chengguan.core.refusals import require, require_actor
from chengguan.taxonomy import selectors as taxonomy
from chengguan.taxonomy.models import Category

from .. import rules
from ..models import AUTO_DISPATCH_JOB, AutoDispatch, AutoDispatchRule, Case, TrainingExample
from ..states import Action, RefusalCode, State
from ..workflow import CaseRefused
from .common import transition
from .lifecycle import _iso, accept_case, dispatch_case

log = logging.getLogger(__name__)

SYSTEM = SystemActor(AUTO_DISPATCH_JOB)
RULES_TTL = 30.0  # seconds a process trusts its "is any rule enabled?" answer (reset on every change here)


@dataclass(frozen=True)
class AutoOutcome:
    dispatched: bool
    reason: str  # why not, or what was done (for logs and tests; nothing personal)
    probability: float | None = None


# --- which categories -----------------------------------------------------------------------------------

_rules_lock = threading.Lock()
_rules_cache: tuple[float, frozenset[int]] | None = None


def enabled_categories() -> frozenset[int]:
    """The ids of the categories with auto-dispatch enabled (one query per process every RULES_TTL
    seconds): the intake checks them before scheduling anything, so a bureau without rules, and a report
    filed under a category without one, pay nothing."""
    global _rules_cache
    now = time.monotonic()
    cached = _rules_cache
    if cached is not None and now - cached[0] < RULES_TTL:
        return cached[1]
    enabled = frozenset(AutoDispatchRule.objects.filter(enabled=True).values_list("category_id", flat=True))
    with _rules_lock:
        _rules_cache = (now, enabled)
    return enabled


def forget_rules() -> None:
    global _rules_cache
    with _rules_lock:
        _rules_cache = None


@atomic_write
def set_auto_dispatch(
    *, category: Category, actor, enabled: bool, threshold: Decimal | float | str | None = None
) -> AutoDispatchRule:
    """Enable or disable auto-dispatch for a subclass, with its confidence threshold (0.50–0.99)."""
    require_actor(actor)
    require(
        rules.manages_auto_dispatch(actor),
        _("Only an administrator or a shift lead may configure auto-dispatch."),
    )
    if category.parent_id is None or not category.is_active:
        raise ValidationError({"category": [_("Choose an active subclass, not a major class.")]})
    rule, _created = AutoDispatchRule.objects.select_for_update().get_or_create(category=category)
    old = {"enabled": rule.enabled, "threshold": str(rule.threshold)}
    if threshold is not None:
        try:
            value = Decimal(str(threshold)).quantize(Decimal("0.01"))
        except ArithmeticError:
            value = Decimal(-1)
        if not Decimal("0.50") <= value <= Decimal("0.99"):
            raise ValidationError({"threshold": [_("Give a threshold from 0.50 to 0.99.")]})
        rule.threshold = value
    rule.enabled = enabled
    rule.updated_by = actor.get_username()[:150]
    rule.save()
    audit.record(
        "cases.auto_dispatch_rule",
        actor=actor,
        target=rule,
        data={"category": category.code, "old": old, "enabled": enabled, "threshold": str(rule.threshold)},
    )
    transaction.on_commit(forget_rules)
    forget_rules()
    return rule


# --- dispatching ----------------------------------------------------------------------------------------


def schedule(case_id: int, category_id: int | None) -> None:
    """After a report is stored: auto-dispatch it in the background when a rule may apply: the report has
    no category (the classifier may find one with a rule) or its category has one (`auto_dispatch_case`
    leaves a report whose reporter chose another category than the best suggestion)."""
    enabled = enabled_categories()
    if not enabled or (category_id is not None and category_id not in enabled):
        return
    from ..tasks import auto_dispatch  # the tasks module imports the services

    auto_dispatch.enqueue(case_id)


def auto_dispatch_case(*, case_id: int, actor) -> AutoOutcome:
    """Accept and dispatch a new report when its best suggestion is a category with auto-dispatch enabled
        and the calibrated probability reaches the category's threshold; else leave it on the desk. The
        events say which model version and probability, and the `AutoDispatch` row keeps them. `actor` is the
    job, `SYSTEM` (the transition table lets that job, and no other, accept and dispatch)."""
    require_actor(actor)
    require(actor == SYSTEM, _("Only the auto-dispatch job dispatches on the classifier's word."))
    from .. import classify  # the classifier imports the models; loaded on first use

    case = Case.objects.select_related("category", "community").filter(pk=case_id).first()
    if case is None or case.state != State.REPORTED:
        return AutoOutcome(False, "not a new report")
    found = classify.suggest(case.search_text or case.description, limit=1)
    if not found:
        return AutoOutcome(False, "no suggestion")
    best = found[0]
    if case.category_id and case.category_id != best.category.pk:
        return AutoOutcome(False, "the reporter chose another category", best.probability)
    rule = AutoDispatchRule.objects.filter(category=best.category, enabled=True).first()
    if rule is None:
        return AutoOutcome(False, f"auto-dispatch is not enabled for {best.category_code}", best.probability)
    if best.probability < float(rule.threshold):
        return AutoOutcome(False, f"below the threshold {rule.threshold}", best.probability)
    department = taxonomy.responsible_department(best.category, case.community)
    if department is None or not department.is_active:
        return AutoOutcome(False, "no responsible department", best.probability)
    return _dispatch(case, best, rule, department, actor)


@atomic_write
def _dispatch(case, best, rule, department, actor) -> AutoOutcome:
    version = _("v%(n)s") % {"n": best.version} if best.version else _("trained in the process")
    note = _(
        "Auto-dispatched (智能派单): the classifier (model %(version)s) is %(percent)s%% sure this is "
        "%(category)s, at or above the threshold of %(threshold)s%% set for it; evidence: %(evidence)s."
    ) % {
        "version": version,
        "percent": f"{best.probability * 100:.1f}",
        "category": best.label,
        "threshold": f"{float(rule.threshold) * 100:.0f}",
        "evidence": "、".join(best.evidence) or "—",
    }
    try:
        accept_case(case_id=case.pk, actor=actor, category=best.category, note=note)
        case = dispatch_case(case_id=case.pk, actor=actor, department=department, note=note)
    except (CaseRefused, ValidationError) as exc:  # taken by a dispatcher meanwhile, or refused: stay
        transaction.set_rollback(True)
        return AutoOutcome(False, f"refused: {exc}", best.probability)
    AutoDispatch.objects.create(
        case=case,
        category=best.category,
        department=department,
        probability=best.probability,
        threshold=float(rule.threshold),
        model_version=best.version,
        evidence="、".join(best.evidence)[:200],
        dispatched_at=case.dispatched_at,
    )
    return AutoOutcome(True, f"dispatched to {department.code}", best.probability)


def current_auto_dispatch(case) -> AutoDispatch | None:
    """The case's auto-dispatch while it still holds: the case is dispatched by it and not pulled back.
    No query for a case in another state, nor for one read with `selectors.visible_cases` (which joins it)."""
    if case.state != State.DISPATCHED:
        return None
    try:
        record = case.auto_dispatch
    except AutoDispatch.DoesNotExist:
        return None
    return _holds(case, record)


def _holds(case, record) -> AutoDispatch | None:
    if record is None or record.pulled_back_at is not None or case.state != State.DISPATCHED:
        return None
    return record if record.dispatched_at == case.dispatched_at else None


@atomic_write
def pull_back_case(*, case_id: int, actor, note: str = "") -> Case:
    """Take an auto-dispatched case back to the desk (accepted, without department or category), before the
    department started on it. The system's category becomes a training example, labelled when a
    dispatcher classifies the case."""
    require_actor(actor)
    now = timezone.now()

    def change(case):
        record = AutoDispatch.objects.select_for_update().filter(case_id=case.pk).first()
        if _holds(case, record) is None:
            raise CaseRefused(
                _(
                    "Case %(number)s was not dispatched by the system: "
                    "only auto-dispatched cases are pulled back."
                )
                % {"number": case.number},
                code=RefusalCode.NOT_AUTO_DISPATCHED,
            )
        record.pulled_back_at, record.pulled_back_by = now, actor if actor.is_authenticated else None
        record.save(update_fields=["pulled_back_at", "pulled_back_by"])
        TrainingExample.objects.create(
            case=case,
            kind=TrainingExample.Kind.PULL_BACK,
            rejected_category=record.category,
            model_version=record.model_version,
            created_at=now,
            created_by=actor if actor.is_authenticated else None,
        )
        changes = {
            "department": [case.department.code if case.department_id else None, None],
            "category": [case.category.code if case.category_id else None, None],
            "deadline": [_iso(case.deadline), None],
        }
        case.department, case.category, case.deadline, case.dispatched_at = None, None, None, None
        case.limit_amount, case.limit_unit = None, ""
        return changes

    return transition(case_id, action=Action.PULL_BACK, actor=actor, note=note, change=change)
