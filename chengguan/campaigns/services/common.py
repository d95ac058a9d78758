"""What every campaign write shares: the refusal with its stable codes, permission checks and the locks.
The checks (`require_actor`, `required`) come from `core.refusals`; the timeline row from
`org.timeline.record_event` with `CampaignEvent`."""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from chengguan.core.refusals import Refused, require_actor

from .. import rules
from ..models import Application, Campaign


class CampaignCode(StrEnum):
    """Why a campaign write was refused: stable values for clients and tests."""

    NOT_OPEN = "not_open"
    OUTSIDE_WINDOW = "outside_window"
    UNIT_KIND = "unit_kind"
    ALREADY_APPLIED = "already_applied"
    NOTHING_TO_PUBLISH = "nothing_to_publish"
    ALREADY_FILED = "already_filed"
    NOT_RUNNING = "not_running"
    RECTIFICATION_OPEN = "rectification_open"
    NOTHING_TO_PROPOSE = "nothing_to_propose"
    NO_TITLE = "no_title"
    WRONG_STATE = "wrong_state"


class CampaignRefused(Refused):
    """The action does not fit the state of the campaign or application; the message says why."""

    code = CampaignCode.WRONG_STATE


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
    require_actor(actor)
    if not rules.manages(actor, campaign):
        raise PermissionDenied(_("Only the civility office running this campaign may do this."))


def require_inspector(actor, campaign: Campaign) -> None:
    require_actor(actor)
    if not rules.may_inspect(actor, campaign):
        raise PermissionDenied(_("Only an inspector assigned to this campaign may score its units."))
