"""Cases (工单), their timeline of events, attachments, requests awaiting approval, follow-ups and
supervision notices. Every write goes through `cases.services`; these classes hold invariants only."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengguan.core.fields import EncryptedTextField, phone_hash
from chengguan.core.models import StoredFile
from chengguan.grid.models import Area, Cell
from chengguan.org.models import Department
from chengguan.org.timeline import TimelineEvent
from chengguan.taxonomy.models import Category, TimeUnit, Urgency

from .states import Action, Channel, Satisfaction, State, SupervisionLevel

DESCRIPTION_MAX = 4000

# The jobs that act on cases (`core.actors.SystemActor(job)`) as timelines name them.
SUPERVISE_JOB = "supervise"
AUTO_DISPATCH_JOB = "auto_dispatch"
SYSTEM_JOB_LABELS = {
    SUPERVISE_JOB: _("automatic supervision"),
    AUTO_DISPATCH_JOB: _("auto-dispatch (智能派单)"),
}


class Case(models.Model):
    number = models.CharField(
        _("case number"), max_length=20, unique=True, help_text=_("Date of report + daily sequence.")
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.REPORTED)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    search_text = models.TextField(
        _("search text"), blank=True, editable=False, help_text=_("Description in simplified Chinese.")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    lng = models.FloatField(_("longitude (WGS-84)"), null=True, blank=True)
    lat = models.FloatField(_("latitude (WGS-84)"), null=True, blank=True)
    cell = models.ForeignKey(  # indexed by case_cell_time_idx, which begins with it
        Cell, verbose_name=_("grid cell"), null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    community = models.ForeignKey(
        Area, verbose_name=_("community"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        Area, verbose_name=_("street"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT
    )
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    # Encrypted at rest (core.fields); matched for equality only through reporter_phone_hash.
    reporter_name = EncryptedTextField(_("reporter name"), blank=True)
    reporter_phone = EncryptedTextField(_("reporter phone"), blank=True)
    reporter_phone_hash = models.CharField(
        _("reporter phone hash"),
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("Keyed hash of the reporter's phone, for finding the same phone (set on save)."),
    )
    intake_key = models.CharField(
        _("idempotency key"),
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("The client's key: the same key twice gives the same case."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    origin_type = models.CharField(
        _("origin type"), max_length=40, blank=True, help_text=_("The module that raised it.")
    )
    origin_id = models.CharField(_("origin id"), max_length=40, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # only a demo reset or a test deletes cases
        related_name="merged_duplicates",
        help_text=_("The case this one was merged into as a duplicate (并单), while the merge stands."),
    )

    # Deadline bookkeeping (set by services; see cases.deadlines).
    limit_amount = models.DecimalField(_("time limit"), max_digits=6, decimal_places=1, null=True, blank=True)
    limit_unit = models.CharField(_("time limit unit"), max_length=8, choices=TimeUnit.choices, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True, db_index=True)
    remaining_hours = models.FloatField(
        _("working hours left when suspended"), null=True, blank=True, editable=False
    )
    resume_state = models.CharField(_("state to resume"), max_length=16, choices=State.choices, blank=True)
    supervision = models.CharField(
        _("supervision"), max_length=16, choices=SupervisionLevel.choices, blank=True, default=""
    )
    urged_at = models.DateTimeField(
        _("urged at"),
        null=True,
        blank=True,
        help_text=_("When a shift lead or leader last urged the department (督办) while it holds the case."),
    )

    rework_count = models.PositiveIntegerField(_("reworks"), default=0)
    send_back_count = models.PositiveIntegerField(_("send-backs"), default=0)
    reopen_count = models.PositiveIntegerField(_("reopenings"), default=0)
    support_count = models.PositiveIntegerField(_("supporters"), default=0)

    reported_at = models.DateTimeField(_("reported at"), db_index=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-reported_at"]
        indexes = [
            models.Index(fields=["state", "department", "deadline"], name="case_inbox_idx"),
            models.Index(fields=["department", "reported_at"], name="case_dept_time_idx"),
            # Lists by category (and state) come newest first: the time in the index saves sorting them all.
            models.Index(fields=["category", "state", "reported_at"], name="case_category_time_idx"),
            # The desk's page of waiting cases, newest first, from the index alone (then 20 rows by id).
            models.Index(fields=["state", "reported_at"], name="case_state_time_idx"),
            models.Index(fields=["lng", "lat"], name="case_point_idx"),
            # The map: the cells in view, each read from its most recent case back.
            models.Index(fields=["cell", "reported_at"], name="case_cell_time_idx"),
            models.Index(fields=["origin_type", "origin_id"], name="case_origin_idx"),
            # Merged duplicates only: SQLite's statistics of the all-NULL foreign-key index made it scan.
            models.Index(
                fields=["merged_into"],
                condition=models.Q(merged_into__isnull=False),
                name="case_merged_into_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        self.hash_phone()
        fields = kwargs.get("update_fields")
        if fields is not None and "reporter_phone" in fields and "reporter_phone_hash" not in fields:
            kwargs["update_fields"] = [*fields, "reporter_phone_hash"]
        super().save(*args, **kwargs)

    def hash_phone(self) -> None:
        """The reporter's phone as its keyed hash, for finding a caller's cases without decrypting."""
        self.reporter_phone_hash = phone_hash(self.reporter_phone)


class CaseEvent(TimelineEvent):
    """One step on a case's timeline: who did what, when, and what changed. Never edited. Written only
    through `org.timeline.record_event` (see `cases.services.common.record_case_event`)."""

    case = models.ForeignKey(  # indexed by case_event_case_action_idx, which begins with it
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events", db_index=False
    )
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    from_state = models.CharField(_("from state"), max_length=16, choices=State.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=16, choices=State.choices, blank=True)
    is_public = models.BooleanField(
        _("shown to the public"), default=True, help_text=_("Public timelines never show staff names.")
    )

    class Meta(TimelineEvent.Meta):
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        # Assessment counts one action over a period at a time: without it each count read the period's
        # every event (at 1M cases, a month's department ranking took 6 s instead of 2). With the case in
        # it, the counts never read the events themselves (0.29 to 0.11 s for a month's handlings).
        indexes = [
            models.Index(fields=["action", "at", "case"], name="case_event_action_at_case_idx"),
            # A case's timeline, and a case's last event of an action (the desk's last send-back reason,
            # the inbox's last rework note). SQLite without statistics (no ANALYZE) took the index above
            # for those, reading every send-back in the city for each case on the desk (100 s at 1M).
            models.Index(fields=["case", "action", "at"], name="case_event_case_action_idx"),
        ]

    @property
    def actor_label(self) -> str:
        """The name a timeline shows: a person's name, or what people call the job that acted."""
        if self.by_system:
            job = self.actor_name.removeprefix("system:")
            return str(SYSTEM_JOB_LABELS.get(job, self.actor_name))
        return self.actor_name

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"cases/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class Attachment(StoredFile):
    class Kind(models.TextChoices):
        REPORT = "report", _("photo with the report")
        HANDLING = "handling", _("photo after handling")
        VERIFICATION = "verification", _("verification photo")
        OTHER = "other", _("other")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments"
    )
    event = models.ForeignKey(
        CaseEvent,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REPORT)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class CaseRequest(models.Model):
    """A department's request for an extension (延期) or suspension (挂起), awaiting a decision."""

    class Kind(models.TextChoices):
        EXTENSION = "extension", _("extension")
        SUSPENSION = "suspension", _("suspension")

    class Decision(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("lapsed: the case moved on")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    working_days = models.DecimalField(
        _("working days asked"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("extension or suspension request")
        verbose_name_plural = _("extension and suspension requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(decision="pending"), name="one_pending_request_per_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {self.get_decision_display()}"


class FollowUp(models.Model):
    """回访: after closure, the reporter rates the outcome through a private link."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    token = models.CharField(_("link token"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent at"))
    rating = models.PositiveSmallIntegerField(
        _("satisfaction"), choices=Satisfaction.choices, null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    problem_persists = models.BooleanField(_("the problem is still there"), default=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-created_at"]
        indexes = [  # the desk's "came back" queue reads the few follow-ups saying the problem persists
            models.Index(
                fields=["case"], condition=models.Q(problem_persists=True), name="followup_persists_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_rating_display() or '—'}"


class SupervisionNotice(models.Model):
    """督办: a notice to a department (and, when escalated, the shift lead) about a late or slow case."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notices")
    level = models.CharField(_("level"), max_length=16, choices=SupervisionLevel.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients = models.JSONField(_("recipients"), default=list)
    message = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent at"), db_index=True)

    class Meta:
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_level_display()}"


class CaseNumberCounter(models.Model):
    """The last sequence number handed out on a day; locked while a number is drawn."""

    day = models.DateField(_("day"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class CaseSupporter(models.Model):
    """Another citizen who reported the same problem and chose to support this case instead of filing a
    duplicate. Only a keyed hash (HMAC with SECRET_KEY) identifies them; the phone is kept (encrypted)
    only when they left it to hear about the outcome, is shown masked everywhere, and is purged
    CHENGGUAN_PURGE_SUPPORTER_PHONES_DAYS (30) days after closure by the purge_contacts job."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="supporters"
    )
    contact_hash = models.CharField(
        _("contact hash"),
        max_length=64,
        help_text=_("Keyed hash of the phone number, else of the device id."),
    )
    device_hash = models.CharField(
        _("device hash"), max_length=64, blank=True, help_text=_("Keyed hash of the device id, if sent.")
    )
    phone = EncryptedTextField(
        _("phone for updates"), blank=True, help_text=_("Texted when the case is closed (encrypted).")
    )
    created_at = models.DateTimeField(_("supported at"))

    class Meta:
        verbose_name = _("case supporter")
        verbose_name_plural = _("case supporters")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "contact_hash"], name="one_support_per_contact")
        ]

    def __str__(self) -> str:
        return f"{self.case} +1"


from .merge_models import CaseMerge  # noqa: E402, F401  (beside Case, importable from here)
from .models_auto import (  # noqa: E402, F401  (auto-dispatch and the classifier's versions)
    AutoDispatch,
    AutoDispatchRule,
    ClassifierModel,
    TrainingExample,
)
