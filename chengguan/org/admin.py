from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Certificate, Department, Role, Staff


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "code", "kind", "phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]
    list_per_page = 100

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

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

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
