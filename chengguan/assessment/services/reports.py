"""Reports: the period's snapshots (computed if missing), rendered as PDF and Excel, kept in the archive."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core import audit, notify
from chengguan.org.roles import RoleCode
from chengguan.org.selectors import staff_with_role

from ..models import AssessmentAction, PeriodKind, Report, Subject
from ..periods import Period
from ..reports import content, pdf, xlsx
from .snapshots import check_actor, ensure_snapshots, log_event, person

REPORT_SUBJECTS = (
    Subject.DEPARTMENT,
    Subject.STREET,
    Subject.INSPECTOR,
    Subject.DISPATCHER,
    Subject.INTAKE_OPERATOR,
    Subject.SHIFT_LEAD,
)


@transaction.atomic
def generate_report(*, actor, period: Period) -> Report:
    """Build the monthly or yearly report of a period that has ended (or, for this month, so far)."""
    check_actor(actor)
    if period.kind not in (PeriodKind.MONTH, PeriodKind.YEAR):
        raise ValidationError({"period": [_("Reports are monthly or yearly.")]})
    now = timezone.now()
    if period.start >= now:
        raise ValidationError({"period": [_("The period has not started yet.")]})
    snapshots = ensure_snapshots(actor=actor, period=period, subjects=REPORT_SUBJECTS)
    built = content.build(period, snapshots)
    report = Report(
        period_kind=period.kind,
        label=period.label,
        start=period.start,
        end=period.end,
        generated_at=now,
        generated_by=person(actor),
    )
    stamp = timezone.localtime(now).strftime("%Y%m%d%H%M%S")
    report.pdf.save(f"assessment-{period.label}-{stamp}.pdf", ContentFile(pdf.render(built)), save=False)
    report.xlsx.save(f"assessment-{period.label}-{stamp}.xlsx", ContentFile(xlsx.render(built)), save=False)
    try:
        report.save()
        log_event(
            action=AssessmentAction.REPORT,
            actor=actor,
            changes={
                "report": report.pk,
                "period": period.label,
                "pdf": report.pdf.name,
                "xlsx": report.xlsx.name,
            },
        )
    except BaseException:
        report.pdf.storage.delete(report.pdf.name)
        report.xlsx.storage.delete(report.xlsx.name)
        raise
    if person(actor) is not None:
        audit.record(audit.Action.EXPORT, actor=actor, target=report, data={"period": period.label})
    transaction.on_commit(lambda: _tell_leaders(report))
    return report


def _tell_leaders(report: Report) -> None:
    """The bureau's leaders hear that a report is in the archive."""
    leaders = staff_with_role(RoleCode.LEADER)
    message = notify.Message(
        _("Assessment report %(period)s is ready") % {"period": report.label},
        _("The %(kind)s assessment report of %(period)s (PDF and Excel) is in the archive.")
        % {"kind": report.get_period_kind_display(), "period": report.label},
        link=reverse("assessment:reports"),
        kind="assessment.report",
    )
    notify.notify_users(leaders, message)
