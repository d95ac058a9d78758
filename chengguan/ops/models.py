from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Outcome(models.TextChoices):
    # With a context: "failed" alone is an inspection's verdict (门前三包, 不合格) in the merged catalogs.
    RUNNING = "running", pgettext_lazy("job run", "running")
    SUCCEEDED = "succeeded", pgettext_lazy("job run", "succeeded")
    FAILED = "failed", pgettext_lazy("job run", "failed")


class JobRun(models.Model):
    """One run of a periodic job by the scheduler: when, where, how long, how it ended."""

    job = models.CharField(_("job"), max_length=40)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    duration = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.RUNNING)
    node = models.CharField(
        _("node"), max_length=100, blank=True, help_text=_("Host and process that ran it.")
    )
    message = models.TextField(_("message"), blank=True, help_text=_("What the job printed, or its error."))

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["job", "-started_at"], name="ops_jobrun_job_started")]

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M} {self.outcome}"
