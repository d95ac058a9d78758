"""The star of the month (城管每月一星): nominations by sections and brigades, the leadership's decision,
published as a notice and confirmed after its objection period."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.models import TimeStampedModel
from chengguan.org.models import Department, Staff


class Nomination(TimeStampedModel):
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    staff = models.ForeignKey(Staff, verbose_name=_("nominee"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, verbose_name=_("nominated by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reasons"))
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by (person)"),
        null=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("star nomination")
        verbose_name_plural = _("star nominations")
        ordering = ["-month", "pk"]
        constraints = [models.UniqueConstraint(fields=["month", "staff"], name="conduct_nomination_once")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.staff.name}"


class StarState(models.TextChoices):
    IN_NOTICE = "in_notice", _("in public notice")
    CONFIRMED = "confirmed", _("confirmed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Star(TimeStampedModel):
    month = models.DateField(_("month"))
    nomination = models.OneToOneField(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="star"
    )
    staff = models.ForeignKey(Staff, verbose_name=_("star"), on_delete=models.PROTECT, related_name="+")
    citation = models.TextField(_("citation"))
    state = models.CharField(
        _("state"), max_length=16, choices=StarState.choices, default=StarState.IN_NOTICE
    )
    notice_id = models.PositiveBigIntegerField(_("public notice"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("star of the month")
        verbose_name_plural = _("stars of the month")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["month"], condition=~models.Q(state="withdrawn"), name="conduct_one_star_a_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.staff.name}"
