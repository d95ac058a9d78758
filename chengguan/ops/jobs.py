"""Every periodic job of chengguan, with how often it runs. The scheduler (`chengguan scheduler`) runs each
when it is due; intervals can be changed with CHENGGUAN_JOB_INTERVALS (seconds by job name)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MINUTE, HOUR, DAY = 60, 3600, 86400


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    every: int  # seconds
    description: str
    args: tuple = ()

    @property
    def interval(self) -> int:
        return int(getattr(settings, "CHENGGUAN_JOB_INTERVALS", {}).get(self.name, self.every))


JOBS = [
    Job("notifications", "deliver_pending", MINUTE, _("Send again messages a worker dropped")),
    Job("supervise", "supervise", 5 * MINUTE, _("督办: mark due-soon and overdue cases, notify departments")),
    Job(
        "close_notices",
        "close_notices",
        10 * MINUTE,
        _("公示: end objection periods, confirm or hold notices"),
    ),
    Job(
        "close_evaluation_rounds",
        "close_evaluation_rounds",
        30 * MINUTE,
        _("Close evaluation rounds past their end"),
    ),
    Job(
        "campaign_reports",
        "campaign_reports",
        DAY,
        _("Remind campaign units of monthly reports, flag late ones"),
    ),
    Job(
        "self_check_reminders",
        "self_check_reminders",
        DAY,
        _("Remind staff whose self-check is missing in a phase's last days"),
    ),
    Job(
        "forum_reminders", "forum_reminders", DAY, _("Remind organisers of community forums coming up or due")
    ),
    Job("frontage_lists", "frontage_lists", DAY, _("门前三包: publish last month's red and black list")),
    Job(
        "adverts_expiry",
        "adverts_expiry",
        DAY,
        _("Outdoor advertising: expire permits past their validity, remind the section of those ending soon"),
    ),
    Job("insight_spikes", "detect_spikes", HOUR, _("舆情: raise an alert for each spike of reports")),
    Job("insight_digest", "weekly_digest", DAY, _("舆情: the weekly digest for leaders (once a week)")),
    Job("generate_reports", "generate_reports", DAY, _("Monthly and yearly assessment reports")),
    Job("train_classifier", "train_classifier", DAY, _("Retrain the category suggestion model")),
    Job("audit_checkpoint", "audit_checkpoint", HOUR, _("Verify the audit chain and checkpoint its head")),
    Job("prune", "prune_data", DAY, _("Remove data past its retention period")),
    Job(
        "purge_contacts",
        "purge_contacts",
        DAY,
        _("Purge contact data of cases closed longer ago than the privacy notice states"),
    ),
]
BY_NAME = {job.name: job for job in JOBS}
