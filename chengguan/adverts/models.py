"""户外广告: the register of outdoor-advertising permits, the approval timeline of each, and the signs
inspectors find on patrol, checked against the register (seed 002, text 8 §15: no sign without approval,
none while approval is pending, no change of position, size, material or content without approval)."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chengguan.core.fields import EncryptedTextField, phone_hash
from chengguan.core.models import TimeStampedModel
from chengguan.grid.models import Area
from chengguan.org.models import Department
from chengguan.org.timeline import TimelineEvent


class PermitState(models.TextChoices):
    APPLIED = "applied", _("awaiting approval")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", pgettext_lazy("advertising permit", "refused")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", pgettext_lazy("advertising permit", "revoked")
    SUPERSEDED = "superseded", _("replaced by an amendment")


class Material(models.TextChoices):
    FABRIC = "fabric", _("printed fabric")
    METAL = "metal", _("metal")
    ACRYLIC = "acrylic", _("acrylic")
    LIGHTBOX = "lightbox", _("light box")
    LED = "led", _("LED screen")
    WOOD = "wood", _("wood")
    STONE = "stone", _("stone")
    OTHER = "other", _("other")


def image_path(instance, filename: str) -> str:
    return f"adverts/{uuid.uuid4().hex}.{instance.image_extension or 'jpg'}"


def photo_path(instance, filename: str) -> str:
    return f"adverts/checks/{uuid.uuid4().hex}.{instance.photo_extension or 'jpg'}"


class SignFields(models.Model):
    """Where a sign stands and what it is: the same on a permit and on a sign found on patrol."""

    lng = models.FloatField(_("longitude"), help_text=_("WGS-84."))
    lat = models.FloatField(_("latitude"), help_text=_("WGS-84."))
    address = models.CharField(_("address"), max_length=200, blank=True)
    street = models.ForeignKey(
        Area,
        verbose_name=_("street"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The street the position lies in, from the grid."),
    )
    width_m = models.DecimalField(
        _("width (m)"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    height_m = models.DecimalField(
        _("height (m)"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    material = models.CharField(_("material"), max_length=16, choices=Material.choices)
    content_text = models.CharField(_("content"), max_length=300, help_text=_("The text the sign shows."))

    class Meta:
        abstract = True

    @property
    def size_label(self) -> str:
        return f"{self.width_m} × {self.height_m} m"


class Permit(SignFields, TimeStampedModel):
    """One application for a sign and, once approved, its permit. A change of position, size, material or
    content of an approved sign is a new application that `amends` it; when that is approved the old one is
    superseded."""

    number = models.CharField(_("permit number"), max_length=24, unique=True)
    state = models.CharField(
        _("state"), max_length=16, choices=PermitState.choices, default=PermitState.APPLIED
    )
    # Encrypted at rest (core.fields) and masked on every page; revealed only with an audit entry.
    applicant_name = EncryptedTextField(_("applicant"))
    applicant_phone = EncryptedTextField(_("applicant's phone"), blank=True)
    applicant_phone_hash = models.CharField(
        _("applicant's phone (keyed hash)"), max_length=64, blank=True, db_index=True, editable=False
    )
    image = models.FileField(_("content image"), upload_to=image_path, max_length=200, blank=True)
    image_type = models.CharField(_("image content type"), max_length=40, blank=True)
    image_extension = models.CharField(_("image file extension"), max_length=8, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), db_index=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The section that keeps the register and is reminded before the permit expires."),
    )
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends permit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    applied_at = models.DateTimeField(_("applied at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(_("reasons"), blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    reminded_at = models.DateTimeField(
        _("expiry reminder sent at"), null=True, blank=True, help_text=_("Set when the reminder is sent.")
    )

    class Meta:
        verbose_name = _("advertising permit")
        verbose_name_plural = _("advertising permits")
        ordering = ["-applied_at", "-id"]
        indexes = [
            models.Index(fields=["state", "valid_until"], name="adverts_permit_state_until"),
            models.Index(fields=["lat", "lng"], name="adverts_permit_position"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="adverts_permit_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.content_text}"

    def save(self, *args, **kwargs):
        self.applicant_phone_hash = phone_hash(self.applicant_phone)
        fields = kwargs.get("update_fields")
        if fields is not None and "applicant_phone" in fields and "applicant_phone_hash" not in fields:
            kwargs["update_fields"] = [*fields, "applicant_phone_hash"]
        super().save(*args, **kwargs)


class CheckOutcome(models.TextChoices):
    COVERED = "covered", _("covered by a permit")
    CHANGED = "changed", _("differs from its permit")
    UNPERMITTED = "unpermitted", _("no permit in force")


class SignCheck(SignFields):
    """A sign an inspector found on patrol, and what the register said about it. A sign no permit covers
    becomes a case (`case_id`), linked back by the case's origin reference."""

    found_at = models.DateTimeField(_("found at"), db_index=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo = models.FileField(_("photo"), upload_to=photo_path, max_length=200, blank=True)
    photo_type = models.CharField(_("photo content type"), max_length=40, blank=True)
    photo_extension = models.CharField(_("photo file extension"), max_length=8, blank=True)
    outcome = models.CharField(_("check outcome"), max_length=16, choices=CheckOutcome.choices)
    permit = models.ForeignKey(
        Permit,
        verbose_name=_("permit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checks",
        help_text=_("The permit that covers the sign, or the nearest one it was compared with."),
    )
    distance_m = models.FloatField(_("distance to the permit (m)"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    case_id = models.PositiveBigIntegerField(_("case"), null=True, blank=True)
    case_number = models.CharField(_("case number"), max_length=24, blank=True)

    class Meta:
        verbose_name = _("sign check")
        verbose_name_plural = _("sign checks")
        ordering = ["-found_at", "-id"]

    def __str__(self) -> str:
        return f"{self.found_at:%Y-%m-%d} {self.content_text}"

    @property
    def raised_case(self) -> bool:
        return self.case_id is not None


class AdvertAction(models.TextChoices):
    """What an event of the register records (stable values: they are stored)."""

    APPLY = "apply", _("application registered")
    AMEND = "amend", _("amendment applied for")
    APPROVE = "approve", _("approved")
    REFUSE = "refuse", _("refused")
    REVOKE = "revoke", _("revoked")
    EXPIRE = "expire", _("expired")
    SUPERSEDE = "supersede", _("replaced by an amendment")
    REMIND = "remind", _("expiry reminder sent")
    CHECK = "check", _("sign checked on patrol")
    RAISE_CASE = "raise_case", _("case raised")


class PermitEvent(TimelineEvent):
    """One row per write to a permit, or a sign check that concerned it."""

    permit = models.ForeignKey(
        Permit, verbose_name=_("permit"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=32, choices=AdvertAction.choices)
    from_state = models.CharField(_("from state"), max_length=16, blank=True)
    to_state = models.CharField(_("to state"), max_length=16, blank=True)

    class Meta(TimelineEvent.Meta):
        verbose_name = _("permit event")
        verbose_name_plural = _("permit events")

    def __str__(self) -> str:
        return f"{self.permit_id} {self.action}"


class CheckEvent(TimelineEvent):
    """The timeline of a sign check: recorded, case raised."""

    check_record = models.ForeignKey(
        SignCheck, verbose_name=_("sign check"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=32, choices=AdvertAction.choices)

    class Meta(TimelineEvent.Meta):
        verbose_name = _("sign check event")
        verbose_name_plural = _("sign check events")
