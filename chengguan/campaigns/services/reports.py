"""Monthly progress reports: due rows per accepted application, filing, reminders and the late flag."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengguan.core.actors import SystemActor
from chengguan.core.notify import Message, notify_users
from chengguan.core.refusals import require_actor, required
from chengguan.core.text import normalize
from chengguan.org.selectors import staff_with_role
from chengguan.org.timeline import record_event

from .. import rules
from ..models import (
    Application,
    ApplicationState,
    CampaignEvent,
    CampaignState,
    EventAction,
    ProgressReport,
    ReportState,
)
from .common import CampaignRefused

REPORTS_ACTOR = SystemActor("campaign_reports")


def due_dates(campaign) -> list[tuple[str, date]]:
    """(period, due date) for every month whose report day falls within the campaign's dates."""
    if not campaign.report_day:
        return []
    found = []
    year, month = campaign.starts_on.year, campaign.starts_on.month
    while (year, month) <= (campaign.ends_on.year, campaign.ends_on.month):
        due = date(year, month, campaign.report_day)
        if campaign.starts_on <= due <= campaign.ends_on:
            found.append((f"{year:04d}-{month:02d}", due))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def schedule_reports(application: Application) -> int:
    """The due rows of an application just accepted (called inside its transaction)."""
    rows = [
        ProgressReport(application=application, period=period, due_on=due)
        for period, due in due_dates(application.campaign)
    ]
    ProgressReport.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def file_report(*, report_id: int, actor, text: str, now=None) -> ProgressReport:
    """The unit files its report for a period; after the due date it is recorded as late."""
    require_actor(actor)
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("application__campaign", "application__unit")
        .get(pk=report_id)
    )
    application = report.application
    if not (rules.acts_for(actor, application.unit) or rules.manages(actor, application.campaign)):
        raise PermissionDenied(_("You may report only for your own unit."))
    if application.state != ApplicationState.ACCEPTED or application.campaign.state != CampaignState.OPEN:
        raise CampaignRefused(_("Reports are taken only from accepted units while the campaign runs."))
    if report.state not in (ReportState.DUE, ReportState.OVERDUE):
        raise CampaignRefused(_("The report for %(period)s is in already.") % {"period": report.period})
    required(text=text)
    now = now or timezone.now()
    late = timezone.localdate(now) > report.due_on
    report.state = ReportState.LATE if late else ReportState.SUBMITTED
    if late and report.flagged_at is None:
        report.flagged_at = now
    report.text, report.search_text = text.strip(), normalize(text)
    report.submitted_at, report.submitted_by = now, actor
    report.save()
    record_event(
        CampaignEvent,
        campaign=application.campaign,
        actor=actor,
        action=EventAction.REPORT,
        application=application,
        note=text,
        changes={"period": report.period, "late": late},
    )
    return report


def _unit_users(application: Application):
    return [member.user for member in application.unit.members.select_related("user")]


@transaction.atomic
def check_reports(*, actor, today: date | None = None) -> dict:
    """The periodic job: remind units whose report falls due within the campaign's reminder days, and flag
    reports not in by their due date (the unit and the civility office are told). The job passes
    `REPORTS_ACTOR`; a person may run it too (recorded as them)."""
    require_actor(actor)
    today = today or timezone.localdate()
    counts = {"reminded": 0, "flagged": 0}
    open_rows = (
        ProgressReport.objects.select_for_update(of=("self",))
        .filter(
            state=ReportState.DUE,
            application__state=ApplicationState.ACCEPTED,
            application__campaign__state=CampaignState.OPEN,
        )
        .select_related("application__campaign__owner_department", "application__unit")
    )
    for report in open_rows:
        application, campaign = report.application, report.application.campaign
        link = reverse("campaigns:unit_home")
        if report.due_on < today:
            report.state, report.flagged_at = ReportState.OVERDUE, timezone.now()
            report.save(update_fields=["state", "flagged_at"])
            message = Message(
                subject=gettext_lazy("Progress report overdue"),
                body=_("%(unit)s has not filed the %(period)s report for %(campaign)s, due on %(due)s.")
                % {
                    "unit": application.unit,
                    "period": report.period,
                    "campaign": campaign,
                    "due": report.due_on,
                },
                link=link,
                kind="campaigns.report_overdue",
            )
            office = staff_with_role("civility_officer", campaign.owner_department)
            notify_users(_unit_users(application) + [s.user for s in office if s.user_id], message)
            record_event(
                CampaignEvent,
                campaign=campaign,
                actor=actor,
                action=EventAction.FLAG,
                application=application,
                changes={"period": report.period, "due": str(report.due_on)},
            )
            counts["flagged"] += 1
        elif report.reminded_at is None and (report.due_on - today).days <= campaign.remind_days:
            report.reminded_at = timezone.now()
            report.save(update_fields=["reminded_at"])
            notify_users(
                _unit_users(application),
                Message(
                    subject=gettext_lazy("Progress report due soon"),
                    body=_("The %(period)s report for %(campaign)s is due on %(due)s.")
                    % {"period": report.period, "campaign": campaign, "due": report.due_on},
                    link=link,
                    kind="campaigns.report_due",
                ),
            )
            record_event(
                CampaignEvent,
                campaign=campaign,
                actor=actor,
                action=EventAction.REMIND,
                application=application,
                changes={"period": report.period},
            )
            counts["reminded"] += 1
    return counts
