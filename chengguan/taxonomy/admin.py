from django import forms
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengguan.grid.models import Area
from chengguan.org.models import Department

from . import services
from .models import KIND_PREFIX, Category, Responsibility, TimeLimit, Urgency

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _searchable(model) -> bool:
    """Whether the model's admin is registered with search fields, as autocomplete needs."""
    try:
        return bool(admin.site.get_model_admin(model).search_fields)
    except NotRegistered:
        return False


# Autocomplete where the related admin allows it (org and grid register theirs before this app), raw ids else.
_LOOKUPS = {"area": Area, "department": Department}
AUTOCOMPLETE = [name for name, model in _LOOKUPS.items() if _searchable(model)]
RAW_IDS = [name for name in _LOOKUPS if name not in AUTOCOMPLETE]


def download(content: bytes, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="categories-{timezone.localdate():%Y%m%d}.{fmt}"'
    return response


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = [
            "code",
            "kind",
            "parent",
            "name",
            "description",
            "keywords",
            "icon",
            "is_public",
            "is_active",
            "after_photo_required",
            "duplicate_radius_m",
            "duplicate_window_hours",
            "sort_order",
        ]

    def clean(self):
        data = super().clean()
        code, kind, parent = (data.get("code") or "").upper(), data.get("kind"), data.get("parent")
        if code and not services.CODE_RE.match(code):
            self.add_error("code", _("Use B or S and 2 digits for a major class, 2 more for a subclass."))
        elif code and kind and KIND_PREFIX[kind] != code[0]:
            message = _("This kind's codes start with %(prefix)s.") % {"prefix": KIND_PREFIX[kind]}
            self.add_error("code", message)
        elif code and len(code) == 5 and (parent is None or parent.code != code[:3]):
            message = _("A subclass belongs to the major class %(code)s.") % {"code": code[:3]}
            self.add_error("parent", message)
        elif code and len(code) == 3 and parent is not None:
            self.add_error("parent", _("A major class has no parent."))
        data["code"] = code
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("spreadsheet (.xlsx or .csv)"))
    dry_run = forms.BooleanField(label=_("only check the file, import nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Only .xlsx and .csv files can be imported."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class TimeLimitInline(admin.TabularInline):
    model = TimeLimit
    extra = 0
    max_num = len(Urgency.choices)


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0
    autocomplete_fields = AUTOCOMPLETE
    raw_id_fields = RAW_IDS


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryForm
    list_display = [
        "code",
        "name",
        "kind",
        "parent",
        "normal_limit",
        "default_department",
        "is_public",
        "is_active",
    ]
    list_display_links = ["code", "name"]
    list_filter = ["kind", "is_public", "is_active", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["^code", "name", "keywords", "description"]
    list_select_related = ["parent"]
    list_per_page = 200
    inlines = [TimeLimitInline, ResponsibilityInline]
    actions = ["export_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("time_limits", "responsibilities__department")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Category.objects.majors()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("normal time limit"))
    def normal_limit(self, obj: Category) -> str:
        limit = next((t for t in obj.time_limits.all() if t.urgency == Urgency.NORMAL), None)
        return f"{limit.amount.normalize():f} {limit.get_unit_display()}" if limit else "–"

    @admin.display(description=_("default department"))
    def default_department(self, obj: Category) -> str:
        entry = next((r for r in obj.responsibilities.all() if r.area_id is None), None)
        return str(entry.department) if entry else "–"

    @admin.action(description=_("Export selected as spreadsheet"))
    def export_selected(self, request, queryset):
        return download(services.export_table(fmt="xlsx", categories=queryset, actor=request.user), "xlsx")

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{prefix}_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name=f"{prefix}_export"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        return download(services.export_table(fmt=fmt, actor=request.user), fmt)

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            report = services.import_file(
                upload.read(), filename=upload.name, actor=request.user, dry_run=form.cleaned_data["dry_run"]
            )
            if report.ok and not report.dry_run:
                self.message_user(request, report.summary(), messages.SUCCESS)
                return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import categories"),
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/taxonomy/category/import.html", context)


@admin.register(TimeLimit)
class TimeLimitAdmin(admin.ModelAdmin):
    list_display = ["category", "urgency", "amount", "unit"]
    list_filter = ["urgency", "unit", "category__kind"]
    search_fields = ["category__code", "category__name"]
    autocomplete_fields = ["category"]
    list_select_related = ["category"]


@admin.register(Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin):
    list_display = ["category", "area", "department", "note"]
    list_filter = [
        ("department", admin.RelatedOnlyFieldListFilter),
        ("area", admin.EmptyFieldListFilter),
        "category__kind",
    ]
    search_fields = ["category__code", "category__name", "area__name", "area__code", "department__name"]
    autocomplete_fields = ["category", *AUTOCOMPLETE]
    raw_id_fields = RAW_IDS
    list_select_related = ["category", "area", "department"]
