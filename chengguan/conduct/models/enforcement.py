"""Enforcement records (执法全过程记录): each action with its officers, time, place, legal basis and
outcome, and the evidence files from at least two recording devices. Evidence is write-once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.models import TimeStampedModel
from chengguan.org.models import Department, Staff


class EnforcementAction(TimeStampedModel):
    case_id = models.PositiveBigIntegerField(_("case"), null=True, blank=True)
    lead_officer = models.ForeignKey(
        Staff, verbose_name=_("acting officer"), on_delete=models.PROTECT, related_name="+"
    )
    officers = models.ManyToManyField(Staff, verbose_name=_("officers"), related_name="conduct_enforcements")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"))
    place = models.CharField(_("place"), max_length=200)
    legal_basis = models.TextField(_("legal basis"))
    outcome = models.TextField(_("outcome"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("enforcement action")
        verbose_name_plural = _("enforcement actions")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d} {self.place}"


def evidence_path(instance, filename: str) -> str:
    # Content-addressed and per action: a name is never reused, so a file is never overwritten.
    return f"conduct/enforcement/{instance.action_id}/{instance.sha256}{instance.extension}"


class EvidenceFile(models.Model):
    action = models.ForeignKey(
        EnforcementAction,
        verbose_name=_("enforcement action"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    device = models.CharField(
        _("recording device"), max_length=60, help_text=_("The device's number, e.g. DV-0123.")
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    extension = models.CharField(_("file extension"), max_length=12, blank=True)
    original_name = models.CharField(_("original file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.device} · {self.original_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Evidence files are never altered once stored.")
        super().save(*args, **kwargs)
