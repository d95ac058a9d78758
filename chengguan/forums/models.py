"""Monthly forums with each community's cadres and residents' representatives (每月召开一次社区干部和居民代表
座谈会): the schedule per community, each forum with its participants and minutes, the opinions raised at it
(each answered directly or carried by a case to its answer), and the timeline of all of it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chengguan.core.models import TimeStampedModel
from chengguan.grid.models import Area, AreaLevel
from chengguan.org.models import Department, Staff
from chengguan.org.timeline import TimelineEvent

MAX_INTERVAL_MONTHS = 12
MAX_REMIND_DAYS = 28


class ForumSchedule(TimeStampedModel):
    """How often a community's forum is due and which unit organises it (the street office, usually)."""

    community = models.OneToOneField(
        Area,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": AreaLevel.COMMUNITY},
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Its staff (and those of the units above it) schedule and minute the forums."),
    )
    interval_months = models.PositiveSmallIntegerField(
        _("every (months)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_INTERVAL_MONTHS)],
        help_text=_("1: a forum every month."),
    )
    remind_days = models.PositiveSmallIntegerField(
        _("reminder (days before due)"),
        default=5,
        validators=[MaxValueValidator(MAX_REMIND_DAYS)],
    )
    starts_on = models.DateField(
        _("first period begins"), help_text=_("The periods run from the first day of this month.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    reminded_period = models.DateField(
        _("last period reminded"),
        null=True,
        blank=True,
        help_text=_("First day of the period whose missing forum the organisers were last reminded of."),
    )

    class Meta:
        verbose_name = _("forum schedule")
        verbose_name_plural = _("forum schedules")
        ordering = ["community__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_months__gte=1, interval_months__lte=MAX_INTERVAL_MONTHS),
                name="forum_interval_1_to_12",
            )
        ]

    def __str__(self) -> str:
        return str(self.community)


class ForumState(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    HELD = "held", _("held and minuted")
    CANCELLED = "cancelled", _("cancelled")


class Forum(TimeStampedModel):
    schedule = models.ForeignKey(
        ForumSchedule, verbose_name=_("schedule"), on_delete=models.PROTECT, related_name="forums"
    )
    date = models.DateField(_("date"), db_index=True)
    place = models.CharField(pgettext_lazy("forum", "place"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=ForumState.choices, default=ForumState.SCHEDULED
    )
    minutes = models.TextField(_("minutes"), blank=True)
    minuted_at = models.DateTimeField(_("minuted at"), null=True, blank=True)
    minuted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minuted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    reminded_at = models.DateTimeField(
        _("reminder sent at"), null=True, blank=True, help_text=_("The organisers were reminded of it.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("community forum")
        verbose_name_plural = _("community forums")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["schedule", "state", "date"], name="forum_schedule_state_date")]

    def __str__(self) -> str:
        return f"{self.schedule.community} {self.date:%Y-%m-%d}"


class ParticipantKind(models.TextChoices):
    CADRE = "cadre", _("community cadre")
    RESIDENT = "resident", _("residents' representative")
    STAFF = "staff", _("bureau staff")


class Participant(models.Model):
    """Who took part: cadres and residents' representatives by name, the bureau's staff as their record."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="participants"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ParticipantKind.choices)
    name = models.CharField(pgettext_lazy("forum", "name"), max_length=50, blank=True)
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("position or unit"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=ParticipantKind.STAFF) & Q(staff__isnull=False))
                | (~Q(kind=ParticipantKind.STAFF) & Q(staff__isnull=True) & ~Q(name="")),
                name="participant_staff_or_name",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.staff.name if self.staff_id else self.name


class OpinionState(models.TextChoices):
    OPEN = "open", _("awaiting an answer")
    REFERRED = "referred", _("became a case")
    ANSWERED = "answered", _("answered")


class ForumOpinion(models.Model):
    """An opinion raised at a forum; answered directly, or carried by a case (answered when it closes)."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="opinions"
    )
    text = models.TextField(_("opinion"))
    raised_by = models.CharField(pgettext_lazy("forum", "raised by"), max_length=50, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=OpinionState.choices, default=OpinionState.OPEN
    )
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("forum opinion")
        verbose_name_plural = _("forum opinions")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:40]


class ForumAction(models.TextChoices):
    SET_SCHEDULE = "set_schedule", _("schedule settings")
    SCHEDULE = "schedule", _("forum scheduled")
    PARTICIPANT = "participant", _("participant added")
    REMOVE_PARTICIPANT = "remove_participant", _("participant removed")
    HOLD = "hold", _("held and minuted")
    CANCEL = "cancel", _("cancelled")
    OPINION = "opinion", _("opinion recorded")
    REFER = "refer", _("opinion became a case")
    ANSWER = "answer", _("opinion answered")
    REMIND = "remind", _("reminder sent")


class ForumEvent(TimelineEvent):
    """The community's forum timeline: every change, who made it and why. Never edited."""

    schedule = models.ForeignKey(
        ForumSchedule, verbose_name=_("schedule"), on_delete=models.CASCADE, related_name="events"
    )
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    opinion = models.ForeignKey(
        ForumOpinion,
        verbose_name=_("opinion"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=32, choices=ForumAction.choices)

    class Meta(TimelineEvent.Meta):
        verbose_name = _("forum event")
        verbose_name_plural = _("forum events")

    def __str__(self) -> str:
        return f"{self.schedule_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


CASE_CLOSED = "closed"  # cases.states.State.CLOSED: the case's answer is given (verified and closed)


def is_answered(opinion: ForumOpinion) -> bool:
    """Answered directly, or its case is closed."""
    if opinion.state == OpinionState.ANSWERED:
        return True
    return (
        opinion.state == OpinionState.REFERRED
        and opinion.case is not None
        and opinion.case.state == CASE_CLOSED
    )


ANSWERED = Q(state=OpinionState.ANSWERED) | Q(state=OpinionState.REFERRED, case__state=CASE_CLOSED)
