"""Areas (district → street → community) and the cells (单元网格) they are divided into.

Geometry is stored as GeoJSON in WGS-84 (no GIS database needed) with a bounding box for coarse
filtering in SQL; point-in-polygon answers come from the in-memory locator (`grid.locator`)."""

import re

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.models import TimeStampedModel
from chengguan.org.models import Staff

AREA_CODE_LENGTHS = {6: "district", 9: "street", 12: "community"}
CELL_CODE_LENGTH = 15


class AreaLevel(models.TextChoices):
    DISTRICT = "district", _("district")
    STREET = "street", _("street")
    COMMUNITY = "community", _("community")


class Area(TimeStampedModel):
    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^(\d{6}|\d{9}|\d{12})$", _("An area code has 6, 9 or 12 digits."))],
        help_text=_("6-digit division code; a street adds 3 digits, a community 3 more."),
    )
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    geometry = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_(
            "Residents (常住人口). Communities carry it; a street or district without its own figure "
            "counts the sum of its communities'."
        ),
    )
    departments = models.ManyToManyField(
        "org.Department",
        verbose_name=_("units covering the area"),
        blank=True,
        related_name="areas",
        help_text=_(
            "The enforcement squads (and their units) stationed in the area: their certified officers "
            "count towards its officers per 10,000 residents."
        ),
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def ancestors_and_self(self) -> list["Area"]:
        """From this area up to the district, nearest first."""
        chain, area = [], self
        while area is not None:
            chain.append(area)
            area = area.parent
        return chain


class Cell(TimeStampedModel):
    code = models.CharField(
        _("cell code"),
        max_length=15,
        unique=True,
        validators=[RegexValidator(r"^\d{15}$", _("A cell code has 15 digits."))],
        help_text=_("6 division + 3 street + 3 community + 3 sequence digits."),
    )
    community = models.ForeignKey(
        Area,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="cells",
        limit_choices_to={"level": AreaLevel.COMMUNITY},
    )
    geometry = models.JSONField(_("boundary (GeoJSON)"))
    min_lng = models.FloatField(_("west"))
    min_lat = models.FloatField(_("south"))
    max_lng = models.FloatField(_("east"))
    max_lat = models.FloatField(_("north"))
    center_lng = models.FloatField(_("centre longitude"))
    center_lat = models.FloatField(_("centre latitude"))
    area_m2 = models.FloatField(_("area (m²)"), default=0)
    inspector = models.ForeignKey(
        Staff,
        verbose_name=_("inspector"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspected_cells",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("grid cell")
        verbose_name_plural = _("grid cells")
        ordering = ["code"]
        indexes = [models.Index(fields=["min_lng", "min_lat"], name="cell_bbox_idx")]

    def __str__(self) -> str:
        return self.code


class ResponsibilityTier(models.TextChoices):
    ENFORCEMENT = "enforcement", _("enforcement officer")
    CLEANER = "cleaner", _("cleaner")
    FRONTAGE = "frontage", _("unit or shop (门前三包)")
    COMMUNITY = "community", _("community")


class CellResponsibility(models.Model):
    """A named person or unit responsible for a cell at one tier (片区化管理: four tiers per cell)."""

    cell = models.ForeignKey(
        Cell, verbose_name=_("cell"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    tier = models.CharField(_("tier"), max_length=16, choices=ResponsibilityTier.choices)
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cell_responsibilities",
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("For a person or unit that is not on the staff.")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("cell responsibility")
        verbose_name_plural = _("cell responsibilities")
        ordering = ["cell", "tier"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(staff__isnull=True, name=""), name="responsibility_names_someone"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cell.code} {self.get_tier_display()}: {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.staff.name if self.staff_id else self.name


class PlaceKind(models.TextChoices):
    ROAD = "road", _("road")
    LANDMARK = "landmark", _("landmark")
    COMPOUND = "compound", _("residential compound")
    SCHOOL = "school", _("school")
    MARKET = "market", _("market")
    OTHER = "other", _("other")


class Place(TimeStampedModel):
    """A gazetteer entry (地名): a road as a line, or a landmark, compound, school or market as a point.

    Geometry is GeoJSON in WGS-84 (Point or LineString); the anchor point and bounding box are derived
    from it, and the street and community are the areas the anchor falls in."""

    name = models.CharField(_("name"), max_length=100)
    aliases = models.CharField(
        _("aliases"),
        max_length=500,
        blank=True,
        help_text=_("Other names people use, separated by commas (e.g. 池中, 贵池一中)."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PlaceKind.choices, default=PlaceKind.LANDMARK)
    code = models.CharField(
        _("code"),
        max_length=40,
        blank=True,
        help_text=_(
            "Optional identifier from the source data; an import updates the place with the same code."
        ),
    )
    geometry = models.JSONField(_("geometry (GeoJSON)"), help_text=_("A WGS-84 Point or LineString."))
    anchor_lng = models.FloatField(_("anchor longitude"))
    anchor_lat = models.FloatField(_("anchor latitude"))
    min_lng = models.FloatField(_("west"))
    min_lat = models.FloatField(_("south"))
    max_lng = models.FloatField(_("east"))
    max_lat = models.FloatField(_("north"))
    street = models.ForeignKey(
        Area,
        verbose_name=_("street"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="street_places",
        limit_choices_to={"level": AreaLevel.STREET},
    )
    community = models.ForeignKey(
        Area,
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_places",
        limit_choices_to={"level": AreaLevel.COMMUNITY},
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~models.Q(code=""), name="place_code_unique")
        ]
        indexes = [models.Index(fields=["name"], name="place_name_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)


def split_aliases(text: str) -> list[str]:
    """Aliases typed with commas (half- or full-width), 、, semicolons or | between them."""
    return [part.strip() for part in re.split(r"[,，、;；|]", text or "") if part.strip()]


class ComponentStock(models.Model):
    """The inventory of one kind of component (部件: street lamps, manhole covers …) in an area, from the
    component census (部件普查): how many there are. The integrity rate of a kind of component is the
    share of them without an open case against them. The kind is named by its category code (B0113 for
    street lamps) so the grid stays below the category table."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="component_stock"
    )
    component_code = models.CharField(
        _("component category code"),
        max_length=8,
        validators=[
            RegexValidator(r"^B\d{2}(\d{2})?$", _("A component category code is B and 2 or 4 digits."))
        ],
        help_text=_("The code of the component subclass in the category table, e.g. B0113 for street lamps."),
    )
    component_name = models.CharField(_("component"), max_length=60)
    quantity = models.PositiveIntegerField(_("quantity"))
    counted_on = models.DateField(_("counted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("component inventory")
        verbose_name_plural = _("component inventory")
        ordering = ["area__code", "component_code"]
        constraints = [
            models.UniqueConstraint(fields=["area", "component_code"], name="component_stock_once_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.component_name} × {self.quantity}"
