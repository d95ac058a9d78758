"""Admin for campaign reference data. Participant units may be corrected here (their links to a
department or an area, their contact); campaigns and what happens in them are read-only: every change
goes through `campaigns.services` (the console pages)."""

from django.contrib import admin

from chengguan.org.admin_kit import ReadOnlyAdminMixin
from chengguan.org.rules import is_administrator

from .models import Campaign, CampaignEvent, StandardItem, Unit, UnitMember


class AdministratorsOnly:
    def has_module_permission(self, request):
        return bool(is_administrator(request.user))

    def has_view_permission(self, request, obj=None):
        return bool(is_administrator(request.user))


class MemberInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = UnitMember
    extra = 0


@admin.register(Unit)
class UnitAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["name", "kind", "address", "department", "area", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["department", "area"]
    inlines = [MemberInline]

    def has_change_permission(self, request, obj=None):
        return bool(is_administrator(request.user))

    def has_add_permission(self, request):
        return False  # through the console's register, which checks the name

    def has_delete_permission(self, request, obj=None):
        return False


class StandardInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = StandardItem
    extra = 0


class EventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CampaignEvent
    extra = 0
    fields = ["at", "action", "actor_name", "application", "note"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "blueprint", "state", "starts_on", "ends_on", "owner_department"]
    list_filter = ["state", "blueprint"]
    search_fields = ["name", "code"]
    inlines = [StandardInline, EventInline]
