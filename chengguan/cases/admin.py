"""A read-only admin for cases: every change goes through `cases.services` (the console or the API), so
nothing here adds, edits or deletes. Reporters' names and phones are shown masked."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from chengguan.core.privacy import mask_name, mask_phone
from chengguan.org.rules import is_administrator

from .models import Attachment, Case, CaseEvent, CaseRequest, FollowUp, SupervisionNotice


class ReadOnlyMixin:
    """Viewing is for administrators (the admin is not scoped by department); changing is for nobody."""

    def has_view_permission(self, request, obj=None):
        return bool(is_administrator(request.user))

    def has_module_permission(self, request):
        return bool(is_administrator(request.user))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = CaseEvent
    fields = ("at", "action", "actor_name", "actor_department", "from_state", "to_state", "note", "is_public")
    readonly_fields = fields
    extra = 0
    show_change_link = False


class AttachmentInline(ReadOnlyMixin, admin.TabularInline):
    model = Attachment
    fields = ("kind", "original_name", "content_type", "size", "uploaded_at", "event")
    readonly_fields = fields
    extra = 0


class RequestInline(ReadOnlyMixin, admin.TabularInline):
    model = CaseRequest
    fields = ("kind", "working_days", "reason", "requested_at", "decision", "decided_at", "decision_note")
    readonly_fields = fields
    extra = 0


class FollowUpInline(ReadOnlyMixin, admin.TabularInline):
    model = FollowUp
    fields = ("created_at", "rating", "problem_persists", "comment", "answered_at")
    readonly_fields = fields
    extra = 0


@admin.register(Case)
class CaseAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("number", "state", "channel", "category", "department", "reported_at", "deadline")
    list_filter = ("state", "channel", "urgency", "supervision")
    search_fields = ("number", "address", "search_text")
    date_hierarchy = "reported_at"
    list_select_related = ("category", "department")
    readonly_fields = (
        "number",
        "state",
        "channel",
        "description",
        "address",
        "lng",
        "lat",
        "cell",
        "community",
        "street",
        "category",
        "urgency",
        "department",
        "masked_reporter_name",
        "masked_reporter_phone",
        "created_by",
        "origin_type",
        "origin_id",
        "deadline",
        "supervision",
        "rework_count",
        "send_back_count",
        "reopen_count",
        "support_count",
        "reported_at",
        "accepted_at",
        "dispatched_at",
        "handled_at",
        "closed_at",
        "updated_at",
    )
    fields = readonly_fields
    inlines = [EventInline, AttachmentInline, RequestInline, FollowUpInline]

    @admin.display(description=_("reporter name"))
    def masked_reporter_name(self, obj):
        return mask_name(obj.reporter_name) or "—"

    @admin.display(description=_("reporter phone"))
    def masked_reporter_phone(self, obj):
        return mask_phone(obj.reporter_phone) or "—"


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("case", "level", "department", "sent_at")
    list_filter = ("level",)
    search_fields = ("case__number",)
    list_select_related = ("case", "department")
    readonly_fields = ("case", "level", "department", "recipients", "message", "sent_at")


from . import admin_auto  # noqa: E402, F401  (the classifier's versions, auto-dispatch, training examples)
