"""Every write on campaigns, for views, commands, the demo and other modules:

from chengguan.campaigns import services as campaigns
campaign = campaigns.launch_campaign(actor=officer, blueprint="wujin", owner_department=office,
                                     starts_on=date(2026, 9, 1), inspectors=[inspector_staff])
application = campaigns.apply_for_campaign(campaign_id=…, actor=unit_user, unit_id=unit.pk, statement=…)
notice = campaigns.publish_applications(campaign_id=campaign.pk, actor=officer)   # 公示; confirmed → accepted
campaigns.file_report(report_id=…, actor=unit_user, text=…)                        # monthly, late is flagged
campaigns.inspect_unit(application_id=…, actor=inspector, scores={"A1": (5, ""), …}, findings=[("D1", "…")])
campaigns.record_veto(application_id=…, actor=inspector, condition_id=…, evidence=…)
campaigns.propose_results(campaign_id=…, actor=officer)                           # 公示; confirmed → named

Each write checks permission, then state, then input; locks the rows it changes, records a CampaignEvent
and leaves notifications for after the commit. Refusals raise PermissionDenied, CampaignRefused or
ValidationError and change nothing."""

from .applications import (
    APPLICATION_NOTICE,
    OUTCOME_ACTOR,
    apply_for_campaign,
    on_application_notice,
    publish_applications,
    refuse_application,
    settle_application_notice,
)
from .common import CampaignCode, CampaignRefused
from .inspections import FINDING_ORIGIN, file_self_assessment, inspect_unit, official_score, record_veto
from .reports import REPORTS_ACTOR, check_reports, due_dates, file_report
from .results import (
    MEASURES,
    RESULTS_NOTICE,
    on_results_notice,
    open_rectifications,
    propose_results,
    ranking,
    settle_results_notice,
    take_title_measure,
)
from .setup import ACCOUNT_CREATED, add_unit_account, assign_inspectors, launch_campaign, register_unit

__all__ = [
    "ACCOUNT_CREATED",
    "APPLICATION_NOTICE",
    "FINDING_ORIGIN",
    "MEASURES",
    "OUTCOME_ACTOR",
    "REPORTS_ACTOR",
    "RESULTS_NOTICE",
    "CampaignCode",
    "CampaignRefused",
    "add_unit_account",
    "apply_for_campaign",
    "assign_inspectors",
    "check_reports",
    "due_dates",
    "file_report",
    "file_self_assessment",
    "inspect_unit",
    "launch_campaign",
    "official_score",
    "on_application_notice",
    "on_results_notice",
    "open_rectifications",
    "propose_results",
    "publish_applications",
    "ranking",
    "record_veto",
    "refuse_application",
    "register_unit",
    "settle_application_notice",
    "settle_results_notice",
    "take_title_measure",
]
