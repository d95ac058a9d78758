"""Results: the ranking with the quota becomes a proposed list on a public notice; when the notice is
confirmed the units are named (certificate number, honour list); a named unit may later be warned, put
under a rectification deadline or have its title revoked, with reasons on record."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.cases.states import State as CaseState
from chengguan.core.refusals import require_actor, required
from chengguan.notices import services as notices
from chengguan.org.timeline import record_event

from ..models import (
    HOLDS_TITLE,
    Application,
    ApplicationState,
    Campaign,
    CampaignEvent,
    CampaignState,
    EventAction,
    Finding,
    Title,
)
from .applications import OUTCOME_ACTOR
from .common import CampaignRefused, lock_application, lock_campaign, require_manager

RESULTS_NOTICE = "campaigns.results"


def ranking(campaign) -> list[dict]:
    """Every accepted unit with its score, in rank order, and whether the quota lets it be named.
    Disqualified (vetoed) and unscored units are listed last and never named."""
    applications = list(
        Application.objects.filter(campaign=campaign, state=ApplicationState.ACCEPTED).select_related("unit")
    )
    eligible = sorted(
        (a for a in applications if not a.disqualified and a.score is not None),
        key=lambda a: (-a.score, a.unit.name),
    )
    others = sorted((a for a in applications if a.disqualified or a.score is None), key=lambda a: a.unit.name)
    quota = campaign.quota or {}
    overall = quota.get("*")
    taken_total, taken_by_kind, rows = 0, {}, []
    for rank, application in enumerate(eligible, start=1):
        kind = application.unit.kind
        kind_quota = quota.get(kind, overall if overall is not None else 0)
        within = taken_by_kind.get(kind, 0) < kind_quota and (overall is None or taken_total < overall)
        if within:
            taken_total += 1
            taken_by_kind[kind] = taken_by_kind.get(kind, 0) + 1
        rows.append({"application": application, "rank": rank, "score": application.score, "named": within})
    rows += [{"application": a, "rank": None, "score": a.score, "named": False} for a in others]
    return rows


def open_rectifications(campaign):
    """Findings whose rectification case is not closed yet (or that never became a case)."""
    return Finding.objects.filter(inspection__application__campaign=campaign).exclude(
        case__state=CaseState.CLOSED
    )


@transaction.atomic
def propose_results(*, campaign_id: int, actor, window_days: int = 5, now=None):
    """The ranking with the quota applied, as a proposed list on a public notice. Returns the notice."""
    require_actor(actor)
    campaign = lock_campaign(campaign_id)
    require_manager(actor, campaign)
    if campaign.state != CampaignState.OPEN:
        raise CampaignRefused(_("Results have been proposed already."))
    if campaign.require_rectification and (count := open_rectifications(campaign).count()):
        raise CampaignRefused(
            _("%(n)s rectification case(s) are still open; the campaign requires them closed before results.")
            % {"n": count}
        )
    rows = ranking(campaign)
    chosen = [row for row in rows if row["named"]]
    if not chosen:
        raise CampaignRefused(_("No unit has been scored without a veto: there is nothing to propose."))
    for row in rows:
        application = row["application"]
        application.rank = row["rank"]
        application.title = Title.PROPOSED if row["named"] else Title.NONE
        application.save(update_fields=["rank", "title"])
    lines = [
        f"{row['rank']}. {_unit_label(row['application'].unit)} {row['score']} "
        f"{campaign.title_for(row['application'].unit.kind)}"
        for row in chosen
    ]
    body = _("The following units are proposed to be named in %(campaign)s:") % {"campaign": campaign.name}
    notice = notices.create_notice(
        actor=actor,
        title=_("Proposed list: %(campaign)s") % {"campaign": campaign.name},
        body=body + "\n\n" + "\n".join(lines),
        owner_department=campaign.owner_department,
        subject_type=RESULTS_NOTICE,
        subject_id=str(campaign.pk),
        subject_label=campaign.name,
        window_days=window_days,
    )
    notices.publish_notice(notice_id=notice.pk, actor=actor, now=now)
    campaign.state, campaign.results_notice = CampaignState.RESULTS_PROPOSED, notice
    campaign.save(update_fields=["state", "results_notice", "updated_at"])
    record_event(
        CampaignEvent,
        campaign=campaign,
        actor=actor,
        action=EventAction.PROPOSE,
        changes={"notice": notice.pk, "proposed": [row["application"].pk for row in chosen]},
    )
    return notice


def _unit_label(unit) -> str:
    return f"{unit.name}（{unit.get_kind_display()}）"


@transaction.atomic
def settle_results_notice(*, actor, notice_id: int, outcome: str) -> int:
    """Confirmed → the proposed units are named with a certificate number; withdrawn → back to running."""
    require_actor(actor)
    campaign = Campaign.objects.select_for_update(of=("self",)).filter(results_notice_id=notice_id).first()
    if campaign is None or campaign.state != CampaignState.RESULTS_PROPOSED:
        return 0
    proposed = list(
        Application.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, title=Title.PROPOSED)
        .order_by("rank")
    )
    now = timezone.now()
    if outcome == notices.Outcome.CONFIRMED:
        for number, application in enumerate(proposed, start=1):
            application.title, application.named_at = Title.NAMED, now
            application.certificate_no = f"{campaign.code.upper()}-{number:03d}"
            application.save(update_fields=["title", "named_at", "certificate_no"])
        campaign.state, campaign.results_published_at = CampaignState.NAMED, now
        campaign.save(update_fields=["state", "results_published_at", "updated_at"])
        record_event(
            CampaignEvent,
            campaign=campaign,
            actor=actor,
            action=EventAction.NAME,
            changes={"named": [a.pk for a in proposed]},
        )
    else:
        Application.objects.filter(pk__in=[a.pk for a in proposed]).update(title=Title.NONE)
        campaign.state, campaign.results_notice = CampaignState.OPEN, None
        campaign.save(update_fields=["state", "results_notice", "updated_at"])
        record_event(CampaignEvent, campaign=campaign, actor=actor, action=EventAction.RESULTS_WITHDRAWN)
    return len(proposed)


def on_results_notice(notice, outcome: str) -> None:
    """Outcome handler registered with the notices app: acts as the notices' system actor."""
    settle_results_notice(actor=OUTCOME_ACTOR, notice_id=notice.pk, outcome=outcome)


