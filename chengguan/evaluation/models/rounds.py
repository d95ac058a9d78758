"""Evaluation rounds (评议): the round, what is evaluated, the questionnaire, the nominees for outstanding
individual, the inspection results entered per unit, the ranking and the round's timeline."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.models import TimeStampedModel
from chengguan.org.models import Department, Staff
from chengguan.org.timeline import TimelineEvent


class RoundState(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for voting")
    CLOSED = "closed", _("voting closed")
    PUBLISHED = "published", _("ranking published")
    CONFIRMED = "confirmed", _("ranking confirmed")


# The components of a unit's composite score, in the order the breakdown shows them.
COMPONENTS = ("satisfaction", "votes", "on_time", "rework", "followup", "inspection")
COMPONENT_LABELS = {
    "satisfaction": _("public satisfaction"),
    "votes": _("outstanding-individual votes"),
    "on_time": _("cases handled on time"),
    "rework": _("cases without rework"),
    "followup": _("follow-up satisfaction"),
    "inspection": _("inspection results"),
}


def weight_field(label):
    return models.PositiveSmallIntegerField(
        label,
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("Weight of this component in the composite score; the weights are used in proportion."),
    )


class Round(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner_department = models.ForeignKey(
        Department, verbose_name=_("organising department"), on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateField(_("voting from"))
    end = models.DateField(_("voting until"), help_text=_("Inclusive. Case indicators use this period too."))
    state = models.CharField(_("state"), max_length=16, choices=RoundState.choices, default=RoundState.DRAFT)
    max_choices = models.PositiveSmallIntegerField(
        _("outstanding individuals a voter may choose"),
        default=0,
        validators=[MaxValueValidator(50)],
        help_text=_("0 switches outstanding-individual voting off."),
    )
    eligible_voters = models.PositiveIntegerField(
        _("people invited to vote"),
        null=True,
        blank=True,
        help_text=_(
            "The target population of the round (residents' representatives, households surveyed …): the "
            "participation rate is the voters over this number. Empty: the round is left out of that rate."
        ),
    )
    weight_satisfaction = weight_field(_("weight: public satisfaction"))
    weight_votes = weight_field(_("weight: outstanding-individual votes"))
    weight_on_time = weight_field(_("weight: cases handled on time"))
    weight_rework = weight_field(_("weight: cases without rework"))
    weight_followup = weight_field(_("weight: follow-up satisfaction"))
    weight_inspection = weight_field(_("weight: inspection results"))
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    ranked_at = models.DateTimeField(_("ranked at"), null=True, blank=True)
    notice = models.ForeignKey(
        "notices.Notice",
        verbose_name=_("ranking notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="round_dates_ordered")
        ]

    def __str__(self) -> str:
        return self.title

    def weights(self) -> dict[str, int]:
        return {name: getattr(self, f"weight_{name}") for name in COMPONENTS}


class TargetKind(models.TextChoices):
    WINDOW = "window", _("service window")
    SECTION = "section", _("section")
    DEPARTMENT = "department", _("department")
    STAFF = "staff", _("individual staff member")


UNIT_KINDS = (TargetKind.WINDOW, TargetKind.SECTION, TargetKind.DEPARTMENT)


class Target(models.Model):
    """Something the public rates in a round: a unit (ranked) or a staff member (rated only)."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="targets"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=TargetKind.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit rated, or the unit of the staff member rated."),
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name shown"), max_length=100)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("evaluation target")
        verbose_name_plural = _("evaluation targets")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_unit(self) -> bool:
        return self.kind in UNIT_KINDS


class QuestionKind(models.TextChoices):
    RATING = "rating", _("5-level satisfaction")
    TEXT = "text", _("free text")
    AWARE = "aware", _("awareness: knows or does not know")


class Question(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.RATING
    )
    required = models.BooleanField(_("required"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.text


class Nominee(models.Model):
    """A candidate for outstanding individual (优秀个人)."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="nominees"
    )
    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+"
    )
    citation = models.CharField(_("citation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["round", "staff"], name="nominee_once_per_round")]

    def __str__(self) -> str:
        return self.staff.name


class InspectionScore(models.Model):
    """Inspection results of a unit for the round (0–100), entered by staff until conduct feeds them."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="+")
    target = models.OneToOneField(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="inspection"
    )
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")

    def __str__(self) -> str:
        return f"{self.target} {self.score}"


class RankingRow(models.Model):
    """A unit's place in the round's ranking, with the composite score and its breakdown."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="ranking"
    )
    target = models.OneToOneField(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="rank"
    )
    position = models.PositiveIntegerField(_("position"))
    score = models.FloatField(_("composite score"))
    breakdown = models.JSONField(
        _("breakdown"),
        default=dict,
        help_text=_(
            "Per component: the raw value (rates in per cent), its 0–100 score, the weight and the points."
        ),
    )

    class Meta:
        verbose_name = _("ranking row")
        verbose_name_plural = _("ranking rows")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.target}"


class RoundAction(models.TextChoices):
    CREATE = "create", _("created")
    EDIT = "edit", _("set-up changed")
    OPEN = "open", _("opened for voting")
    CLOSE = "close", _("voting closed")
    FLAG = "flag", _("ballots flagged")
    RATE_LIMIT = "rate_limit", _("ballot refused by the rate limit")
    VOID = "void", _("ballot voided")
    CLEAR = "clear", _("flag cleared")
    INSPECTION = "inspection", _("inspection result entered")
    RANK = "rank", _("ranked")
    PUBLISH = "publish", _("ranking published as a notice")
    CONFIRM = "confirm", _("ranking notice confirmed")
    WITHDRAW = "withdraw", _("ranking notice withdrawn")
    TRIAGE = "triage", _("opinion triaged")
    MERGE = "merge", _("opinions merged")
    SPLIT = "split", _("opinion split")
    RECTIFY = "rectify", _("rectification case raised")
    DISMISS = "dismiss", _("opinion set aside")


class RoundEvent(TimelineEvent):
    """The round's timeline: every change, who made it and why. Never edited."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=32, choices=RoundAction.choices)
    object_type = models.CharField(_("object type"), max_length=20, blank=True)
    object_id = models.PositiveIntegerField(_("object id"), null=True, blank=True)

    class Meta(TimelineEvent.Meta):
        verbose_name = _("round event")
        verbose_name_plural = _("round events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.round_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
