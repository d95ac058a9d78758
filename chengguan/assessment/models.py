"""Tables of the assessment app: indicator definitions (data, editable by administrators), snapshots of
computed figures per period (immutable once written; recomputation is an explicit, logged service call),
the app's timeline of events, and generated reports. Every write goes through `assessment.services`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.org.timeline import TimelineEvent


class Subject(models.TextChoices):
    """What is assessed: a department, an area at one level, or a member of staff in one role."""

    DEPARTMENT = "department", _("department")
    STREET = "street", _("street")
    COMMUNITY = "community", _("community")
    CELL = "cell", _("grid cell")
    INSPECTOR = "inspector", _("inspector")
    DISPATCHER = "dispatcher", _("dispatcher")
    INTAKE_OPERATOR = "intake_operator", _("intake operator")
    SHIFT_LEAD = "shift_lead", _("shift lead")
    CITY = "city", _("the city's measures")


AREA_SUBJECTS = (Subject.STREET, Subject.COMMUNITY, Subject.CELL)
STAFF_SUBJECTS = (Subject.INSPECTOR, Subject.DISPATCHER, Subject.INTAKE_OPERATOR, Subject.SHIFT_LEAD)
# The seeds' own measures (两率一度, 亮灯率, officers per 10,000 residents, 721) are figures of the city
# (or of one area of it), not a ranking: they are shown on the dashboard and have no snapshots.
RANKED_SUBJECTS = tuple(s for s in Subject.values if s != Subject.CITY)


class Unit(models.TextChoices):
    COUNT = "count", _("count")
    RATE = "rate", _("rate (shown as a percentage)")
    SCORE = "score", _("score (0–100)")
    NUMBER = "number", _("number (two decimals)")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")
    CUSTOM = "custom", _("custom range")


class Indicator(models.Model):
    """One figure computed for a subject: an arithmetic expression over named counts (see
    `assessment.counts`) and over indicators defined before it (lower `order`), optionally mapped to a
    score through bands. The indicator marked `is_score` is the composite that ranks and grades."""

    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    code = models.SlugField(_("code"), max_length=40, help_text=_("Name used in later expressions."))
    name = models.CharField(_("name"), max_length=60)
    description = models.TextField(_("definition"), blank=True)
    expression = models.CharField(
        _("expression"),
        max_length=400,
        help_text=_(
            "Arithmetic over counts and earlier indicators: + - * / ( ), numbers, min(), max(). "
            "A division by zero gives no value."
        ),
    )
    bands = models.JSONField(
        _("bands"),
        default=list,
        blank=True,
        help_text=_(
            "Optional list of [lower bound, score] pairs: the value becomes the score of the highest "
            "band it reaches."
        ),
    )
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.RATE)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    is_score = models.BooleanField(
        _("composite score"), default=False, help_text=_("Ranks and grades the subjects (one per subject).")
    )
    drill_count = models.CharField(
        _("count to drill down to"),
        max_length=40,
        blank=True,
        help_text=_("The count whose cases the figure links to."),
    )
    target = models.FloatField(
        _("target"),
        null=True,
        blank=True,
        help_text=_(
            "The value to reach (a rate as a fraction: 0.95 for 95%); higher-is-better figures meet it "
            "from above, lower-is-better ones from below."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["subject", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["subject", "code"], name="assessment_indicator_code")]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} · {self.name}"


class Snapshot(models.Model):
    """The figures of one subject kind for one period, as computed at `computed_at`. Published rankings
    read snapshots, so late events change nothing until someone recomputes (version + 1, logged)."""

    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    period_kind = models.CharField(_("period kind"), max_length=8, choices=PeriodKind.choices)
    label = models.CharField(_("period"), max_length=40, help_text=_("e.g. 2026-11, 2026Q4, 2026."))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), help_text=_("Exclusive."))
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("computed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    definitions = models.JSONField(
        _("definitions used"), default=list, help_text=_("The indicators as they were when computed.")
    )

    class Meta:
        verbose_name = _("assessment snapshot")
        verbose_name_plural = _("assessment snapshots")
        ordering = ["-start", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "period_kind", "start", "end"], name="assessment_one_snapshot_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.get_subject_display()} v{self.version}"


class SnapshotRow(models.Model):
    """One subject's counts, indicator values, score, grade and rank in a snapshot, with the cases
    behind each count so every figure drills down to them."""

    snapshot = models.ForeignKey(
        Snapshot, verbose_name=_("snapshot"), on_delete=models.CASCADE, related_name="rows"
    )
    subject_id = models.CharField(_("subject id"), max_length=40)
    subject_name = models.CharField(_("subject name"), max_length=120)
    counts = models.JSONField(_("counts"), default=dict)
    values = models.JSONField(_("indicator values"), default=dict)
    score = models.FloatField(_("score"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=1, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    case_ids = models.JSONField(_("cases per count"), default=dict)

    class Meta:
        verbose_name = _("snapshot row")
        verbose_name_plural = _("snapshot rows")
        ordering = ["snapshot", models.F("rank").asc(nulls_last=True), "subject_name"]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "subject_id"], name="assessment_one_row_per_subject")
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.subject_name}"


class AssessmentAction(models.TextChoices):
    COMPUTED = "computed", _("snapshot computed")
    RECOMPUTED = "recomputed", _("snapshot recomputed")
    REPORT = "report", _("report generated")
    DEFAULTS = "defaults", _("default indicators loaded")


class AssessmentEvent(TimelineEvent):
    """The app's timeline: snapshots computed and recomputed, reports generated, defaults loaded."""

    Kind = AssessmentAction  # the name the app used before the shared timeline

    action = models.CharField(_("action"), max_length=32, choices=AssessmentAction.choices)
    snapshot = models.ForeignKey(
        Snapshot,
        verbose_name=_("snapshot"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )

    class Meta(TimelineEvent.Meta):
        verbose_name = _("assessment event")
        verbose_name_plural = _("assessment events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


def report_path(instance: "Report", filename: str) -> str:
    return f"assessment/reports/{instance.label}/{filename}"


class Report(models.Model):
    """A generated monthly or yearly report: the PDF and the Excel workbook of one period."""

    period_kind = models.CharField(_("period kind"), max_length=8, choices=PeriodKind.choices)
    label = models.CharField(_("period"), max_length=40)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    pdf = models.FileField(_("PDF"), upload_to=report_path, max_length=200)
    xlsx = models.FileField(_("Excel workbook"), upload_to=report_path, max_length=200)
    generated_at = models.DateTimeField(_("generated at"), db_index=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("generated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assessment report")
        verbose_name_plural = _("assessment reports")
        ordering = ["-start", "-generated_at"]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_period_kind_display()})"
