"""What dispatchers teach the classifier: every change of a case's category by a person, and the category
finally given to a case pulled back from auto-dispatch, is kept as a labelled example
(`TrainingExample`) that the next training learns from besides the history."""

from django.utils import timezone

from chengguan.core.actors import is_system

from ..models import TrainingExample
from ..states import State


def learn_from_classification(case, *, old_category_id: int | None, actor) -> None:
    """Called by the lifecycle whenever a person sets a case's category (inside its transaction): a changed
    category is a labelled example, and a pulled-back case's waiting example gets its label."""
    if is_system(actor) or case.category_id is None:
        return
    if old_category_id is None and case.state != State.REPORTED:  # a new report's first category: no query
        case.training_examples.filter(category__isnull=True).update(category_id=case.category_id)
    if old_category_id and old_category_id != case.category_id:
        TrainingExample.objects.create(
            case=case,
            kind=TrainingExample.Kind.RECATEGORISED,
            rejected_category_id=old_category_id,
            category_id=case.category_id,
            created_at=timezone.now(),
            created_by=actor if actor.is_authenticated else None,
        )
