"""Closing several verified cases in one go (结案, from the desk's "verified, waiting to close" queue)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chengguan.core.files import atomic_write
from chengguan.core.refusals import require_actor

from ..models import Case
from ..workflow import CaseRefused
from .lifecycle import close_case

MAX_BATCH = 100


@dataclass
class BatchResult:
    closed: list[Case] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (case id, why), in the order given


@atomic_write
def close_cases(*, actor, case_ids, note: str = "") -> BatchResult:
    """Close each case through the one single-case close (`close_case`: lock, transition table, event,
    follow-up, notification after the commit), each in its own savepoint: a refused case is rolled back
    whole and left as it was, the others close. Returns which closed and which were refused, and why."""
    require_actor(actor)
    ids = _ids(case_ids)
    if not ids:
        raise ValidationError({"cases": [_("Select the cases to close.")]})
    if len(ids) > MAX_BATCH:
        raise ValidationError({"cases": [_("Close at most %(count)d cases at once.") % {"count": MAX_BATCH}]})
    result = BatchResult()
    for case_id in ids:
        if not Case.objects.filter(pk=case_id).exists():
            result.refused.append((case_id, _("There is no such case.")))
            continue
        try:
            result.closed.append(close_case(case_id=case_id, actor=actor, note=note))
        except CaseRefused as exc:
            result.refused.append((case_id, exc.message))
        except ValidationError as exc:
            result.refused.append((case_id, " ".join(exc.messages)))
    return result


def _ids(case_ids) -> list[int]:
    """The ids, each once, in the order given; anything but a positive whole number is a field error."""
    ids = []
    for value in case_ids or ():
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError({"cases": [_("Unknown case: %(value)s.") % {"value": value}]}) from None
        if number <= 0:
            raise ValidationError({"cases": [_("Unknown case: %(value)s.") % {"value": value}]})
        if number not in ids:
            ids.append(number)
    return ids
