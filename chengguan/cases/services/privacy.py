"""Revealing a reporter's name and phone: only for the roles that call reporters back, always audited."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from chengguan.core import audit
from chengguan.core.refusals import require_actor

from .. import rules
from ..models import Case


@transaction.atomic
def reveal_reporter(*, case_id: int, actor, request=None) -> dict:
    require_actor(actor)
    case = Case.objects.get(pk=case_id)
    if not rules.can_reveal_reporter(actor, case):
        raise PermissionDenied(
            _("Only intake operators and dispatchers may see a reporter's name and phone.")
        )
    audit.record(
        audit.Action.REVEAL,
        actor=actor,
        target=case,
        request=request,
        data={"case": case.number, "fields": ["reporter_name", "reporter_phone"]},
    )
    return {"reporter_name": case.reporter_name, "reporter_phone": case.reporter_phone}
