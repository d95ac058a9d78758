"""Shapes of the cases API: what a client sends (checked here for type and form, then handed to a service,
which applies the rules) and what it gets back. Reporter names and phone numbers always leave the server
masked; only the reveal endpoint returns them, and that is audited."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chengguan.core import geo
from chengguan.core.api import FastSerializer, LabelField, StrictFloatField
from chengguan.core.dates import validate_sane_date
from chengguan.core.privacy import mask_name, mask_phone
from chengguan.grid.bounds import check_in_area
from chengguan.org.roles import RoleCode
from chengguan.org.rules import has_role
from chengguan.taxonomy.models import Category, Urgency

from .. import photos, selectors, workflow
from ..models import Attachment, CaseRequest
from ..states import WITH_DEPARTMENT, Action, Channel, Satisfaction, State, SupervisionLevel

# --- The channel rule -------------------------------------------------------------------------------
# Channels that belong to other modules (the Open311 adapter, public evaluation, campaigns, conduct): they
# raise cases through the services with a reference back, never through this endpoint.
MODULE_CHANNELS = frozenset({Channel.OPEN311, Channel.EVALUATION, Channel.CAMPAIGN, Channel.CONDUCT})
# Intake operators, dispatchers and shift leads enter reports for others: any of the remaining channels.
STAFF_CHANNELS = frozenset(Channel) - MODULE_CHANNELS
# Inspectors (监督员) report what they find on patrol or on the video wall.
INSPECTOR_CHANNELS = frozenset({Channel.API, Channel.PATROL, Channel.VIDEO})
enters_reports_for_others = has_role(*workflow.INTAKE)
is_inspector = has_role(RoleCode.INSPECTOR)

CHANNEL_RULE = gettext_lazy(
    "Defaults to api. Intake operators, dispatchers and shift leads may give any channel but open311, "
    "evaluation, campaign and conduct (set by their own modules); inspectors may give patrol or video; "
    "for everyone else the channel is always api."
)


def intake_channel(user, requested: str | None) -> str:
    """The channel a report posted through the API by `user` is recorded under (see CHANNEL_RULE)."""
    requested = requested or Channel.API
    if requested in MODULE_CHANNELS:
        raise serializers.ValidationError(
            {"channel": [_("Cases from this channel are raised by their own module, not through this API.")]}
        )
    if enters_reports_for_others(user) and requested in STAFF_CHANNELS:
        return requested
    if is_inspector(user) and requested in INSPECTOR_CHANNELS:
        return requested
    return Channel.API


# --- Input ------------------------------------------------------------------------------------------


class RequiredBooleanField(serializers.BooleanField):
    """A boolean that must be given: a form post without it is an error, not False."""

    default_empty_html = serializers.empty


class CodeField(serializers.SlugRelatedField):
    """A reference by code (department CGJ-SZGY, category S0102)."""

    def __init__(self, *, upper: bool = False, **kwargs):
        self.upper = upper
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data):
        data = str(data).strip()
        return super().to_internal_value(data.upper() if self.upper else data)


def category_field(**kwargs) -> CodeField:
    return CodeField(
        upper=True,
        queryset=Category.objects.all(),
        error_messages={"does_not_exist": gettext_lazy("Unknown category code “{value}”.")},
        help_text=gettext_lazy("Category (subclass) code, e.g. S0102."),
        **kwargs,
    )


class PhotosField(serializers.ListField):
    """Photos checked by their content (JPEG, PNG, WebP, HEIC), all errors under the one field name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            gettext_lazy(
                "Photos (multipart/form-data): JPEG, PNG, WebP or HEIC, by default up to 6 of 10 MB."
            ),
        )
        super().__init__(child=serializers.FileField(), **kwargs)

    def to_internal_value(self, data):
        uploads = super().to_internal_value(data)
        try:
            photos.check_photos(uploads)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        for upload in uploads:
            upload.seek(0)  # the service reads them again
        return uploads


class IntakeSerializer(FastSerializer):
    description = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text=gettext_lazy("At most 4,000 characters.")
    )
    lng = StrictFloatField(required=False, allow_null=True, help_text=gettext_lazy("Longitude."))
    lat = StrictFloatField(required=False, allow_null=True, help_text=gettext_lazy("Latitude."))
    crs = serializers.ChoiceField(
        choices=geo.CRS_CHOICES,
        default=geo.WGS84,
        help_text=gettext_lazy("Coordinate system of lng/lat: wgs84 (GPS) or gcj02 (Chinese map SDKs)."),
    )
    address = serializers.CharField(required=False, allow_blank=True, default="")
    category = serializers.CharField(
        required=False, allow_blank=True, default=None, help_text=gettext_lazy("Category code, e.g. S0102.")
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, help_text=CHANNEL_RULE)
    reporter_name = serializers.CharField(required=False, allow_blank=True, default="")
    reporter_phone = serializers.CharField(required=False, allow_blank=True, default="")
    photos = PhotosField()

    def validate(self, attrs):
        attrs["channel"] = intake_channel(self.context["request"].user, attrs.get("channel"))
        lng, lat = attrs.get("lng"), attrs.get("lat")
        if lng is not None and lat is not None:  # one without the other: the service says what is missing
            try:
                wgs_lng, wgs_lat = geo.to_wgs84(lng, lat, attrs.get("crs") or geo.WGS84)
            except ValueError:
                wgs_lng, wgs_lat = lng, lat  # out of range: check_in_area says so
            check_in_area(wgs_lng, wgs_lat, field="lng")  # (0, 0), (180, 90): a 400 naming the area
        return attrs


