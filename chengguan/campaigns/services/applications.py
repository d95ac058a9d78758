"""Taking part: units apply in the window; the applications are published as a notice (公示); when the
notice is confirmed they are accepted and their progress reports fall due."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.refusals import require_actor, required
from chengguan.notices import services as notices
from chengguan.org.timeline import record_event

from .. import rules
from ..models import Application, ApplicationState, CampaignEvent, CampaignState, EventAction, Unit
from .common import CampaignRefused, lock_application, lock_campaign, require_manager
from .reports import schedule_reports

APPLICATION_NOTICE = "campaigns.application"
# who settles a notice's outcome (the notices app may export the same actor as OUTCOME_ACTOR)
OUTCOME_ACTOR = notices.OUTCOME_ACTOR


@transaction.atomic
def apply_for_campaign(*, campaign_id: int, actor, unit_id: int, statement: str, now=None) -> Application:
    """A unit's application, by its own account (or entered by the civility office for it)."""
    require_actor(actor)
    campaign = lock_campaign(campaign_id)
    unit = Unit.objects.get(pk=unit_id)
    if not (rules.acts_for(actor, unit) or rules.manages(actor, campaign)):
        raise PermissionDenied(_("You may apply only for your own unit."))
    if campaign.state != CampaignState.OPEN:
        raise CampaignRefused(_("The campaign takes no more applications."))
    today = timezone.localdate(now or timezone.now())
    if not campaign.apply_from <= today <= campaign.apply_until:
        raise CampaignRefused(
            _("Applications are taken from %(start)s to %(end)s.")
            % {"start": campaign.apply_from, "end": campaign.apply_until}
        )
    if unit.kind not in campaign.unit_kinds:
        raise CampaignRefused(
            _("Units of the kind “%(kind)s” do not take part in this campaign.")
            % {"kind": unit.get_kind_display()}
        )
    if Application.objects.filter(campaign=campaign, unit=unit).exists():
        raise CampaignRefused(_("This unit has applied already."))
    required(statement=statement)
    application = Application.objects.create(
        campaign=campaign, unit=unit, statement=statement.strip(), submitted_at=now or timezone.now()
    )
    record_event(
        CampaignEvent,
        campaign=campaign,
        actor=actor,
        action=EventAction.APPLY,
        application=application,
        note=statement,
    )
    return application


@transaction.atomic
def refuse_application(*, application_id: int, actor, reason: str) -> Application:
    require_actor(actor)
    application = lock_application(application_id)
    require_manager(actor, application.campaign)
    if application.state != ApplicationState.SUBMITTED:
        raise CampaignRefused(_("Only a submitted application not yet on notice can be refused."))
    required(reason=reason)
    application.state, application.refusal_reason = ApplicationState.REFUSED, reason.strip()
    application.decided_at = timezone.now()
    application.save(update_fields=["state", "refusal_reason", "decided_at"])
    record_event(
        CampaignEvent,
        campaign=application.campaign,
        actor=actor,
        action=EventAction.REFUSE,
        application=application,
        note=reason,
    )
    return application


@transaction.atomic
def publish_applications(*, campaign_id: int, actor, window_days: int = 5, now=None):
    """Put every submitted application on one public notice; returns the notice."""
    require_actor(actor)
    campaign = lock_campaign(campaign_id)
    require_manager(actor, campaign)
    if campaign.state != CampaignState.OPEN:
        raise CampaignRefused(_("The campaign takes no more applications."))
    pending = list(
        Application.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, state=ApplicationState.SUBMITTED)
        .select_related("unit")
        .order_by("unit__kind", "unit__name")
    )
    if not pending:
        raise CampaignRefused(_("There is no submitted application to publish."))
    lines = [f"{n}. {a.unit.name}（{a.unit.get_kind_display()}）" for n, a in enumerate(pending, start=1)]
    body = _(
        "The following units have applied to take part in %(campaign)s. Objections may be filed during the "
        "notice period."
    ) % {"campaign": campaign.name}
    notice = notices.create_notice(
        actor=actor,
        title=_("Applications for %(campaign)s") % {"campaign": campaign.name},
        body=body + "\n\n" + "\n".join(lines),
        owner_department=campaign.owner_department,
        subject_type=APPLICATION_NOTICE,
        subject_id=str(campaign.pk),
        subject_label=campaign.name,
        window_days=window_days,
    )
    notices.publish_notice(notice_id=notice.pk, actor=actor, now=now)
    Application.objects.filter(pk__in=[a.pk for a in pending]).update(
        state=ApplicationState.IN_NOTICE, notice=notice
    )
    record_event(
        CampaignEvent,
        campaign=campaign,
        actor=actor,
        action=EventAction.NOTICE_APPLICATIONS,
        changes={"notice": notice.pk, "applications": [a.pk for a in pending]},
    )
    return notice


@transaction.atomic
def settle_application_notice(*, actor, notice_id: int, outcome: str) -> int:
    """The notice's outcome: confirmed → the applications on it are accepted and their reports fall due;
    withdrawn → they go back to submitted. Returns how many applications changed."""
    require_actor(actor)
    applications = list(
        Application.objects.select_for_update(of=("self",))
        .filter(notice_id=notice_id, state=ApplicationState.IN_NOTICE)
        .select_related("campaign", "unit")
    )
    now = timezone.now()
    for application in applications:
        if outcome == notices.Outcome.CONFIRMED:
            application.state, application.decided_at = ApplicationState.ACCEPTED, now
            application.save(update_fields=["state", "decided_at"])
            schedule_reports(application)
            record_event(
                CampaignEvent,
                campaign=application.campaign,
                actor=actor,
                action=EventAction.ACCEPT,
                application=application,
            )
        else:
            application.state, application.notice = ApplicationState.SUBMITTED, None
            application.save(update_fields=["state", "notice"])
    return len(applications)


def on_application_notice(notice, outcome: str) -> None:
    """Outcome handler registered with the notices app: acts as the notices' system actor."""
    settle_application_notice(actor=OUTCOME_ACTOR, notice_id=notice.pk, outcome=outcome)
