"""What every campaign write shares: the refusal, permission and input checks, the locks and the event row."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.org.selectors import actor_snapshot

from .. import rules
from ..models import Application, Campaign, CampaignEvent


class CampaignRefused(Exception):
    """The action does not fit the state of the campaign or application; the message says why."""


def lock_campaign(campaign_id: int) -> Campaign:
    return (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("owner_department")
        .get(pk=campaign_id)
    )


def lock_application(application_id: int) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("campaign__owner_department", "unit")
        .get(pk=application_id)
    )


def require_manager(actor, campaign: Campaign) -> None:
    if actor is not None and not rules.manages(actor, campaign):
        raise PermissionDenied(_("Only the civility office running this campaign may do this."))


def require_inspector(actor, campaign: Campaign) -> None:
    if not rules.may_inspect(actor, campaign):
        raise PermissionDenied(_("Only an inspector assigned to this campaign may score its units."))


def require_state(obj, *states: str) -> None:
    if obj.state not in states:
        raise CampaignRefused(_("Not possible while it is %(state)s.") % {"state": obj.get_state_display()})


def required(**values) -> None:
    missing = {
        field: [_("This field is required.")]
        for field, value in values.items()
        if value is None or (isinstance(value, str) and not value.strip())
    }
    if missing:
        raise ValidationError(missing)


def record_event(campaign, *, action: str, actor=None, application=None, note: str = "", **changes):
    who = actor_snapshot(actor)
    return CampaignEvent.objects.create(
        campaign=campaign,
        application=application,
        at=timezone.now(),
        action=action,
        actor=who["actor"],
        actor_name=who["actor_name"],
        actor_department=who["actor_department"],
        note=note.strip(),
        changes=changes,
    )
