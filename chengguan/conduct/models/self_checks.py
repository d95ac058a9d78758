"""Self-checks (自查自纠): in a phase (the seed's preparation phase), every staff member writes down what
they find in their own conduct, efficiency and integrity against the 三查 items; the office sums the
submissions up in a written report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.models import TimeStampedModel
from chengguan.org.models import Department, Staff

from .checks import ChecklistItem


class SelfCheckPhase(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), help_text=_("The last day a self-check can be submitted."))
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Whose staff take part: this department and everything under it; empty for everyone."),
    )
    instructions = models.TextField(_("instructions"), blank=True)
    summary = models.TextField(_("the office's summary"), blank=True)
    last_reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("self-check phase")
        verbose_name_plural = _("self-check phases")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class SelfCheck(TimeStampedModel):
    phase = models.ForeignKey(
        SelfCheckPhase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="submissions"
    )
    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(
        _("problems found"),
        default=dict,
        blank=True,
        help_text=_("Per checklist code, what the person found."),
    )
    flagged_items = models.ManyToManyField(
        ChecklistItem, verbose_name=_("items where a problem was found"), blank=True, related_name="+"
    )
    causes = models.TextField(_("causes"), blank=True)
    measures = models.TextField(_("corrective measures"))
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("self-check")
        verbose_name_plural = _("self-checks")
        ordering = ["staff__department__path", "staff__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["phase", "staff"], name="conduct_self_check_once")]

    def __str__(self) -> str:
        return f"{self.phase} · {self.staff.name}"
