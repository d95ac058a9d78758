"""督办 by hand: a shift lead or a leader urges the department holding a case, with a note. The transition
table gates it (`Action.URGE`: shift lead or leader, while a department holds the case); the case keeps
its state, is marked `urged_at` for the department's inbox, gets a non-public URGE event on its timeline
(who, when, the note), and the department's handlers and leaders are notified after the commit."""

from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.files import atomic_write
from chengguan.core.refusals import require_actor

from .. import notifications
from ..models import Case
from ..states import Action
from .common import transition


@atomic_write
def urge_case(*, actor, case_id: int, note: str) -> Case:
    """Urge the department on the case; refused (TransitionRefused) for other roles or when no department
    holds it, ValidationError without a note. Returns the case."""
    require_actor(actor)

    def change(case):
        old = case.urged_at
        case.urged_at = timezone.now()
        return {"urged_at": [old.isoformat() if old else None, case.urged_at.isoformat()]}

    return transition(
        case_id,
        action=Action.URGE,
        actor=actor,
        note=note or "",
        required={"note": (note, _("Say what the department must do, and by when."))},
        change=change,
        after_commit=notifications.case_urged,
    )
