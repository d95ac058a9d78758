"""Violations of rules, the sanctions decided on them, commendations, and the timeline of every write in
the conduct app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.models import TimeStampedModel
from chengguan.org.models import Staff
from chengguan.org.timeline import TimelineEvent

from .inspections import Finding
from .rulebook import Rule, Sanction


class ViolationState(models.TextChoices):
    PROPOSED = "proposed", _("awaiting decision")
    DECIDED = "decided", _("sanction decided")
    DISMISSED = "dismissed", _("dismissed")


class Violation(TimeStampedModel):
    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="conduct_violations"
    )
    rule = models.ForeignKey(
        Rule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="violations"
    )
    occurred_on = models.DateField(_("date of the violation"))
    description = models.TextField(_("what happened"))
    finding = models.OneToOneField(
        Finding,
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="violation",
    )
    case_id = models.PositiveBigIntegerField(
        _("complaint case"),
        null=True,
        blank=True,
        help_text=_("The public complaint it was substantiated from."),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=ViolationState.choices, default=ViolationState.PROPOSED
    )
    proposed_sanction = models.CharField(_("proposed sanction"), max_length=24, choices=Sanction.choices)
    repeat_count = models.PositiveSmallIntegerField(
        _("earlier violations"),
        default=0,
        help_text=_("Earlier violations of the same rule by the same person in the same month."),
    )
    sanction = models.CharField(_("decided sanction"), max_length=24, choices=Sanction.choices, blank=True)
    deduction = models.PositiveSmallIntegerField(
        _("score deduction"), default=0, help_text=_("Deducted from the month's score once decided.")
    )
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    statement = models.TextField(_("the person's statement"), blank=True)
    statement_at = models.DateTimeField(_("statement made at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document_year = models.PositiveSmallIntegerField(_("document year"), null=True, blank=True)
    document_sequence = models.PositiveIntegerField(
        _("document sequence"), null=True, blank=True, help_text=_("The decision's number within its year.")
    )
    document_number = models.CharField(
        _("document number"),
        max_length=60,
        blank=True,
        help_text=_("The decision letter's number (文号), given when the decision is made."),
    )

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["staff", "occurred_on"], name="conduct_violation_staff_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["document_year", "document_sequence"], name="conduct_decision_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff.name} · {self.rule.short_text}"

    @property
    def escalated(self) -> bool:
        return self.repeat_count > 0


class DecisionCounter(models.Model):
    """The per-year sequence of decision letter numbers: the last number given. Numbers are taken under a
    row lock in the service that issues a decision and never given twice."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("decision number sequence")
        verbose_name_plural = _("decision number sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Commendation(TimeStampedModel):
    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="conduct_commendations"
    )
    awarded_on = models.DateField(_("date"))
    points = models.PositiveSmallIntegerField(_("points added"))
    reason = models.TextField(_("reason"))
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("awarded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-awarded_on", "-pk"]


class ConductAction(models.TextChoices):
    """What a conduct event records (stable values: they are stored)."""

    CREATE = "create", _("opened")
    RECORD = "record", _("recorded")
    CLOSE = "close", _("closed")
    RAISE_CASE = "raise_case", _("rectification case raised")
    STATEMENT = "statement", _("statement made")
    DECIDE = "decide", _("sanction decided")
    DISMISS = "dismiss", _("dismissed")
    AWARD = "award", _("commendation awarded")
    NOMINATE = "nominate", _("nominated")
    CONFIRMED = "confirmed", _("confirmed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    SCORE = "score", _("scored")
    SUBMIT = "submit", _("submitted")
    REMIND = "remind", _("reminders sent")
    SUMMARISE = "summarise", _("summary written")
    OTHER = "other", _("other")


class ConductEvent(TimelineEvent):
    """One row per write in the conduct app: what was done to which record, by whom, when."""

    subject_type = models.CharField(_("record type"), max_length=40)
    subject_id = models.PositiveBigIntegerField(_("record id"))
    action = models.CharField(_("action"), max_length=32, choices=ConductAction.choices)

    class Meta(TimelineEvent.Meta):
        verbose_name = _("conduct event")
        verbose_name_plural = _("conduct events")
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="conduct_event_subject")]

    def __str__(self) -> str:
        return f"{self.subject_type} #{self.subject_id} {self.action}"

    @property
    def action_label(self) -> str:
        return self.get_action_display()


def subject_of(record) -> dict:
    """The owner fields of a conduct event about `record` (for `org.timeline.record_event`)."""
    return {"subject_type": record._meta.model_name, "subject_id": record.pk}
