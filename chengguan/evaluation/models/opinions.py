"""Opinions and suggestions from the public, and the rectification item (a case) each one becomes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.grid.models import Area
from chengguan.org.models import Department, Staff
from chengguan.taxonomy.models import Category

from .ballots import Ballot
from .rounds import Round, Target


class OpinionState(models.TextChoices):
    NEW = "new", _("new")
    TRIAGED = "triaged", _("triaged")
    MERGED = "merged", _("merged into another")
    SPLIT = "split", _("split into parts")
    RECTIFYING = "rectifying", _("rectification under way")
    SET_ASIDE = "set_aside", _("set aside")


class Opinion(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="opinions"
    )
    target = models.ForeignKey(
        Target,
        verbose_name=_("about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
    )
    ballot = models.ForeignKey(
        Ballot,
        verbose_name=_("ballot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
    )
    text = models.TextField(_("opinion or suggestion"))
    voter_hash = models.CharField(
        _("voter (keyed hash of the phone)"), max_length=64, blank=True, help_text=_("Empty for split parts.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    state = models.CharField(
        _("state"), max_length=12, choices=OpinionState.choices, default=OpinionState.NEW
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    split_from = models.ForeignKey(
        "self",
        verbose_name=_("split from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parts",
    )
    note = models.TextField(_("staff note"), blank=True)

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return self.text[:40]


class Rectification(models.Model):
    """告知—整改—反馈—验收: the measure, who answers for it and by when; the case carries it through the
    lifecycle (dispatched to the unit, handled, verified, closed)."""

    opinion = models.OneToOneField(
        Opinion, verbose_name=_("opinion"), on_delete=models.PROTECT, related_name="rectification"
    )
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="rectifications"
    )
    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    measure = models.TextField(_("rectification measure"))
    department = models.ForeignKey(
        Department, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    responsible = models.ForeignKey(
        Staff, verbose_name=_("responsible person"), on_delete=models.PROTECT, related_name="+"
    )
    due = models.DateField(_("deadline"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("raised at"))

    class Meta:
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.measure[:40]
