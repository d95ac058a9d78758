"""舆情: spike alerts (a day's reports in a category and area far above the rolling baseline), the items
staff find online that become cases, and the weekly digests for leaders. Every write goes through
`insight.services`; these classes hold invariants only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chengguan.cases.models import Case
from chengguan.grid.models import Area
from chengguan.org.models import Department
from chengguan.org.timeline import TimelineEvent
from chengguan.taxonomy.models import Category


class AreaLevel(models.TextChoices):
    COMMUNITY = "community", _("community")
    STREET = "street", _("street")


class AlertState(models.TextChoices):
    OPEN = "open", pgettext_lazy("alert state", "open")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")


class Alert(models.Model):
    """One spike: the reports of one category in one community (or street) on one day, far more than the
    baseline of the days before. One row per category × area × day, however often the check runs."""

    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("area level"), max_length=16, choices=AreaLevel.choices)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("reports that day"))
    baseline = models.FloatField(
        _("baseline"),
        help_text=_("Mean reports per day in the same category and area over the baseline days."),
    )
    p_value = models.FloatField(
        _("probability"), help_text=_("Chance of at least this many reports if the baseline still held.")
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cases = models.ManyToManyField(Case, verbose_name=_("cases"), related_name="+", blank=True)
    state = models.CharField(_("state"), max_length=16, choices=AlertState.choices, default=AlertState.OPEN)
    raised_at = models.DateTimeField(_("raised at"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("spike alert")
        verbose_name_plural = _("spike alerts")
        ordering = ["-day", "-count", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "area", "day"], name="one_alert_per_category_area_day"
            )
        ]
        indexes = [models.Index(fields=["state", "day"], name="insight_alert_state_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.area_id} {self.category_id}: {self.count}"


class AlertAction(models.TextChoices):
    RAISE = "raise", _("raised")
    UPDATE = "update", _("more reports")
    ACKNOWLEDGE = "acknowledge", _("acknowledged")


class AlertEvent(TimelineEvent):
    alert = models.ForeignKey(Alert, verbose_name=_("alert"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=AlertAction.choices)

    class Meta(TimelineEvent.Meta):
        verbose_name = _("alert event")
        verbose_name_plural = _("alert events")


class MediaItem(models.Model):
    """Something staff found online (a post, a news story, a video) about a problem in the city; it
    becomes a case from the "media / public opinion" channel with a reference back to this item."""

    source = models.CharField(
        _("source"), max_length=60, help_text=_("Where it was seen: 微博, a news site…")
    )
    url = models.URLField(_("link"), max_length=500, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    seen_at = models.DateTimeField(_("seen at"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    lng = models.FloatField(_("longitude (WGS-84)"), null=True, blank=True)
    lat = models.FloatField(_("latitude (WGS-84)"), null=True, blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("public-opinion item")
        verbose_name_plural = _("public-opinion items")
        ordering = ["-seen_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source}: {self.title}"


class Digest(models.Model):
    """The week's summary for leaders: counts, spikes, top terms and repeat locations, kept as it was
    computed so it reads the same later."""

    week_start = models.DateField(_("week starting"), unique=True, help_text=_("The Monday of the week."))
    created_at = models.DateTimeField(_("created at"))
    data = models.JSONField(_("contents"), default=dict)

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")
        ordering = ["-week_start"]

    def __str__(self) -> str:
        return f"{self.week_start}"
