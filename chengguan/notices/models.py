"""公示: public notices with an objection period, their files, the objections filed and the timeline."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.fields import EncryptedTextField, phone_hash
from chengguan.core.models import StoredFile, TimeStampedModel
from chengguan.org.models import Department
from chengguan.org.timeline import TimelineEvent


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    PERIOD_OVER = "period_over", _("objection period over")
    CONFIRMED = "confirmed", _("confirmed")
    WITHDRAWN = "withdrawn", _("withdrawn")


PUBLIC_STATES = (State.PUBLISHED, State.PERIOD_OVER, State.CONFIRMED)
OPEN_STATES = (State.PUBLISHED, State.PERIOD_OVER)  # published and not yet settled


class NoticeQuerySet(models.QuerySet):
    def public(self) -> "NoticeQuerySet":
        return self.filter(state__in=PUBLIC_STATES)


class Notice(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    subject_type = models.CharField(
        _("subject type"),
        max_length=50,
        blank=True,
        help_text=_("What the notice is about, for example conduct.star_of_month; set by the module."),
    )
    subject_id = models.CharField(_("subject id"), max_length=64, blank=True)
    subject_label = models.CharField(_("subject"), max_length=200, blank=True)
    owner_department = models.ForeignKey(
        Department, verbose_name=_("owner department"), on_delete=models.PROTECT, related_name="notices"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    window_days = models.PositiveSmallIntegerField(
        _("objection period (working days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    objection_deadline = models.DateTimeField(_("objections until"), null=True, blank=True, db_index=True)
    period_ended_at = models.DateTimeField(_("objection period ended at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    outcome_failed_at = models.DateTimeField(
        _("outcome failed at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Set while the module that owns the notice has not taken its outcome (its handler raised); "
            "close_notices and the staff retry it until it succeeds."
        ),
    )
    outcome_error = models.TextField(_("outcome error"), blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["state", "objection_deadline"], name="notices_state_deadline_idx")]

    def __str__(self) -> str:
        return self.title


def file_path(instance, filename: str) -> str:
    return f"notices/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class NoticeAttachment(StoredFile):
    file = models.FileField(_("file"), upload_to=file_path, max_length=200)
    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="attachments"
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta(StoredFile.Meta):
        verbose_name = _("notice attachment")
        verbose_name_plural = _("notice attachments")


class Decision(models.TextChoices):
    PENDING = "pending", _("pending")
    UPHELD = "upheld", _("upheld")
    DISMISSED = "dismissed", _("dismissed")


class Objection(models.Model):
    """An objection filed by anyone during the window. The name and phone are private: never shown on public
    pages, masked for staff."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="objections"
    )
    revision = models.PositiveIntegerField(_("revision objected to"))
    # Encrypted at rest (core.fields); matched for equality only through phone_hash.
    name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("phone"))
    phone_hash = models.CharField(
        _("phone hash"),
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("Keyed hash of the phone, for finding the same phone (set on save)."),
    )
    text = models.TextField(_("objection"))
    filed_at = models.DateTimeField(_("filed at"))
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    resolved_in_revision = models.PositiveIntegerField(
        _("resolved in revision"),
        null=True,
        blank=True,
        help_text=_("An upheld objection stops holding the notice once the owner publishes a revision."),
    )

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["filed_at", "id"]

    def __str__(self) -> str:
        return f"{self.notice_id}#{self.pk}"

    def save(self, *args, **kwargs):
        self.phone_hash = phone_hash(self.phone)
        fields = kwargs.get("update_fields")
        if fields is not None and "phone" in fields and "phone_hash" not in fields:
            kwargs["update_fields"] = [*fields, "phone_hash"]
        super().save(*args, **kwargs)

    @property
    def holds(self) -> bool:
        """Whether this objection stops the notice from being confirmed."""
        return self.decision == Decision.PENDING or (
            self.decision == Decision.UPHELD and self.resolved_in_revision is None
        )


class ObjectionEvidence(StoredFile):
    file = models.FileField(_("file"), upload_to=file_path, max_length=200)
    objection = models.ForeignKey(
        Objection, verbose_name=_("objection"), on_delete=models.CASCADE, related_name="evidence"
    )

    class Meta(StoredFile.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")


class EventAction(models.TextChoices):
    CREATE = "create", _("created")
    EDIT = "edit", _("draft edited")
    PUBLISH = "publish", _("published")
    OBJECT = "object", _("objection filed")
    DECIDE = "decide", _("objection decided")
    END_PERIOD = "end_period", _("objection period over")
    CONFIRM = "confirm", _("confirmed")
    REVISE = "revise", _("revised and republished")
    WITHDRAW = "withdraw", _("withdrawn")
    OUTCOME_FAILED = "outcome_failed", _("outcome not taken by its module")
    OUTCOME_DONE = "outcome_done", _("outcome taken by its module after a retry")


class NoticeEvent(TimelineEvent):
    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=32, choices=EventAction.choices)
    revision = models.PositiveIntegerField(_("revision"))
    from_state = models.CharField(_("from state"), max_length=16, choices=State.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=16, choices=State.choices, blank=True)

    class Meta(TimelineEvent.Meta):
        verbose_name = _("notice event")
        verbose_name_plural = _("notice events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
