"""A campaign as planned: its units, phases, standards checklist, veto conditions, task lists and rules."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.models import TimeStampedModel
from chengguan.grid.models import Area
from chengguan.org.models import Department, Staff


class UnitKind(models.TextChoices):
    SCHOOL = "school", _("school")
    COMMUNITY = "community", _("community")
    ORGAN = "organ", _("government organ")
    BUILDING_SITE = "building_site", _("building site")
    SHOP = "shop", _("shop")
    DEPARTMENT = "department", _("department")
    TOWN = "town", _("market town")
    ENTERPRISE = "enterprise", _("enterprise or institution")


class Unit(TimeStampedModel):
    """A unit that takes part in campaigns (a school, a community, a building site, a shop, an organ …).
    Most are not in the bureau's org tree; one may be linked to a Department or a grid Area."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_units",
        help_text=_("When the unit is one of the bureau's departments."),
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_units",
        help_text=_("The community or street the unit lies in, or is."),
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("participant unit")
        verbose_name_plural = _("participant units")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class UnitMember(models.Model):
    """An account that acts for a unit: it applies, reports and sees the unit's own scores."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.CASCADE,
        related_name="campaign_unit_member",
    )

    class Meta:
        verbose_name = _("unit member")
        verbose_name_plural = _("unit members")

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit}"


class CampaignState(models.TextChoices):
    OPEN = "open", _("running")
    RESULTS_PROPOSED = "results_proposed", _("proposed list on notice")
    NAMED = "named", _("results published")


class Campaign(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    blueprint = models.CharField(
        _("template"), max_length=40, blank=True, help_text=_("The template the campaign was launched from.")
    )
    description = models.TextField(_("description"), blank=True)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    owner_department = models.ForeignKey(
        Department,
        verbose_name=_("department running it"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    apply_from = models.DateField(_("applications from"))
    apply_until = models.DateField(_("applications until"))
    unit_kinds = models.JSONField(
        _("kinds of units"), default=list, help_text=_("The kinds of units that may take part.")
    )
    report_day = models.PositiveSmallIntegerField(
        _("report due day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Monthly progress reports are due on this day of the month; empty: no reports."),
    )
    remind_days = models.PositiveSmallIntegerField(
        _("reminder days"), default=3, help_text=_("Remind units this many days before a report is due.")
    )
    inspections_planned = models.PositiveSmallIntegerField(_("inspections planned"), default=1)
    inspection_plan = models.CharField(_("inspection plan"), max_length=200, blank=True)
    quota = models.JSONField(
        _("quota"),
        default=dict,
        blank=True,
        help_text=_('Units that may be named, per kind of unit ("*" for all kinds), e.g. {"community": 7}.'),
    )
    awards = models.TextField(_("awards"), blank=True)
    title = models.CharField(
        _("title awarded"), max_length=60, help_text=_("The honour named units receive.")
    )
    titles = models.JSONField(
        _("titles by kind of unit"),
        default=dict,
        blank=True,
        help_text=_('When the honour depends on the kind of unit, e.g. {"community": "文明和谐社区"}.'),
    )
    require_rectification = models.BooleanField(
        _("rectification before results"),
        default=True,
        help_text=_("Every rectification case must be closed before results are proposed."),
    )
    inspectors = models.ManyToManyField(
        Staff, verbose_name=_("inspectors"), blank=True, related_name="campaigns_inspected"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CampaignState.choices, default=CampaignState.OPEN
    )
    results_notice = models.ForeignKey(
        "notices.Notice",
        verbose_name=_("results notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="campaign_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def title_for(self, kind: str) -> str:
        return self.titles.get(kind) or self.title

    def standards_for(self, kind: str):
        """The checklist items a unit of this kind is scored against: its kind's items and those for all."""
        return self.standards.filter(models.Q(unit_kind="") | models.Q(unit_kind=kind))


class Phase(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="phases"
    )
    name = models.CharField(_("name"), max_length=60)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["campaign", "order"]

    def __str__(self) -> str:
        return self.name


class StandardItem(models.Model):
    """One line of the standards checklist (测评体系): a group, the item, its points and how it is checked."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="standards"
    )
    group = models.CharField(_("group"), max_length=60)
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("item"), max_length=300)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    method = models.CharField(_("how it is checked"), max_length=200, blank=True)
    unit_kind = models.CharField(
        _("kind of unit"),
        max_length=20,
        choices=UnitKind.choices,
        blank=True,
        help_text=_("The kind of unit scored against this item; blank for every kind."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("standard item")
        verbose_name_plural = _("standard items")
        ordering = ["campaign", "order"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="standard_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class VetoCondition(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="veto_conditions"
    )
    text = models.CharField(_("condition"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("veto condition")
        verbose_name_plural = _("veto conditions")
        ordering = ["campaign", "order"]

    def __str__(self) -> str:
        return self.text


class Task(models.Model):
    """A task a kind of unit has in the campaign (building sites: hoarding, wheel washing …)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="tasks"
    )
    unit_kind = models.CharField(_("kind of unit"), max_length=20, choices=UnitKind.choices)
    text = models.CharField(_("task"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["campaign", "unit_kind", "order"]

    def __str__(self) -> str:
        return self.text
