"""Recurring study and drills (bureau monthly, brigades fortnightly, squads weekly) with attendance."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.models import TimeStampedModel
from chengguan.org.models import Department, Staff


class TrainingKind(models.TextChoices):
    STUDY = "study", _("study")
    DRILL = "drill", _("drill")


class TrainingSession(TimeStampedModel):
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=TrainingKind.choices)
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("study or drill")
        verbose_name_plural = _("study and drills")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class Attendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance"
    )
    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+"
    )
    present = models.BooleanField(_("present"))
    excused = models.BooleanField(_("excused"), default=False, help_text=_("Absent with leave."))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "staff"], name="conduct_attendance_once")]

    def __str__(self) -> str:
        return f"{self.session} · {self.staff.name}"
