"""Admin for the classifier's stored versions (with "put back in use", the rollback), the categories with
auto-dispatch (智能派单) and what dispatchers taught the classifier. Imported by `admin`."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chengguan.org.rules import is_administrator

from . import classify
from .classifier import store
from .models import AutoDispatch, AutoDispatchRule, ClassifierModel, TrainingExample
from .services import auto


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
    list_editable = ()
    list_filter = ("enabled",)
    autocomplete_fields = ()
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
