import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import EncryptedTextField


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class StoredFile(models.Model):
    """What is kept about a checked upload (photo, document). A subclass declares `file` with its own
    upload path; the file's name on disk is random, `original_name` is what the uploader called it."""

    content_type = models.CharField(_("content type"), max_length=40)
    extension = models.CharField(_("file extension"), max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name or self.file.name


class DataVersion(models.Model):
    """A counter per kind of cached reference data (grid cells, calendar overrides).

    Each process keeps such data in memory and compares its copy's version with this row, so a change
    made in one process (the admin, an import) reaches the others within CHENGGUAN_CACHE_CHECK_SECONDS."""

    key = models.CharField(_("key"), max_length=50, primary_key=True)
    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"


class WorkdayOverride(models.Model):
    """A local change to the official calendar, or a day of a year the calendar package does not know."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("is a working day"))
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("For example the holiday's name.")
    )

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'workday' if self.is_workday else 'day off'}"


class AuditEntry(models.Model):
    """One link of the append-only, keyed, hash-chained audit log. Rows are never updated, and deleted only
    by `audit.prune`: `hash` is a MAC over this row's content and the previous row's MAC, made with a key kept
    outside the database, so any change breaks the chain."""

    at = models.DateTimeField(_("time"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_username = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    target_type = models.CharField(_("target type"), max_length=60, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    ip = models.CharField(_("IP address"), max_length=45, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True, help_text=_("The entry's keyed MAC."))
    key_id = models.CharField(
        _("key"), max_length=16, help_text=_("Which key of the audit keyring made the MAC.")
    )
    algorithm = models.CharField(_("MAC algorithm"), max_length=16)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.action}"


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message in a user's in-app inbox, written by the `inbox` notification channel."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(
        _("link"), max_length=500, blank=True, help_text=_("The page the message is about, if any.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=50,
        blank=True,
        help_text=_("What the message is about, for example case.dispatched; used for filtering."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="core_notif_recipient_read_idx")]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Outgoing(models.Model):
    """A message waiting to leave, or gone: to staff users (in-app, e-mail) or to a phone (SMS). The task
    that sends it carries only this row's id; the row carries the delivery key a gateway sees, so a retry
    after a worker died mid-send is recognised and nothing is delivered twice."""

    class Kind(models.TextChoices):
        USERS = "users", _("to users")
        TEXT = "text", _("text message")

    key = models.UUIDField(_("delivery key"), unique=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    user_ids = models.JSONField(_("recipients"), default=list, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    message = models.JSONField(_("message"), default=dict, help_text=_("Subject, body, link and kind."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    attempted_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [models.Index(fields=["sent_at", "created_at"], name="core_outgoing_pending")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
