"""Inspections (督察) and their findings with evidence."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.models import TimeStampedModel
from chengguan.org.models import Department, Staff

from .rulebook import Rule


class InspectionKind(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled check")
    RANDOM = "random", _("random check")
    OPEN = "open", _("open visit")
    COVERT = "covert", _("covert visit")
    SURPRISE = "surprise", _("surprise check")
    SPECIAL = "special", _("special supervision")


class InspectionState(models.TextChoices):
    OPEN = "open", _("under way")
    CLOSED = "closed", _("finished")


class Inspection(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=16, choices=InspectionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    department = models.ForeignKey(
        Department,
        verbose_name=_("inspecting department"),
        on_delete=models.PROTECT,
        related_name="conduct_inspections",
    )
    inspectors = models.ManyToManyField(
        Staff, verbose_name=_("inspectors"), related_name="conduct_inspections_made"
    )
    scope_departments = models.ManyToManyField(
        Department, verbose_name=_("departments inspected"), blank=True, related_name="+"
    )
    scope_staff = models.ManyToManyField(
        Staff, verbose_name=_("staff inspected"), blank=True, related_name="+"
    )
    scope_places = models.TextField(_("places inspected"), blank=True, help_text=_("One place a line."))
    checklist = models.JSONField(_("checklist"), default=list, blank=True, help_text=_("Items to check."))
    state = models.CharField(
        _("state"), max_length=16, choices=InspectionState.choices, default=InspectionState.OPEN
    )
    report = models.TextField(_("inspection report"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class FindingTarget(models.TextChoices):
    PERSON = "person", _("a staff member")
    PLACE = "place", _("a place or unit")


class Finding(TimeStampedModel):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="findings"
    )
    target = models.CharField(_("against"), max_length=8, choices=FindingTarget.choices)
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rule = models.ForeignKey(
        Rule, verbose_name=_("rule broken"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place or unit"), max_length=200, blank=True)
    description = models.TextField(_("what was found"))
    case_id = models.PositiveBigIntegerField(
        _("rectification case"), null=True, blank=True, help_text=_("The case raised for a place or unit.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description[:40]


class FindingEvidence(models.Model):
    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to="conduct/findings/%Y/%m/", max_length=200)
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("finding evidence")
        verbose_name_plural = _("finding evidence")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name
