"""三查 (查作风, 查效能, 查廉洁): the three checklists, the checks the discipline office makes against them
(1–2 a month, regular, random or targeted after the public evaluation; open or covert), each item's score,
and the findings against a staff member (a violation) or a unit (a rectification case)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.models import TimeStampedModel
from chengguan.org.models import Department, Staff

from .rulebook import Rule
from .violations import Violation


class Checklist(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("The document the checklist comes from.")
    )
    is_default = models.BooleanField(
        _("packaged default"),
        default=False,
        help_text=_("Loaded from the policy texts shipped with the system."),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(TimeStampedModel):
    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("text"), max_length=200)
    points = models.PositiveSmallIntegerField(
        _("points"), default=10, help_text=_("The most a check can score on this item.")
    )
    rule = models.ForeignKey(
        Rule,
        verbose_name=_("rule broken"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The rule a finding against a person under this item breaks, unless the inspector names another."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["checklist__sort_order", "checklist__code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="conduct_checklist_item_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class CheckKind(models.TextChoices):
    REGULAR = "regular", _("regular check")
    RANDOM = "random", _("random check")
    TARGETED = "targeted", _("targeted check after the public evaluation")


class CheckMode(models.TextChoices):
    OPEN = "open", _("open check")
    COVERT = "covert", _("covert visit")


class CheckState(models.TextChoices):
    OPEN = "open", _("under way")
    REPORTED = "reported", _("reported")


class Check(TimeStampedModel):
    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.PROTECT, related_name="checks"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CheckKind.choices)
    mode = models.CharField(_("mode"), max_length=16, choices=CheckMode.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    inspectors = models.ManyToManyField(
        Staff, verbose_name=_("inspectors"), related_name="conduct_checks_made"
    )
    units = models.ManyToManyField(
        Department, verbose_name=_("units checked"), blank=True, related_name="conduct_checks"
    )
    basis = models.TextField(
        _("evaluation opinions followed up"),
        blank=True,
        help_text=_("For a targeted check: the problems the public evaluation raised that it looks into."),
    )
    state = models.CharField(_("state"), max_length=16, choices=CheckState.choices, default=CheckState.OPEN)
    report = models.TextField(_("written report"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("三查 check")
        verbose_name_plural = _("三查 checks")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class CheckScore(models.Model):
    check_record = models.ForeignKey(
        Check, verbose_name=_("check"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["item__number"]
        constraints = [
            models.UniqueConstraint(fields=["check_record", "item"], name="conduct_check_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.score}"


class CheckTarget(models.TextChoices):
    PERSON = "person", _("a staff member")
    UNIT = "unit", _("a unit")


class CheckFinding(TimeStampedModel):
    check_record = models.ForeignKey(
        Check, verbose_name=_("check"), on_delete=models.CASCADE, related_name="findings"
    )
    item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target = models.CharField(_("against"), max_length=8, choices=CheckTarget.choices)
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rule = models.ForeignKey(
        Rule, verbose_name=_("rule broken"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("what was found"))
    violation = models.OneToOneField(
        Violation,
        verbose_name=_("violation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="check_finding",
    )
    case_id = models.PositiveBigIntegerField(
        _("rectification case"), null=True, blank=True, help_text=_("The case raised for the unit.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("check finding")
        verbose_name_plural = _("check findings")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description[:40]
