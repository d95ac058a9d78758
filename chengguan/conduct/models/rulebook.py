"""Rule sets (五个严禁, 五个不准 …) and their rules, each with the sanctions it allows and its monthly
score deduction. The sanctions are ordered from the mildest to the gravest; escalation walks up a rule's
allowed list."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.models import TimeStampedModel


class Sanction(models.TextChoices):
    """From the mildest to the gravest: the order is the escalation ladder."""

    CRITICISM = "criticism", _("criticism and education")
    ADMONISHING_TALK = "admonishing_talk", _("admonishing talk")
    CIRCULATED_CRITICISM = "circulated_criticism", _("circulated criticism")
    DISCIPLINARY = "disciplinary", _("disciplinary sanction")
    TRANSFER = "transfer", _("transfer")
    DISMISSAL = "dismissal", _("dismissal")


SANCTION_ORDER = list(Sanction.values)


class Severity(models.TextChoices):
    EXPECTATION = "expectation", _("expectation (no sanction)")
    MINOR = "minor", _("minor")
    SERIOUS = "serious", _("serious")
    GRAVE = "grave", _("grave")


class RuleSet(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("The document the rules come from.")
    )
    is_default = models.BooleanField(
        _("packaged default"),
        default=False,
        help_text=_("Loaded from the policy texts shipped with the system."),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Rule(TimeStampedModel):
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE, related_name="rules"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    allowed_sanctions = models.JSONField(
        _("allowed sanctions"),
        default=list,
        blank=True,
        help_text=_("Sanction codes, mildest first; an empty list means the rule carries no sanction."),
    )
    deduction = models.PositiveSmallIntegerField(
        _("monthly score deduction"), default=0, help_text=_("Points deducted from the month's score.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["rule_set__sort_order", "rule_set__code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "number"], name="conduct_rule_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rule_set.name} {self.number}：{self.short_text}"

    @property
    def short_text(self) -> str:
        first = self.text.split("。")[0]
        return first if len(first) <= 40 else first[:39] + "…"

    def sanctions(self) -> list[str]:
        """The allowed sanctions in escalation order (whatever order they were entered in)."""
        return sorted((s for s in self.allowed_sanctions if s in SANCTION_ORDER), key=SANCTION_ORDER.index)

    def sanction_labels(self) -> list[str]:
        return [str(Sanction(s).label) for s in self.sanctions()]
