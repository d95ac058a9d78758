"""Taking part: applications, progress reports, inspections with their item scores and findings, vetoes,
measures on a named unit's title, and the campaign timeline."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.models import StoredFile
from chengguan.org.timeline import TimelineEvent

from .setup import Campaign, StandardItem, Unit, VetoCondition


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    IN_NOTICE = "in_notice", _("in public notice")
    ACCEPTED = "accepted", _("accepted to take part")
    REFUSED = "refused", _("refused to take part")


class Title(models.TextChoices):
    NONE = "", _("not named")
    PROPOSED = "proposed", _("proposed for naming")
    NAMED = "named", _("named")
    WARNED = "warned", _("named, warned")
    RECTIFYING = "rectifying", _("named, under a rectification deadline")
    REVOKED = "revoked", _("title revoked")


HOLDS_TITLE = (Title.NAMED, Title.WARNED, Title.RECTIFYING)


class Application(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="applications"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="applications"
    )
    statement = models.TextField(_("application statement"))
    state = models.CharField(
        _("state"), max_length=16, choices=ApplicationState.choices, default=ApplicationState.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    notice = models.ForeignKey(
        "notices.Notice",
        verbose_name=_("application notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=1, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    disqualified = models.BooleanField(_("disqualified by veto"), default=False)
    title = models.CharField(
        _("honour title"), max_length=12, choices=Title.choices, default=Title.NONE, blank=True
    )
    named_at = models.DateTimeField(_("named at"), null=True, blank=True)
    certificate_no = models.CharField(_("honour certificate number"), max_length=40, blank=True)
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["campaign", "unit__kind", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="one_application_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.campaign}"


class ReportState(models.TextChoices):
    DUE = "due", _("due")
    SUBMITTED = "submitted", _("submitted on time")
    LATE = "late", _("submitted late")
    OVERDUE = "overdue", _("overdue, not in")


class ProgressReport(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reports"
    )
    period = models.CharField(_("period"), max_length=7, help_text=_("The month reported on, YYYY-MM."))
    due_on = models.DateField(_("due on"))
    state = models.CharField(_("state"), max_length=12, choices=ReportState.choices, default=ReportState.DUE)
    text = models.TextField(_("progress report"), blank=True)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    flagged_at = models.DateTimeField(
        _("flagged at"), null=True, blank=True, help_text=_("When the report was flagged as not in on time.")
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["application", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["application", "period"], name="one_report_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.application.unit} {self.period}"


class InspectionKind(models.TextChoices):
    SELF = "self", _("self-assessment")
    INSPECTION = "inspection", _("inspection")


class Inspection(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="inspections"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=InspectionKind.choices)
    done_on = models.DateField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_name = models.CharField(_("by (name)"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["application", "done_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.application.unit} {self.done_on}"


class ItemScore(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(
        StandardItem, verbose_name=_("standard item"), on_delete=models.RESTRICT, related_name="+"
    )
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("What was seen or checked."))
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["inspection", "item__order"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="one_score_per_item")]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.points}"


class Finding(models.Model):
    """A problem found in an inspection; it becomes a rectification case (告知—整改—反馈—验收)."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="findings"
    )
    item = models.ForeignKey(
        StandardItem,
        verbose_name=_("standard item"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
    )
    text = models.TextField(_("problem found"))
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("rectification case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class Veto(models.Model):
    """一票否决: an event that disqualifies the unit whatever its score."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="vetoes"
    )
    condition = models.ForeignKey(
        VetoCondition, verbose_name=_("veto condition"), on_delete=models.RESTRICT, related_name="+"
    )
    evidence = models.TextField(_("evidence"))
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("veto")
        verbose_name_plural = _("vetoes")
        ordering = ["application", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.application.unit}: {self.condition}"


class EventAction(models.TextChoices):
    LAUNCH = "launch", _("campaign launched")
    APPLY = "apply", _("applied")
    REFUSE = "refuse", _("application refused")
    NOTICE_APPLICATIONS = "notice_apps", _("applications put on public notice")
    ACCEPT = "accept", _("application accepted")
    REPORT = "report", _("progress report filed")
    REMIND = "remind", _("report reminder sent")
    FLAG = "flag", _("report flagged overdue")
    SELF_ASSESS = "self_assess", _("self-assessment filed")
    INSPECT = "inspect", _("inspection scored")
    FINDING = "finding", _("problem found, rectification case opened")
    VETO = "veto", _("veto recorded")
    PROPOSE = "propose", _("results proposed")
    NAME = "name", _("units named")
    RESULTS_WITHDRAWN = "results_withdrawn", _("results notice withdrawn")
    WARN = "warn", _("title warning")
    RECTIFY = "rectify", _("rectification deadline set")
    REVOKE = "revoke", _("title revoked")


class CampaignEvent(TimelineEvent):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="events"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=32, choices=EventAction.choices)

    class Meta(TimelineEvent.Meta):
        verbose_name = _("campaign event")
        verbose_name_plural = _("campaign events")

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


def evidence_path(instance, filename: str) -> str:
    return f"campaigns/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class EvidencePhoto(StoredFile):
    """A photo taken as evidence in an inspection or for a veto (checked by content, not by name)."""

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    veto = models.ForeignKey(
        Veto, verbose_name=_("veto"), null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")
