"""The periodic job of the register: permits past their validity expire, and the section's staff are
reminded once of each permit that ends within the reminder days."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengguan.core.actors import SystemActor
from chengguan.core.notify import Message, notify_users
from chengguan.core.refusals import require_actor
from chengguan.org.roles import RoleCode
from chengguan.org.selectors import staff_with_role
from chengguan.org.timeline import record_event

from .. import selectors
from ..models import AdvertAction, Permit, PermitEvent, PermitState
from .common import audit_step

EXPIRY_ACTOR = SystemActor("adverts_expiry")


def responsible_staff(permit: Permit) -> list:
    """Who is told about a permit: the staff of its section who hold an account (handlers and leaders)."""
    if permit.department is None:
        return []
    people = []
    for role in (RoleCode.HANDLER, RoleCode.LEADER):
        people += [s for s in staff_with_role(role, permit.department) if s.user_id and s not in people]
    return people


@transaction.atomic
def run_expiry(*, actor, today: date | None = None) -> dict:
    """Expire what ended before `today` and remind the section of what ends soon. Returns the counts."""
    require_actor(actor)
    today = today or timezone.localdate()
    counts = {"expired": 0, "reminded": 0}
    for permit in selectors.permits_to_expire(today).select_for_update():
        permit.state, permit.ended_at = PermitState.EXPIRED, timezone.now()
        permit.save(update_fields=["state", "ended_at", "updated_at"])
        record_event(
            PermitEvent,
            actor=actor,
            action=AdvertAction.EXPIRE,
            permit=permit,
            from_state=PermitState.APPROVED,
            to_state=PermitState.EXPIRED,
            changes={"valid_until": str(permit.valid_until)},
        )
        audit_step(AdvertAction.EXPIRE, actor=actor, target=permit, data={"permit": permit.number})
        counts["expired"] += 1
    for permit in selectors.permits_to_remind(today).select_for_update(of=("self",)):
        people = responsible_staff(permit)
        notify_users(
            people,
            Message(
                subject=gettext_lazy("Advertising permit expires soon"),
                body=_("Permit %(number)s (%(content)s, %(address)s) is valid until %(day)s.")
                % {
                    "number": permit.number,
                    "content": permit.content_text,
                    "address": permit.address or "—",
                    "day": permit.valid_until,
                },
                link=reverse("adverts:permit", args=[permit.pk]),
                kind="adverts.expiring",
            ),
        )
        permit.reminded_at = timezone.now()
        permit.save(update_fields=["reminded_at", "updated_at"])
        record_event(
            PermitEvent,
            actor=actor,
            action=AdvertAction.REMIND,
            permit=permit,
            from_state=permit.state,
            to_state=permit.state,
            changes={"valid_until": str(permit.valid_until), "told": len(people)},
        )
        counts["reminded"] += 1
    return counts