class MultipleChoiceQueryField(serializers.CharField):
    """Comma-separated choices in a query parameter: ?state=dispatched,in_progress."""

    def __init__(self, choices, **kwargs):
        self.allowed = {str(value) for value, _label in choices}
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        values = [v.strip() for v in super().to_internal_value(data).split(",") if v.strip()]
        unknown = [v for v in values if v not in self.allowed]
        if unknown:
            message = _("Unknown value: %(values)s.") % {"values": ", ".join(unknown)}
            raise serializers.ValidationError(message)
        return values


class CaseFilterSerializer(serializers.Serializer):
    state = MultipleChoiceQueryField(
        State.choices,
        help_text=format_lazy("{}: {}", gettext_lazy("States, comma-separated"), ", ".join(State)),
    )
    department = serializers.CharField(required=False, help_text=gettext_lazy("Department code."))
    category = serializers.CharField(required=False, help_text=gettext_lazy("Category or major-class code."))
    area = serializers.CharField(
        required=False, help_text=gettext_lazy("District, street, community or cell code.")
    )
    cell = serializers.CharField(required=False, help_text=gettext_lazy("Grid cell code."))
    channel = MultipleChoiceQueryField(
        Channel.choices,
        help_text=format_lazy("{}: {}", gettext_lazy("Channels, comma-separated"), ", ".join(Channel)),
    )
    overdue = serializers.BooleanField(required=False, help_text=gettext_lazy("Only cases past deadline."))
    supervision = serializers.ChoiceField(choices=SupervisionLevel.choices, required=False)
    reported_after = serializers.DateField(
        required=False, validators=[validate_sane_date], help_text=gettext_lazy("On or after this day.")
    )
    reported_before = serializers.DateField(
        required=False, validators=[validate_sane_date], help_text=gettext_lazy("On or before this day.")
    )
    q = serializers.CharField(required=False, max_length=100, help_text=gettext_lazy("Text or case number."))
    sort = serializers.ChoiceField(choices=list(selectors.SORTS), required=False)


# --- Output -----------------------------------------------------------------------------------------


class RefSerializer(FastSerializer):
    code = serializers.CharField()
    name = serializers.CharField()


