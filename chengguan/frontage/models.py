"""门前三包: the register of frontage units (shops and units along the main streets), their responsibility
agreements (责任书), the inspectors' checks of the three duties, the imports that filled the register and
the monthly red and black list (红黑榜) published through 公示."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengguan.core.fields import EncryptedTextField, phone_hash
from chengguan.core.models import StoredFile, TimeStampedModel
from chengguan.org.models import Department
from chengguan.org.timeline import TimelineEvent


class UnitKind(models.TextChoices):
    SHOP = "shop", _("shop")
    UNIT = "unit", _("unit")


class Duty(models.TextChoices):
    """The three duties in front of the door (三包)."""

    CLEAN = "clean", _("cleanliness (市容整洁)")
    ORDER = "order", _("order (秩序)")
    GREEN = "green", _("greenery (绿化)")


class UnitQuerySet(models.QuerySet):
    def active(self) -> "UnitQuerySet":
        return self.filter(is_active=True)


class Unit(TimeStampedModel):
    """A shop or unit responsible for the pavement in front of its door. The contact's name and phone are
    personal data: encrypted at rest, masked on every page, revealed with an audit entry."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=UnitKind.choices, default=UnitKind.SHOP)
    address = models.CharField(_("address"), max_length=200)
    lng = models.FloatField(_("longitude (WGS-84)"))
    lat = models.FloatField(_("latitude (WGS-84)"))
    cell = models.ForeignKey(
        "grid.Cell",
        verbose_name=_("grid cell"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    street = models.ForeignKey(
        "grid.Area",
        verbose_name=_("street"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("keeping department"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "The department whose staff keep this unit's record: the responsibility list's "
            "department for 门前三包 in the unit's street."
        ),
    )
    contact_name = EncryptedTextField(_("contact person"), blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), blank=True)
    contact_phone_hash = models.CharField(
        _("contact phone hash"),
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("Keyed hash of the phone, for finding the same phone (set on save)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("frontage unit")
        verbose_name_plural = _("frontage units")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["name", "address"], name="frontage_unit_name_address_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.contact_phone_hash = phone_hash(self.contact_phone)
        fields = kwargs.get("update_fields")
        if fields is not None and "contact_phone" in fields and "contact_phone_hash" not in fields:
            kwargs["update_fields"] = [*fields, "contact_phone_hash"]
        super().save(*args, **kwargs)


class Agreement(TimeStampedModel):
    """A responsibility agreement (门前三包责任书): which duties the unit took on, signed when, valid for
    which term. The newest agreement is the unit's current one."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="agreements"
    )
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("valid from"))
    ends_on = models.DateField(_("valid until"))
    clean = models.BooleanField(_("cleanliness (市容整洁)"), default=True)
    order = models.BooleanField(_("order (秩序)"), default=True)
    green = models.BooleanField(_("greenery (绿化)"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("responsibility agreement")
        verbose_name_plural = _("responsibility agreements")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="frontage_agreement_term_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.starts_on}–{self.ends_on}"

    @property
    def duties(self) -> list[str]:
        return [duty for duty in Duty.values if getattr(self, duty)]

    def duty_labels(self) -> list[str]:
        return [str(Duty(duty).label) for duty in self.duties]

    def days_left(self, today=None) -> int:
        return (self.ends_on - (today or timezone.localdate())).days


class Check(models.Model):
    """An inspector's check of one unit: each of the three duties passed or failed. A check that fails
    any duty is a failure; repeated failures raise a case (`raised_case`, on the check that tipped it)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="checks")
    checked_at = models.DateTimeField(_("checked at"), db_index=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    inspector_name = models.CharField(_("inspector's name"), max_length=150, blank=True)
    clean_ok = models.BooleanField(_("cleanliness passed"))
    order_ok = models.BooleanField(_("order passed"))
    green_ok = models.BooleanField(_("greenery passed"))
    passed = models.BooleanField(_("passed"), db_index=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    raised_case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("raised case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The case raised because this check was a repeated failure."),
    )

    class Meta:
        verbose_name = _("frontage check")
        verbose_name_plural = _("frontage checks")
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["unit", "checked_at"], name="frontage_check_unit_at_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.checked_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        self.passed = bool(self.clean_ok and self.order_ok and self.green_ok)
        super().save(*args, **kwargs)

    def failed_duties(self) -> list[str]:
        return [str(Duty(duty).label) for duty in Duty.values if not getattr(self, f"{duty}_ok")]


def photo_path(instance, filename: str) -> str:
    return f"frontage/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class CheckPhoto(StoredFile):
    """A photo taken at a check, re-encoded without metadata (core.images)."""

    file = models.FileField(_("file"), upload_to=photo_path, max_length=200)
    check_row = models.ForeignKey(
        Check, verbose_name=_("check"), on_delete=models.CASCADE, related_name="photos"
    )

    class Meta(StoredFile.Meta):
        verbose_name = _("check photo")
        verbose_name_plural = _("check photos")


class ImportRun(models.Model):
    """One spreadsheet imported into the register, with what it did and every refused row's reason."""

    filename = models.CharField(_("file name"), max_length=200)
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    refused = models.JSONField(
        _("refused rows"),
        default=list,
        blank=True,
        help_text=_("[{line, name, reason}] for every row that was not imported."),
    )

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} {self.imported_at:%Y-%m-%d %H:%M}"


class ListState(models.TextChoices):
    IN_NOTICE = "in_notice", _("in public notice")
    CONFIRMED = "confirmed", _("confirmed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class MonthlyList(TimeStampedModel):
    """The month's red and black list (红黑榜), published as a notice (公示)."""

    month = models.DateField(_("month"), help_text=_("The first day of the month the list is about."))
    state = models.CharField(
        _("state"), max_length=16, choices=ListState.choices, default=ListState.IN_NOTICE
    )
    notice_id = models.PositiveBigIntegerField(_("notice"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("red and black list")
        verbose_name_plural = _("red and black lists")
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["month"], condition=~models.Q(state="withdrawn"), name="frontage_one_list_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class Board(models.TextChoices):
    RED = "red", _("red list")
    BLACK = "black", _("black list")


class ListEntry(models.Model):
    monthly_list = models.ForeignKey(
        MonthlyList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="entries"
    )
    board = models.CharField(_("board"), max_length=8, choices=Board.choices)
    rank = models.PositiveSmallIntegerField(_("rank"))
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(_("unit name"), max_length=100)
    checks = models.PositiveSmallIntegerField(_("checks"))
    failures = models.PositiveSmallIntegerField(_("failed checks"))
    failed_duties = models.PositiveSmallIntegerField(_("failed duties"))

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        ordering = ["monthly_list", "board", "rank"]

    def __str__(self) -> str:
        return f"{self.board} {self.rank} {self.unit_name}"


class EventAction(models.TextChoices):
    REGISTER = "register", _("registered")
    EDIT = "edit", _("edited")
    IMPORT = "import", _("imported")
    AGREEMENT = "agreement", _("agreement recorded")
    CHECK = "check", _("checked")
    RAISE_CASE = "raise_case", _("case raised for repeated failure")
    PUBLISH_LIST = "publish_list", _("red and black list published")
    LIST_SETTLED = "list_settled", _("red and black list settled")


class FrontageEvent(TimelineEvent):
    """The register's timeline: on a unit, or on a monthly list."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    monthly_list = models.ForeignKey(
        MonthlyList,
        verbose_name=_("list"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=32, choices=EventAction.choices)

    class Meta(TimelineEvent.Meta):
        verbose_name = _("frontage event")
        verbose_name_plural = _("frontage events")
