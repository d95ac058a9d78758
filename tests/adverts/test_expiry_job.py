"""The periodic job: permits past their validity expire (by the system, on the timeline and in the audit
log), and the advertising section is reminded once of each permit that ends soon."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from chengguan.adverts.models import AdvertAction, PermitState
from chengguan.core.models import AuditEntry, Notification
from chengguan.ops.jobs import BY_NAME

from .conftest import application, approved

pytestmark = pytest.mark.django_db(transaction=True)  # notifications are queued when the work commits


def run(today) -> str:
    out = StringIO()
    call_command("adverts_expiry", today=today.isoformat(), stdout=out)
    return out.getvalue()


def test_the_job_expires_and_reminds_the_section_once(people, settings):
    settings.CHENGGUAN_ADVERTS_REMIND_DAYS = 30
    today = timezone.localdate()
    ending = approved(people, content_text="月底到期", valid_until=today + timedelta(days=20))
    lasting = approved(people, content_text="长期", valid_until=today + timedelta(days=200))
    pending = application(people, content_text="待批", valid_until=today + timedelta(days=5))

    assert run(today) == "0 permit(s) expired, 1 reminder(s) sent\n"
    ending.refresh_from_db()
    assert ending.reminded_at is not None
    told = set(
        Notification.objects.filter(kind="adverts.expiring").values_list("recipient__username", flat=True)
    )
    assert told == {"clerk", "section_leader"}  # the section's staff, not the bureau or other sections
    assert run(today) == "0 permit(s) expired, 0 reminder(s) sent\n"  # once

    assert run(today + timedelta(days=21)).startswith("1 permit(s) expired")
    ending.refresh_from_db()
    assert ending.state == PermitState.EXPIRED
    event = ending.events.get(action=AdvertAction.EXPIRE)
    assert event.by_system and event.actor_name == "system:adverts_expiry"
    assert AuditEntry.objects.filter(action="adverts.expire", target_id=str(ending.pk)).exists()
    lasting.refresh_from_db(), pending.refresh_from_db()
    assert lasting.state == PermitState.APPROVED and pending.state == PermitState.APPLIED


def test_the_job_is_scheduled_and_refuses_a_bad_date(db):
    assert BY_NAME["adverts_expiry"].command == "adverts_expiry"
    with pytest.raises(CommandError):
        call_command("adverts_expiry", today="tomorrow")
