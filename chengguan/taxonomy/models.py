"""The category code table (部件/事件, 大类/小类), time limits by urgency and the responsibility list
(权责清单) that routes each category — optionally per area — to its department."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.models import TimeStampedModel
from chengguan.grid.models import Area
from chengguan.org.models import Department


class CategoryKind(models.TextChoices):
    COMPONENT = "component", _("component (部件)")
    EVENT = "event", _("event (事件)")


# Code prefixes that make component and event codes unique together: B = 部件, S = 事件.
KIND_PREFIX = {CategoryKind.COMPONENT: "B", CategoryKind.EVENT: "S"}


class WorkKind(models.TextChoices):
    """The "721" method (seed 004): 70% service, 20% management, 10% enforcement."""

    SERVICE = "service", _("service")
    MANAGEMENT = "management", _("management")
    ENFORCEMENT = "enforcement", _("enforcement")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("normal")
    URGENT = "urgent", _("urgent")
    CRITICAL = "critical", _("critical")


class TimeUnit(models.TextChoices):
    HOURS = "hours", _("working hours")
    DAYS = "days", _("working days")


# How far apart and how long apart two reports of one problem may be, by kind, unless the category says
# otherwise: a component (a manhole, a lamp) does not move and stays broken for weeks; an event (a stall,
# litter, noise) moves along the street and is over within a day or two.
DUPLICATE_DEFAULTS = {
    CategoryKind.COMPONENT: (30, 24 * 30),
    CategoryKind.EVENT: (150, 48),
}


class CategoryQuerySet(models.QuerySet):
    def majors(self):
        return self.filter(parent__isnull=True)

    def minors(self):
        return self.filter(parent__isnull=False)

    def public(self):
        return self.filter(is_active=True, is_public=True, parent__isnull=False)


class Category(TimeStampedModel):
    code = models.CharField(
        _("code"),
        max_length=16,
        unique=True,
        help_text=_(
            "B + 2 digits for a component class, S + 2 digits for an event class; a subclass adds 2 digits."
        ),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CategoryKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("major class"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=300, blank=True)
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True, help_text=_("Plain words, space-separated.")
    )
    icon = models.CharField(_("icon"), max_length=40, blank=True)
    is_public = models.BooleanField(_("citizens may report"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    after_photo_required = models.BooleanField(
        _("after-photo required"),
        default=False,
        help_text=_("A case of this category is reported handled only with a photo after handling."),
    )
    work_kind = models.CharField(
        _("kind of work"),
        max_length=16,
        choices=WorkKind.choices,
        default=WorkKind.SERVICE,
        help_text=_("Whether a case of this category is service, management or enforcement work (721)."),
    )
    duplicate_radius_m = models.PositiveIntegerField(
        _("duplicate radius (m)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Reports this close are proposed as duplicates; empty: 30 m for a component, 150 m for an event."
        ),
    )
    duplicate_window_hours = models.PositiveIntegerField(
        _("duplicate window (hours)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Reports this close in time are proposed as duplicates; "
            "empty: 720 h for a component, 48 h for an event."
        ),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_major(self) -> bool:
        return self.parent_id is None

    @property
    def duplicate_radius(self) -> int:
        """The radius in metres within which reports of this category may be one problem."""
        return self.duplicate_radius_m or DUPLICATE_DEFAULTS[CategoryKind(self.kind)][0]

    @property
    def duplicate_window(self) -> int:
        """The hours within which reports of this category may be one problem."""
        return self.duplicate_window_hours or DUPLICATE_DEFAULTS[CategoryKind(self.kind)][1]


class TimeLimit(models.Model):
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="time_limits"
    )
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    amount = models.DecimalField(
        _("time limit"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0.5)]
    )
    unit = models.CharField(_("unit"), max_length=8, choices=TimeUnit.choices)

    class Meta:
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        ordering = ["category", "urgency"]
        constraints = [models.UniqueConstraint(fields=["category", "urgency"], name="one_limit_per_urgency")]

    def __str__(self) -> str:
        return f"{self.category.code} {self.get_urgency_display()}: {self.amount} {self.get_unit_display()}"


class Responsibility(models.Model):
    """权责清单: which department handles a category, everywhere or in one area (an area's own entry
    wins over its parents' and over the default with no area)."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Leave empty for the default that applies everywhere."),
    )
    department = models.ForeignKey(
        Department, verbose_name=_("responsible department"), on_delete=models.PROTECT
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("responsibility entry")
        verbose_name_plural = _("responsibility list")
        ordering = ["category", "area"]
        constraints = [
            models.UniqueConstraint(fields=["category", "area"], name="one_department_per_category_area"),
            models.UniqueConstraint(
                fields=["category"], condition=models.Q(area__isnull=True), name="one_default_per_category"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.code} → {self.department}"