MEASURES = {
    "warn": (Title.WARNED, EventAction.WARN),
    "rectify": (Title.RECTIFYING, EventAction.RECTIFY),
    "revoke": (Title.REVOKED, EventAction.REVOKE),
}


@transaction.atomic
def take_title_measure(
    *, application_id: int, actor, measure: str, reason: str, rectify_by: date | None = None
) -> Application:
    """批评警告 / 限期整改 / 撤销称号 for a named unit whose quality fell, with the reasons on record."""
    require_actor(actor)
    application = lock_application(application_id)
    require_manager(actor, application.campaign)
    if application.title not in HOLDS_TITLE:
        raise CampaignRefused(_("Only a unit holding the title can be warned, given a deadline or revoked."))
    if measure not in MEASURES:
        raise ValidationError({"measure": [_("Unknown measure.")]})
    required(reason=reason)
    if measure == "rectify" and (rectify_by is None or rectify_by <= timezone.localdate()):
        raise ValidationError({"rectify_by": [_("Give a rectification deadline after today.")]})
    old = application.title
    application.title, action = MEASURES[measure]
    application.rectify_by = rectify_by if measure == "rectify" else application.rectify_by
    application.save(update_fields=["title", "rectify_by"])
    record_event(
        CampaignEvent,
        campaign=application.campaign,
        actor=actor,
        action=action,
        application=application,
        note=reason,
        changes={"title": [old, application.title], "rectify_by": str(rectify_by or "")},
    )
    return application
