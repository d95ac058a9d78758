"""The organisation in the admin. Creating a department or staff member, changing roles and deactivating
go through `org.services` (permission check and audit entry with the signed-in administrator)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from chengguan.core.forms import messages_of
from chengguan.core.refusals import Refused

from . import services
from .models import Certificate, Department, Role, Staff


def _take_row(obj, saved) -> None:
    """Make the admin's unsaved instance stand for the row a service created."""
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "code", "kind", "phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]
    list_per_page = 100

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        department = services.create_department(
            actor=request.user,
            code=obj.code,
            name=obj.name,
            kind=obj.kind,
            parent=obj.parent,
            short_name=obj.short_name,
            phone=obj.phone,
            sort_order=obj.sort_order,
        )
        _take_row(obj, department)
        if not form.cleaned_data.get("is_active", True):
            services.deactivate_department(actor=request.user, department=department)

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj: Department):
        return format_html('<span style="padding-left:{}em">{}</span>', 1.5 * max(obj.depth, 0), obj.name)


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["name", "employee_no", "department", "title", "role_list", "is_active"]
    list_filter = ["roles", "is_active", "department__kind"]
    search_fields = ["name", "employee_no", "department__name", "user__username"]
    autocomplete_fields = ["department", "user"]
    filter_horizontal = ["roles"]
    inlines = [CertificateInline]
    list_select_related = ["department"]
    actions = ["deactivate"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    def save_model(self, request, obj, form, change):
        roles = [role.code for role in form.cleaned_data.get("roles") or []]
        if not change:
            staff = services.create_staff(
                actor=request.user,
                name=obj.name,
                employee_no=obj.employee_no,
                department=obj.department,
                title=obj.title,
                phone=obj.phone,
                user=obj.user,
                roles=roles,
            )
            _take_row(obj, staff)
            if not form.cleaned_data.get("is_active", True):
                services.deactivate_staff(actor=request.user, staff=staff)
            return
        deactivating = "is_active" in form.changed_data and not obj.is_active
        if deactivating:
            obj.is_active = True  # the other changes first; then the service deactivates, with its entry
        super().save_model(request, obj, form, change)
        if deactivating:
            services.deactivate_staff(actor=request.user, staff=obj)
            obj.is_active = False

    def save_related(self, request, form, formsets, change):
        roles = form.cleaned_data.pop("roles", None)  # set by the service below, not by the form
        super().save_related(request, form, formsets, change)
        if roles is not None and change:
            services.set_staff_roles(actor=request.user, staff=form.instance, roles=[r.code for r in roles])

    @admin.action(description=_("Deactivate the selected staff (and their log-ins)"))
    def deactivate(self, request, queryset):
        done = 0
        for staff in queryset:
            try:
                services.deactivate_staff(actor=request.user, staff=staff)
            except (Refused, ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{staff}: {messages_of(exc)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(n)s staff deactivated.") % {"n": done}, messages.SUCCESS)

    @admin.display(description=_("roles"))
    def role_list(self, obj: Staff) -> str:
        return "、".join(str(role) for role in obj.roles.all())


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "staff", "valid_from", "valid_until", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["number", "staff__name"]
    autocomplete_fields = ["staff"]
    date_hierarchy = "valid_until"


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "code", "description"]

    def has_add_permission(self, request):
        return False  # roles are defined by the code that checks them

    def has_delete_permission(self, request, obj=None):
        return False
