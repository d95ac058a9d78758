"""A read-only admin for cases: every change goes through `cases.services` (the console or the API), so
nothing here adds, edits or deletes. Reporters' names and phones are shown masked. Also: the classifier's
stored versions (with "put back in use", the rollback), the categories with auto-dispatch (written through
`services.set_auto_dispatch`) and what dispatchers taught the classifier."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chengguan.core.privacy import mask_name, mask_phone
from chengguan.org.rules import is_administrator

from . import classify
from .classifier import store
from .models import (
    Attachment,
    AutoDispatch,
    AutoDispatchRule,
    Case,
    CaseEvent,
    CaseRequest,
    ClassifierModel,
    FollowUp,
    SupervisionNotice,
    TrainingExample,
)
from .services import auto


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


# --- the classifier's versions (rollback), auto-dispatch (智能派单), training examples ----------------------


class AdministratorsOnly:
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


@admin.register(ClassifierModel)
class ClassifierModelAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("version", "is_active", "created_at", "trained_by", "held_out", "seconds")
    readonly_fields = (
        "version",
        "is_active",
        "created_at",
        "activated_at",
        "trained_by",
        "sklearn_version",
        "table",
        "counts",
        "evaluation",
        "seconds",
    )
    exclude = ("payload",)
    actions = ["put_back_in_use"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("payload")

    @admin.display(description=_("held-out evaluation"))
    def held_out(self, obj):
        evaluation = obj.evaluation or {}
        if not evaluation:
            return "—"
        return f"macro-F1 {evaluation['macro_f1']:.3f} · accuracy {evaluation['accuracy']:.3f}"

    @admin.action(description=_("Put the selected version back in use (rollback)"))
    def put_back_in_use(self, request, queryset):
        rows = list(queryset.values_list("version", flat=True))
        if len(rows) != 1:
            self.message_user(request, _("Select exactly one version."), messages.ERROR)
            return
        try:
            row = store.rollback(actor=request.user, to=rows[0])
        except store.NoVersion as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        classify.reset()
        self.message_user(request, _("Version %(n)s is in use again.") % {"n": row.version}, messages.SUCCESS)


@admin.register(AutoDispatchRule)
class AutoDispatchRuleAdmin(admin.ModelAdmin):
    """Writes go through `services.set_auto_dispatch` (checks, audit entry, the intake's cache)."""

    list_display = ("category", "enabled", "threshold", "updated_at", "updated_by")
    list_filter = ("enabled",)
    fields = ("category", "enabled", "threshold")
    raw_id_fields = ("category",)

    def has_module_permission(self, request):
        return bool(is_administrator(request.user))

    def has_view_permission(self, request, obj=None):
        return bool(is_administrator(request.user))

    def has_add_permission(self, request):
        return bool(is_administrator(request.user))

    def has_change_permission(self, request, obj=None):
        return bool(is_administrator(request.user))

    def has_delete_permission(self, request, obj=None):
        return False  # disable it instead: the change is then audited

    def save_model(self, request, obj, form, change):
        try:
            saved = auto.set_auto_dispatch(
                category=obj.category, actor=request.user, enabled=obj.enabled, threshold=obj.threshold
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        obj.pk = saved.pk


@admin.register(AutoDispatch)
class AutoDispatchAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("case", "category", "department", "probability", "model_version", "dispatched_at")
    list_filter = ("category",)
    search_fields = ("case__number",)
    list_select_related = ("case", "category", "department")
    readonly_fields = (
        "case",
        "category",
        "department",
        "probability",
        "threshold",
        "model_version",
        "evidence",
        "dispatched_at",
        "pulled_back_at",
        "pulled_back_by",
    )


@admin.register(TrainingExample)
class TrainingExampleAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("case", "kind", "rejected_category", "category", "created_at")
    list_filter = ("kind",)
    search_fields = ("case__number",)
    list_select_related = ("case", "rejected_category", "category")
    readonly_fields = ("case", "kind", "rejected_category", "category", "model_version", "created_at")