@extend_schema_field(RefSerializer(allow_null=True))
class RefField(serializers.Field):
    """A department, category or area as {code, name}, or null. Written as a plain field rather than a
    nested RefSerializer: DRF deep-copies a nested serializer's fields for every row it writes."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return {"code": value.code, "name": value.name}


class CaseSerializer(FastSerializer):
    """A case as a list row. Reporter data is masked for everyone."""

    number = serializers.CharField()
    state = serializers.CharField()
    state_label = LabelField(State.choices, source="state")
    channel = serializers.CharField()
    channel_label = LabelField(Channel.choices, source="channel")
    description = serializers.CharField()
    address = serializers.CharField()
    lng = serializers.FloatField(allow_null=True, help_text=gettext_lazy("WGS-84."))
    lat = serializers.FloatField(allow_null=True, help_text=gettext_lazy("WGS-84."))
    cell = serializers.CharField(source="cell.code", allow_null=True, help_text=gettext_lazy("Cell code."))
    community = RefField()
    street = RefField()
    category = RefField()
    urgency = serializers.CharField()
    urgency_label = LabelField(Urgency.choices, source="urgency")
    department = RefField()
    reporter_name = serializers.SerializerMethodField(help_text=gettext_lazy("Masked, e.g. 张*."))
    reporter_phone = serializers.SerializerMethodField(help_text=gettext_lazy("Masked, e.g. 138****1234."))
    has_reporter_contact = serializers.SerializerMethodField()
    deadline = serializers.DateTimeField(allow_null=True)
    overdue = serializers.SerializerMethodField()
    supervision = serializers.CharField()
    supervision_label = LabelField(SupervisionLevel.choices, source="supervision")
    reported_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    dispatched_at = serializers.DateTimeField(allow_null=True)
    handled_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    rework_count = serializers.IntegerField()
    send_back_count = serializers.IntegerField()
    reopen_count = serializers.IntegerField()

    def get_reporter_name(self, case) -> str:
        return mask_name(case.reporter_name)

    def get_reporter_phone(self, case) -> str:
        return mask_phone(case.reporter_phone)

    def get_has_reporter_contact(self, case) -> bool:
        return bool(case.reporter_phone)

    def get_overdue(self, case) -> bool:
        return bool(case.state in WITH_DEPARTMENT and case.deadline and case.deadline < timezone.now())


class AttachmentSerializer(FastSerializer):
    url = serializers.SerializerMethodField()
    kind = serializers.CharField()
    kind_label = LabelField(Attachment.Kind.choices, source="kind")
    content_type = serializers.CharField()
    size = serializers.IntegerField()

    def get_url(self, attachment) -> str:
        request = self.context.get("request")
        # Media files are not served publicly: the API's photo endpoint checks who asks, as the pages do.
        url = reverse("cases-api-photo", args=[attachment.pk])
        return request.build_absolute_uri(url) if request is not None else url


class EventSerializer(FastSerializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    action_label = LabelField(Action.choices, source="action")
    from_state = serializers.CharField()
    from_state_label = LabelField(State.choices, source="from_state")
    to_state = serializers.CharField()
    to_state_label = LabelField(State.choices, source="to_state")
    actor_name = serializers.CharField(source="actor_label")
    actor_department = RefField()
    note = serializers.CharField()
    changes = serializers.DictField()
    is_public = serializers.BooleanField()
    attachments = AttachmentSerializer(many=True, source="attachment_list")

    def to_representation(self, event):
        data = super().to_representation(event)
        if self.context.get("public"):  # public timelines never name staff
            data["actor_name"], data["actor_department"] = "", None
        return data


class PendingRequestSerializer(FastSerializer):
    kind = serializers.CharField()
    kind_label = LabelField(CaseRequest.Kind.choices, source="kind")
    working_days = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    reason = serializers.CharField()
    requested_at = serializers.DateTimeField()


class FollowUpSerializer(FastSerializer):
    created_at = serializers.DateTimeField()
    rating = serializers.IntegerField(allow_null=True)
    rating_label = LabelField(Satisfaction.choices, source="rating", allow_null=True)
    comment = serializers.CharField()
    problem_persists = serializers.BooleanField()
    answered_at = serializers.DateTimeField(allow_null=True)


class AllowedActionSerializer(FastSerializer):
    action = serializers.CharField(help_text=gettext_lazy("POST /api/v1/cases/{number}/{action}/"))
    label = serializers.CharField()


class CaseDetailSerializer(CaseSerializer):
    """A case with its timeline, what the requesting user may do now, the pending request and follow-ups.
    The view prepares `timeline_events` (each with `attachment_list`), `pending`, `follow_up_list` and
    `actions` on the instance."""

    timeline = EventSerializer(many=True, source="timeline_events")
    allowed_actions = AllowedActionSerializer(many=True, source="actions")
    pending_request = PendingRequestSerializer(source="pending", allow_null=True)
    follow_ups = FollowUpSerializer(many=True, source="follow_up_list")
    merged_into = serializers.CharField(
        source="merged_into_number",
        allow_null=True,
        help_text=gettext_lazy("并单: the case this one was merged into, while the merge stands."),
    )
    merged_duplicates = serializers.ListField(
        child=serializers.CharField(),
        source="merged_duplicate_numbers",
        help_text=gettext_lazy("The numbers of the duplicates merged into this case."),
    )


class DuplicateSerializer(FastSerializer):
    """A likely duplicate (并单 proposal) and why it is proposed."""

    number = serializers.CharField()
    state = serializers.CharField()
    metres = serializers.IntegerField(help_text=gettext_lazy("Distance between the two reports."))
    minutes = serializers.IntegerField(help_text=gettext_lazy("Time between the two reports."))
    same_category = serializers.BooleanField(help_text=gettext_lazy("false: of the same major class."))
    text = serializers.FloatField(help_text=gettext_lazy("Text similarity, 0 to 1 (character bigrams)."))
    score = serializers.FloatField(help_text=gettext_lazy("0 to 1; proposals start at 0.55."))
    explanation = serializers.CharField()


class RevealSerializer(serializers.Serializer):
    reporter_name = serializers.CharField()
    reporter_phone = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    errors = serializers.JSONField(
        required=False, help_text=gettext_lazy("For code invalid: messages by field name.")
    )


# What the lifecycle actions take live in their own module; every caller reads them here.
from .actions import (  # noqa: E402
    AcceptSerializer,
    DecideSerializer,
    DispatchSerializer,
    ExtensionSerializer,
    HandledSerializer,
    MergeSerializer,
    NoteSerializer,
    ReasonSerializer,
    VerifySerializer,
)

__all__ = [
    "NoteSerializer",
    "ReasonSerializer",
    "AcceptSerializer",
    "DispatchSerializer",
    "HandledSerializer",
    "VerifySerializer",
    "ExtensionSerializer",
    "DecideSerializer",
    "MergeSerializer",
]
